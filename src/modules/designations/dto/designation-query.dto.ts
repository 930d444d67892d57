import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';

export const DESIGNATION_STATUSES = ['active', 'suspended', 'completed'] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

export class DesignationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DESIGNATION_STATUSES })
  @IsOptional()
  @IsIn(DESIGNATION_STATUSES)
  status?: DesignationStatus;

  @ApiPropertyOptional({ example: '2024' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'cohort must be a year such as 2024' })
  cohort?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional({ description: 'the start of the person’s name (姓名前缀)', example: '王' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ description: 'any part of the person’s name (姓名中的任意字)', example: '秀英' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;

  @ApiPropertyOptional({ description: 'one person’s designations (found by ID number with POST /talents/lookup, which keeps the number out of URLs)' })
  @IsOptional()
  @IsUUID()
  talentId?: string;
}
