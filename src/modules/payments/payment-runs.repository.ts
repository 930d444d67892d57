import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LineView, ListKind, RunSummary } from './payment-run.views';
import { ID_LAST4, idLast4Is, nameContains } from '../../core/database/name-search';

export interface PeriodRow {
  period: string;
  status: 'open' | 'closed';
  runs: number;
  last_run_at: Date | null;
  closed_at: Date | null;
}

/** Periods, summaries and listings: everything about runs except the reconciliation itself. */
@Injectable()
export class PaymentRunsRepository {
  async latestPeriod(manager: EntityManager): Promise<string | null> {
    const [row] = await manager.query(`SELECT max(period) AS latest FROM payment_periods`);
    return row.latest;
  }

  async latestRunUpTo(manager: EntityManager, period: string): Promise<string | null> {
    const [row] = await manager.query(`SELECT max(period) AS latest FROM payment_periods WHERE runs > 0 AND period <= $1`, [period]);
    return row.latest;
  }

  async findPeriod(manager: EntityManager, period: string, lock = false): Promise<PeriodRow | undefined> {
    const [row] = await manager.query(`SELECT period, status, runs, last_run_at, closed_at FROM payment_periods WHERE period = $1 ${lock ? 'FOR UPDATE' : ''}`, [period]);
    return row;
  }

  async openPeriod(manager: EntityManager, period: string): Promise<void> {
    await manager.query(`INSERT INTO payment_periods (period) VALUES ($1) ON CONFLICT (period) DO NOTHING`, [period]);
  }

  async markRun(manager: EntityManager, period: string, at: Date): Promise<number> {
    const [[row]] = await manager.query(`UPDATE payment_periods SET runs = runs + 1, last_run_at = $2 WHERE period = $1 RETURNING runs`, [period, at]);
    return row.runs;
  }

  async close(manager: EntityManager, period: string, by: string, at: Date): Promise<void> {
    await manager.query(`UPDATE payment_periods SET status = 'closed', closed_at = $2, closed_by = $3 WHERE period = $1`, [period, at, by]);
  }

  async summary(manager: EntityManager, period: string): Promise<RunSummary | undefined> {
    const p = await this.findPeriod(manager, period);
    if (!p) return undefined;
    const [t] = await manager.query(
      `SELECT COALESCE(sum(amount_fen) FILTER (WHERE kind IN ('regular','arrears')), 0)::text AS allowance,
              COALESCE(sum(amount_fen) FILTER (WHERE kind = 'grant'), 0)::text AS grant,
              COALESCE(sum(amount_fen) FILTER (WHERE kind = 'clawback'), 0)::text AS clawback,
              count(*) FILTER (WHERE kind = 'regular')::int AS regular,
              count(*) FILTER (WHERE kind = 'arrears')::int AS arrears,
              count(*) FILTER (WHERE kind = 'clawback')::int AS clawbacks,
              count(*) FILTER (WHERE kind = 'grant')::int AS grants
         FROM payment_lines WHERE run_period = $1`,
      [period],
    );
    const [r] = await manager.query(
      `SELECT count(*) FILTER (WHERE kind = 'held')::int AS held, count(*) FILTER (WHERE kind = 'superseded')::int AS superseded
         FROM payment_run_reports WHERE run_period = $1`,
      [period],
    );
    const [allowanceFen, grantFen, clawbackFen] = [Number(t.allowance), Number(t.grant), Number(t.clawback)];
    return {
      period: p.period,
      status: p.status,
      runs: p.runs,
      runNumber: p.runs,
      // Filled by PaymentStaleness, which evaluates what a re-run would change.
      stale: false,
      staleDesignations: 0,
      lastRunAt: p.last_run_at?.toISOString() ?? null,
      closedAt: p.closed_at?.toISOString() ?? null,
      totals: { allowanceFen, grantFen, clawbackFen, netFen: allowanceFen + grantFen + clawbackFen },
      counts: { regular: t.regular, arrears: t.arrears, clawback: t.clawbacks, held: r.held, superseded: r.superseded, grant: t.grants },
    };
  }

