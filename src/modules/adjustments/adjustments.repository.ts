import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AdjustmentReason, AdjustmentSource, AdjustmentStatus } from './adjustment-reasons';

export interface AdjustmentRow {
  id: string;
  designation_id: string;
  talent_id: string;
  talent_name: string;
  employer_name: string;
  reason: AdjustmentReason;
  effective_on: string;
  note: string | null;
  evidence: string | null;
  source: AdjustmentSource;
  status: AdjustmentStatus;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  created_at: Date;
}

export interface NewAdjustment {
  designationId: string;
  reason: AdjustmentReason;
  effectiveOn: string;
  note: string | null;
  evidence: string | null;
  source: AdjustmentSource;
}

const SELECT = `
  SELECT a.id, a.designation_id, d.talent_id, t.name AS talent_name, e.name AS employer_name, a.reason, a.effective_on::text, a.note, a.evidence,
         a.source, a.status, a.decided_by, a.decided_at, a.decision_comment, a.created_at
    FROM adjustments a JOIN designations d ON d.id = a.designation_id JOIN talents t ON t.id = d.talent_id JOIN organizations e ON e.id = t.employer_id`;

@Injectable()
export class AdjustmentsRepository {
  /** Undefined when one of the same reason is already pending for the designation (the partial unique index). */
  async insertUnlessPending(manager: EntityManager, a: NewAdjustment): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO adjustments (designation_id, reason, effective_on, note, evidence, source) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (designation_id, reason) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [a.designationId, a.reason, a.effectiveOn, a.note, a.evidence, a.source],
    );
    return rows[0]?.id;
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<AdjustmentRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return row;
  }

  async decide(manager: EntityManager, id: string, d: { status: AdjustmentStatus; by: string | null; at: Date; comment: string | null }): Promise<void> {
    await manager.query(`UPDATE adjustments SET status = $2, decided_by = $3, decided_at = $4, decision_comment = $5 WHERE id = $1`, [id, d.status, d.by, d.at, d.comment]);
  }

  /** A pending proposal re-dated by the job that made it; undefined when it is no longer pending. */
  async redate(manager: EntityManager, id: string, effectiveOn: string, note: string): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await manager.query(
      `UPDATE adjustments SET effective_on = $2, note = $3 WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, effectiveOn, note],
    );
    return rows[0]?.id;
  }

  /** Adjustments per status: the console's tab counts, one grouped scan. */
  async countByStatus(manager: EntityManager): Promise<Array<{ status: string; n: number }>> {
    return manager.query(`SELECT status, count(*)::int AS n FROM adjustments GROUP BY status`);
  }

  async list(manager: EntityManager, f: { status?: string; designationId?: string; after?: [string, string]; limit: number }): Promise<AdjustmentRow[]> {
    return manager.query(
      `${SELECT}
        WHERE ($1::text IS NULL OR a.status = $1)
          AND ($2::uuid IS NULL OR a.designation_id = $2)
          AND ($3::timestamptz IS NULL OR (a.created_at, a.id) > ($3::timestamptz, $4::uuid))
        ORDER BY a.created_at, a.id LIMIT $5`,
      [f.status ?? null, f.designationId ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  /**
   * Suspends an active designation from the earliest approved effective date
   * (SPEC §3.1). A completed one stays completed: the payment run claws back from the dates alone.
   */
  async suspendDesignation(manager: EntityManager, designationId: string, effectiveOn: string): Promise<boolean> {
    const [, count] = await manager.query(
      `UPDATE designations SET status = 'suspended', suspended_from = LEAST(COALESCE(suspended_from, $2::date), $2::date)
        WHERE id = $1 AND status IN ('active', 'suspended')`,
      [designationId, effectiveOn],
    );
    return count > 0;
  }

  /**
   * The active designations an approved adjustment suspends by asOf, switched
   * in one statement (the lifecycle job, SPEC §3.1). Returns the adjustment
   * that took effect first, for the timeline.
   */
  async suspendDue(manager: EntityManager, asOf: string): Promise<Array<{ designation_id: string; suspended_from: string; adjustment_id: string; reason: AdjustmentReason }>> {
    return manager.query(
      `WITH first AS (
         SELECT DISTINCT ON (a.designation_id) a.designation_id, a.id, a.effective_on, a.reason
           FROM adjustments a JOIN designations d ON d.id = a.designation_id
          WHERE a.status = 'approved' AND d.status = 'active' AND a.effective_on <= $1::date
          ORDER BY a.designation_id, a.effective_on, a.decided_at, a.id
       )
       UPDATE designations d SET status = 'suspended', suspended_from = first.effective_on
         FROM first WHERE d.id = first.designation_id AND d.status = 'active'
       RETURNING d.id AS designation_id, d.suspended_from::text, first.id AS adjustment_id, first.reason`,
      [asOf],
    ).then(([rows]: [Array<{ designation_id: string; suspended_from: string; adjustment_id: string; reason: AdjustmentReason }>]) => rows);
  }

  /**
   * What an approval from effectiveOn would take back: the net paid (service and
   * opening lines) for each month whose first day is on or after effectiveOn, as
   * the next run's clawbacks would (SPEC §3.2 in force on the 1st), and likewise
   * the grant instalments of the workshops the designation leads (§3.3).
   */
  async paidFrom(manager: EntityManager, designationId: string, effectiveOn: string): Promise<{ months: Array<{ forPeriod: string; paidFen: number }>; grants: Array<{ workshop: string; instalment: number; paidFen: number }> }> {
    const months: Array<{ for_period: string; paid: string }> = await manager.query(
      `SELECT for_period, sum(amount_fen)::text AS paid FROM designation_ledger_lines($1)
        WHERE (for_period || '-01')::date >= $2::date
        GROUP BY for_period HAVING sum(amount_fen) <> 0 ORDER BY for_period`,
      [designationId, effectiveOn],
    );
    const grants: Array<{ name: string; instalment: number; paid: string }> = await manager.query(
      `SELECT w.name, l.month_index AS instalment, sum(l.amount_fen)::text AS paid
         FROM workshops w JOIN payment_lines l ON l.workshop_id = w.id
        WHERE w.designation_id = $1 AND (l.for_period || '-01')::date >= $2::date
        GROUP BY w.name, w.id, l.month_index HAVING sum(l.amount_fen) <> 0 ORDER BY w.name, l.month_index`,
      [designationId, effectiveOn],
    );
    return {
      months: months.map((m) => ({ forPeriod: m.for_period, paidFen: Number(m.paid) })),
      grants: grants.map((g) => ({ workshop: g.name, instalment: g.instalment, paidFen: Number(g.paid) })),
    };
  }
}
