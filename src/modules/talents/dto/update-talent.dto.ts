import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RETIREMENT_CATEGORIES, RetirementCategory } from '../retirement-date';

/** PATCH /talents/{id}: what changes about a person after registration (SPEC §5). */
export class UpdateTalentDto {
  @ApiPropertyOptional({ description: 'the new employer organisation' })
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional({ description: 'mainland mobile number', example: '13812345678' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: RETIREMENT_CATEGORIES, description: "a woman's category follows her post; a new one recomputes statutoryRetirementDate" })
  @IsOptional()
  @IsIn(RETIREMENT_CATEGORIES)
  retirementCategory?: RetirementCategory;
}