  /** Ledger lines first (source 0), then the report's held/superseded months (source 1). */
  /**
   * `writtenNow` (a preview's run, rolled back after): only the ledger lines this very transaction
   * wrote, but every held/superseded month the period reports after it. A re-run rewrites only the
   * reports of designations changed since, and keeps the others: they are still what the run reports
   * (and what its summary counts), so the preview lists them too.
   */
  /**
   * The payees a finance search names: designations of the people with any
   * part of the name or the ID number's last 4 characters, and (by name) the
   * workshops of employers so named, whose grants they are paid.
   */
  async payeesMatching(manager: EntityManager, q: string): Promise<{ designationIds: string[]; workshopIds: string[] }> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const last4 = ID_LAST4.test(q);
    const match = last4 ? idLast4Is('t.id_number_masked', q, param) : nameContains('t.name', q, param);
    const people: Array<{ id: string }> = await manager.query(`SELECT d.id FROM talents t JOIN designations d ON d.talent_id = t.id WHERE ${match}`, params);
    // Employers are a few hundred: their names need no index.
    const employers: Array<{ id: string }> = last4
      ? []
      : await manager.query(`SELECT w.id FROM organizations e JOIN workshops w ON w.employer_id = e.id WHERE strpos(lower(e.name), $1) > 0`, [q.toLowerCase()]);
    return { designationIds: people.map((r) => r.id), workshopIds: employers.map((r) => r.id) };
  }

  async lines(
    manager: EntityManager,
    period: string,
    f: { kind?: ListKind; payees?: { designationIds: string[]; workshopIds: string[] }; after?: [number, string]; limit: number; writtenNow?: boolean },
  ): Promise<Array<LineView & { source: number }>> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT * FROM (
         SELECT 0 AS source, l.id::text AS id, l.designation_id, l.workshop_id, COALESCE(t.name, e.name) AS payee, l.for_period, l.kind,
                l.amount_fen::text AS amount_fen, l.month_index, l.note
           FROM payment_lines l LEFT JOIN talents t ON t.id = l.payee_talent_id LEFT JOIN organizations e ON e.id = l.payee_employer_id
          WHERE l.run_period = $1 AND ($2::text IS NULL OR l.kind = $2) AND (NOT $6 OR l.xmin = pg_current_xact_id()::xid)
            AND ($7::uuid[] IS NULL OR l.designation_id = ANY($7::uuid[]) OR l.workshop_id = ANY($8::uuid[]))
         UNION ALL
         SELECT 1, r.id::text, r.designation_id, r.workshop_id, COALESCE(t.name, e.name), r.for_period, r.kind, '0', r.month_index, r.note
           FROM payment_run_reports r
           LEFT JOIN designations d ON d.id = r.designation_id LEFT JOIN talents t ON t.id = d.talent_id
           LEFT JOIN workshops w ON w.id = r.workshop_id LEFT JOIN organizations e ON e.id = w.employer_id
          WHERE r.run_period = $1 AND ($2::text IS NULL OR r.kind = $2) AND ($7::uuid[] IS NULL OR r.designation_id = ANY($7::uuid[]) OR r.workshop_id = ANY($8::uuid[]))
       ) x
       WHERE $3::int IS NULL OR (x.source, x.id::bigint) > ($3::int, $4::bigint)
       ORDER BY x.source, x.id::bigint LIMIT $5`,
      [period, f.kind ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit, f.writtenNow === true, f.payees?.designationIds ?? null, f.payees?.workshopIds ?? null],
    );
    return rows.map((r) => ({
      source: r.source as number,
      id: r.id as string,
      designationId: (r.designation_id as string | null) ?? null,
      workshopId: (r.workshop_id as string | null) ?? null,
      payee: r.payee as string,
      forPeriod: r.for_period as string,
      kind: r.kind as ListKind,
      amountFen: Number(r.amount_fen),
      monthIndex: r.month_index as number,
      note: r.note as string,
    }));
  }
}
