import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Role, ROLES } from '../../../core/context/request-context';

export class CreateUserDto {
  @ApiProperty({ example: '王芳' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'required for assessor (the organiser) and union (the union organisation)' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ example: 'wangfang@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;
}
