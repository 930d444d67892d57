import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '../../../core/auth/passwords';
import { Role, ROLES } from '../../../core/context/request-context';
import { PageQuery } from '../../../core/http/pagination';

const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;
const USERNAME_MESSAGE = 'username must be 3 to 64 letters, digits, ".", "_", "@" or "-"';
const PASSWORD_MESSAGE = `password must be ${PASSWORD_MIN_LENGTH} to 200 characters`;

export class CreateUserDto {
  @ApiProperty({ example: '王芳' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'required for assessor (the organiser), union (the union organisation) and employer (the employer organisation)' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ example: 'wangfang@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: 'wangfang', description: 'for signing in to the console; unique, case-insensitive' })
  @IsOptional()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username?: string;

  @ApiPropertyOptional({ description: `console password (${PASSWORD_MIN_LENGTH}+ characters); needs username` })
  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: PASSWORD_MESSAGE })
  password?: string;
}

export class SetPasswordDto {
  @ApiPropertyOptional({ example: 'wangfang', description: 'required when the user has no username yet; changes it otherwise' })
  @IsOptional()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username?: string;

  @ApiProperty({ description: `${PASSWORD_MIN_LENGTH} to 200 characters` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: PASSWORD_MESSAGE })
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'true: the user can no longer sign in, and every session and API token ends at once; false: enabled again (new token or sign-in needed)' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ example: 'wangfang@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'same rules as on creation (an assessor an organiser, a union user a union)' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class ChangeOwnPasswordDto {
  @ApiProperty({ description: 'the password used to sign in now; a wrong one is counted like a failed sign-in' })
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ description: `${PASSWORD_MIN_LENGTH} to 200 characters` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: `newPassword must be ${PASSWORD_MIN_LENGTH} to 200 characters` })
  newPassword: string;
}

export class MintTokenDto {
  @ApiPropertyOptional({ description: 'your current password: required when a non-admin mints a token from a console session' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  password?: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
