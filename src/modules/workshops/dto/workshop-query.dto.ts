import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';
import { WORKSHOP_KINDS, type WorkshopKind } from './create-workshop.dto';

export const WORKSHOP_STATUSES = ['active', 'attention_required', 'exited', 'revoked'] as const;

export class WorkshopQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WORKSHOP_KINDS })
  @IsOptional()
  @IsIn(WORKSHOP_KINDS)
  kind?: WorkshopKind;

  @ApiPropertyOptional({ enum: WORKSHOP_STATUSES })
  @IsOptional()
  @IsIn(WORKSHOP_STATUSES)
  status?: (typeof WORKSHOP_STATUSES)[number];
}
