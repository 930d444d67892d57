import { ApiProperty } from '@nestjs/swagger';

/** The dashboard's JSON (SPEC §3.9); the console's types are generated from these classes. */

export class CountRow {
  @ApiProperty({ type: String, nullable: true }) key: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty() count: number;
}

export class DesignationCounts {
  @ApiProperty({ type: [CountRow] }) activeByCohort: CountRow[];
  @ApiProperty({ type: [CountRow] }) activeByStreet: CountRow[];
  @ApiProperty({ type: [CountRow] }) activeByIndustryAuthority: CountRow[];
  @ApiProperty({ type: [CountRow] }) byStatus: CountRow[];
}

/** Fen paid in a month (or a window), by kind of line. */
export class MoneyTotals {
  @ApiProperty() regularFen: number;
  @ApiProperty() arrearsFen: number;
  @ApiProperty() clawbackFen: number;
  @ApiProperty() grantFen: number;
  @ApiProperty() netFen: number;
}

export class MonthMoney extends MoneyTotals {
  @ApiProperty({ example: '2026-03' }) period: string;
}

export class PaymentFigures {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [MonthMoney], description: 'oldest first, every month of the window, zeros where no run paid anything' }) months: MonthMoney[];
  @ApiProperty({ type: MoneyTotals }) totals: MoneyTotals;
}

export class AssessmentTotals {
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty() done: number;
}

export class AssessmentCountRow extends AssessmentTotals {
  @ApiProperty({ enum: ['mid_term', 'end_term'] }) kind: 'mid_term' | 'end_term';
}

export class AssessmentFigures {
  @ApiProperty() dueWithinDays: number;
  @ApiProperty({ type: [AssessmentCountRow] }) byKind: AssessmentCountRow[];
  @ApiProperty({ type: AssessmentTotals }) totals: AssessmentTotals;
}

export class AdjustmentFigures {
  @ApiProperty() pending: number;
  @ApiProperty({ type: [CountRow] }) pendingByReason: CountRow[];
}

export class WorkshopCountRow {
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty() count: number;
}

export class WorkshopFigures {
  @ApiProperty({ type: [WorkshopCountRow] }) byStatus: WorkshopCountRow[];
}

export class Dashboard {
  @ApiProperty() asOf: string;
  @ApiProperty({ type: DesignationCounts }) designations: DesignationCounts;
  @ApiProperty({ type: PaymentFigures }) payments: PaymentFigures;
  @ApiProperty({ type: AssessmentFigures }) assessments: AssessmentFigures;
  @ApiProperty({ type: AdjustmentFigures }) adjustments: AdjustmentFigures;
  @ApiProperty({ type: WorkshopFigures }) workshops: WorkshopFigures;
}
