import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Validate } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';
import { IsPeriod } from '../../../core/http/validators';
import { LIST_KINDS, ListKind } from '../payment-run.views';
import { ROSTER_FORMATS, ROSTER_TYPES, RosterFormat, RosterType } from '../roster.exporter';

export class RunPeriodDto {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM' })
  @Validate(IsPeriod)
  period: string;
}

export class LinesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LIST_KINDS })
  @IsOptional()
  @IsIn(LIST_KINDS)
  kind?: ListKind;
}

export class RosterQuery {
  @ApiProperty({ enum: ROSTER_TYPES })
  @IsIn(ROSTER_TYPES)
  type: RosterType;

  @ApiPropertyOptional({ enum: ROSTER_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(ROSTER_FORMATS)
  format?: RosterFormat;
}
