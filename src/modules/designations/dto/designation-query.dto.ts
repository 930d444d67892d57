import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
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
}
