import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Validate } from 'class-validator';
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

  @ApiPropertyOptional({ description: 'the payee: any part of a person’s or employer’s name, or the last 4 characters of a person’s ID number', example: '0015' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
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
