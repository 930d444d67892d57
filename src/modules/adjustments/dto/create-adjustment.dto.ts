import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';
import { ADJUSTMENT_REASONS, AdjustmentReason } from '../adjustment-reasons';

export class CreateAdjustmentDto {
  @ApiProperty({ enum: ADJUSTMENT_REASONS })
  @IsIn(ADJUSTMENT_REASONS)
  reason: AdjustmentReason;

  @ApiProperty({ example: '2025-03-01', description: 'from this day the designation is suspended once approved' })
  @Validate(IsBusinessDate)
  effectiveOn: string;

  @ApiPropertyOptional({ example: '本人申请' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;

  @ApiPropertyOptional({ example: '单位来函（2025年2月20日）' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  evidence?: string;
}
