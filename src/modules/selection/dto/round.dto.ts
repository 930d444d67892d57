import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';

export class CreateRoundDto {
  @ApiProperty({ example: '2027', description: 'the cohort (届) the round names' })
  @Matches(/^\d{4}$/, { message: 'cohort must be a year written YYYY' })
  cohort: string;

  @ApiPropertyOptional({ example: 25, description: 'how many may be named; default ROUND_QUOTA_DEFAULT (25)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  quota?: number;

  @ApiProperty({ example: '2027-03-01', description: 'first day applications may be filed' })
  @Validate(IsBusinessDate)
  applicationsOpen: string;

  @ApiProperty({ example: '2027-03-31', description: 'last day applications may be filed or edited' })
  @Validate(IsBusinessDate)
  applicationsClose: string;
}
