import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiProperty } from '@nestjs/swagger';

export class DesignationPaymentView {
  @ApiProperty({ type: String, nullable: true, description: 'null for an opening line (SPEC §3.7): paid outside the service, in no period' }) runPeriod: string | null;
  @ApiProperty() forPeriod: string;
  @ApiProperty({ enum: ['regular', 'arrears', 'clawback', 'grant', 'opening'] }) kind: 'regular' | 'arrears' | 'clawback' | 'opening';
  @ApiProperty() amountFen: number;
  @ApiProperty() monthIndex: number;
  @ApiProperty() note: string;
}

/** One line of a person's whole ledger: a designation's line, with which designation (cohort) it belongs to. */
export class TalentPaymentView extends DesignationPaymentView {
  @ApiProperty() designationId: string;
  @ApiProperty() cohort: string;
}

/** Reads across periods: which periods exist, one designation's ledger, one person's. */
@Injectable()
export class PaymentHistoryRepository {
  async periods(manager: EntityManager, f: { before?: string; limit: number }): Promise<string[]> {
    const rows: Array<{ period: string }> = await manager.query(
      `SELECT period FROM payment_periods WHERE runs > 0 AND ($1::text IS NULL OR period < $1) ORDER BY period DESC LIMIT $2`,
      [f.before ?? null, f.limit],
    );
    return rows.map((r) => r.period);
  }

  /** At most 36 months × a few corrections per designation, so the whole ledger is one answer. */
  async designationLines(manager: EntityManager, designationId: string): Promise<DesignationPaymentView[]> {
    const rows: Array<Omit<DesignationPaymentView, 'amountFen'> & { amountFen: string }> = await manager.query(
      // Opening lines record what was paid before the service: they come first.
      `SELECT NULLIF(run_period, 'opening') AS "runPeriod", for_period AS "forPeriod", kind, amount_fen::text AS "amountFen", month_index AS "monthIndex", note
         FROM designation_ledger_lines($1)
        ORDER BY kind <> 'opening', run_period, for_period, seq`,
      [designationId],
    );
    return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
  }

  /**
   * Every allowance line of a person over all periods and designations. A
   * person has a few designations of at most 36 months and a few corrections
   * each, so the whole ledger is one answer, read through designations_talent_idx
   * and the person-month index (designation_ledger_lines, migration 1764003000000).
   */
  async talentLines(manager: EntityManager, talentId: string): Promise<TalentPaymentView[]> {
    const rows: Array<Omit<TalentPaymentView, 'amountFen'> & { amountFen: string }> = await manager.query(
      `SELECT l.designation_id AS "designationId", d.cohort, NULLIF(l.run_period, 'opening') AS "runPeriod", l.for_period AS "forPeriod", l.kind,
              l.amount_fen::text AS "amountFen", l.month_index AS "monthIndex", l.note
         FROM designations d CROSS JOIN LATERAL designation_ledger_lines(d.id) l
        WHERE d.talent_id = $1
        ORDER BY l.kind <> 'opening', l.run_period, l.for_period, d.designated_on, l.seq`,
      [talentId],
    );
    return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
  }

  /** Three instalments and their corrections: one answer. */
  async workshopLines(manager: EntityManager, workshopId: string): Promise<DesignationPaymentView[]> {
    const rows: Array<Omit<DesignationPaymentView, 'amountFen'> & { amountFen: string }> = await manager.query(
      `SELECT NULLIF(run_period, 'opening') AS "runPeriod", for_period AS "forPeriod", kind, amount_fen::text AS "amountFen", month_index AS "monthIndex", note
         FROM payment_lines WHERE workshop_id = $1
        ORDER BY kind <> 'opening', run_period, for_period, seq`,
      [workshopId],
    );
    return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
  }
}
