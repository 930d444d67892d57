import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';
import { ADJUSTMENT_STATUSES, AdjustmentStatus } from '../adjustment-reasons';

export class AdjustmentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ADJUSTMENT_STATUSES })
  @IsOptional()
  @IsIn(ADJUSTMENT_STATUSES)
  status?: AdjustmentStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  designationId?: string;
}
