import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested, Validate } from 'class-validator';
import { IsPeriod } from '../../../core/http/validators';
import { DASHBOARD_CHARTS, DashboardChart } from '../dashboard.service';

export const DASHBOARD_FORMATS = ['json', 'xlsx'] as const;
export const ASSESSMENT_REPORT_FORMATS = ['json', 'xlsx', 'html'] as const;
export const UNION_FORMS = ['004-2', '001-3'] as const;
export type UnionForm = (typeof UNION_FORMS)[number];

export class DashboardQuery {
  @ApiPropertyOptional({ enum: DASHBOARD_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(DASHBOARD_FORMATS)
  format?: (typeof DASHBOARD_FORMATS)[number];

  @ApiPropertyOptional({ enum: DASHBOARD_CHARTS, description: 'xlsx of one chart’s numbers; default every chart, a sheet each' })
  @IsOptional()
  @IsIn(DASHBOARD_CHARTS)
  chart?: DashboardChart;
}

export class AssessmentReportQuery {
  @ApiPropertyOptional({ enum: ASSESSMENT_REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(ASSESSMENT_REPORT_FORMATS)
  format?: (typeof ASSESSMENT_REPORT_FORMATS)[number];
}

export class UnionFormQuery {
  @ApiPropertyOptional({ enum: UNION_FORMS, default: '004-2', description: '004-2: 工匠创新工作室创建情况统计表; 001-3: “上海工匠”培养选树工作情况统计表' })
  @IsOptional()
  @IsIn(UNION_FORMS)
  form?: UnionForm;
}

export class PaymentHistoryQuery {
  @ApiPropertyOptional({ example: '2024-01', description: 'YYYY-MM: lines of runs from this period on (opening lines: for months from it on); default all' })
  @IsOptional()
  @Validate(IsPeriod)
  since?: string;

  @ApiPropertyOptional({ enum: DASHBOARD_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(DASHBOARD_FORMATS)
  format?: (typeof DASHBOARD_FORMATS)[number];
}

export class PatentCountsDto {
  @ApiProperty({ example: 1, description: '发明专利' })
  @IsInt()
  @Min(0)
  @Max(100000)
  invention: number;

  @ApiProperty({ example: 2, description: '实用新型' })
  @IsInt()
  @Min(0)
  @Max(100000)
  utilityModel: number;

  @ApiProperty({ example: 0, description: '外观设计' })
  @IsInt()
  @Min(0)
  @Max(100000)
  design: number;
}

export class RecordAnnualResultsDto {
  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2199)
  year: number;

  @ApiProperty({ example: 4, description: '创新成果数量' })
  @IsInt()
  @Min(0)
  @Max(100000)
  results: number;

  @ApiProperty({ type: PatentCountsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PatentCountsDto)
  patents: PatentCountsDto;

  @ApiProperty({ example: 3, description: '联盟（交流）活动次数' })
  @IsInt()
  @Min(0)
  @Max(100000)
  activities: number;
}
