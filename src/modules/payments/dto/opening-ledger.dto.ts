import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Validate } from 'class-validator';
import { IsPeriod } from '../../../core/http/validators';
import { OPENING_KINDS, OpeningKind } from '../opening-ledger.service';

export class OpeningLedgerQuery {
  @ApiProperty({ enum: OPENING_KINDS })
  @IsIn(OPENING_KINDS)
  kind: OpeningKind;
}

export const REPORT_FORMATS = ['json', 'xlsx'] as const;

export class ReconciliationQuery {
  @ApiPropertyOptional({ example: '2026-11', description: 'YYYY-MM; default the current month' })
  @IsOptional()
  @Validate(IsPeriod)
  asOf?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}
