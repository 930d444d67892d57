import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, Validate } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';
import { HasAtMostTwoDecimals, IsBusinessDate } from '../../../core/http/validators';
import { GRADES, Grade } from '../../annual-reviews/grades';

export const ASSESSMENT_KINDS = ['mid_term', 'end_term'] as const;
export const TASK_STATUSES = ['open', 'overdue', 'done', 'cancelled'] as const;

export class AssessmentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSESSMENT_KINDS }) @IsOptional() @IsIn(ASSESSMENT_KINDS) kind?: (typeof ASSESSMENT_KINDS)[number];
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES) status?: (typeof TASK_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() designationId?: string;
}

export class RecordResultDto {
  @ApiProperty({ enum: GRADES })
  @IsIn(GRADES)
  grade: Grade;

  @ApiProperty({ example: '2025-12-20' })
  @Validate(IsBusinessDate)
  assessedOn: string;

  @ApiPropertyOptional({ example: 86.5, minimum: 0, maximum: 100 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Validate(HasAtMostTwoDecimals)
  @Min(0)
  @Max(100)
  score?: number;

  @ApiPropertyOptional({ example: '技术攻关成效显著' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  comments?: string;
}

/** SPEC §3.4: the district office's correction of a recorded result. */
export class CorrectResultDto extends RecordResultDto {
  @ApiProperty({ example: '评分录入错误，经核对原始评分表更正' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}
