import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';

export class CreateDesignationDto {
  @ApiProperty()
  @IsUUID()
  talentId: string;

  @ApiProperty({ example: '2024', description: '届别: the year of the cohort' })
  @Matches(/^(19|20|21)\d{2}$/, { message: 'cohort must be a year such as 2024' })
  cohort: string;

  @ApiProperty({ example: '2024-06-15', description: '命名认定日期' })
  @Validate(IsBusinessDate)
  designatedOn: string;

  @ApiPropertyOptional({ example: '2024-07-01', description: 'default: the first of the month after designatedOn' })
  @IsOptional()
  @Validate(IsBusinessDate)
  termStart?: string;

  @ApiPropertyOptional({ example: 100000, description: 'fen; default the ALLOWANCE_MONTHLY_FEN setting (100000)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  monthlyAllowanceFen?: number;
}
