import { ApiProperty } from '@nestjs/swagger';

export const LINE_KINDS = ['regular', 'arrears', 'clawback', 'grant'] as const;
export const REPORT_KINDS = ['held', 'superseded'] as const;
export const LIST_KINDS = [...LINE_KINDS, ...REPORT_KINDS] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Fen. allowanceFen: regular + arrears; grantFen: grant instalments; clawbackFen: the (negative) sum of clawbacks. */
export class RunTotals {
  @ApiProperty() allowanceFen: number;
  @ApiProperty() grantFen: number;
  @ApiProperty() clawbackFen: number;
  @ApiProperty() netFen: number;
}

export class RunCounts {
  @ApiProperty() regular: number;
  @ApiProperty() arrears: number;
  @ApiProperty() clawback: number;
  @ApiProperty() held: number;
  @ApiProperty() superseded: number;
  @ApiProperty() grant: number;
}

export class RunSummary {
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty() runs: number;
  @ApiProperty({ description: "SPEC §3.2: the number of the period's latest run (1 for the first); rosters carry it" }) runNumber: number;
  @ApiProperty({ description: 'SPEC §3.2: a re-run would now change the lines of staleDesignations designations; closing is 409 until it is run again' }) stale: boolean;
  @ApiProperty() staleDesignations: number;
  @ApiProperty({ type: String, nullable: true }) lastRunAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: RunTotals }) totals: RunTotals;
  @ApiProperty({ type: RunCounts }) counts: RunCounts;
}

export class LineView {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) designationId: string | null;
  @ApiProperty({ type: String, nullable: true }) workshopId: string | null;
  @ApiProperty() payee: string;
  @ApiProperty() forPeriod: string;
  @ApiProperty({ enum: LIST_KINDS }) kind: ListKind;
  @ApiProperty() amountFen: number;
  @ApiProperty() monthIndex: number;
  @ApiProperty() note: string;
}

/** 试算 (SPEC §3.7): the summary and every line a run would write now, not paged. */
export class RunPreview {
  @ApiProperty({ type: RunSummary }) summary: RunSummary;
  @ApiProperty({ type: [LineView] }) lines: LineView[];
}
