import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AssessmentCountRow, CountRow, DesignationCounts, WorkshopCountRow } from './dashboard.views';

export interface MoneyRow {
  period: string;
  kind: 'regular' | 'arrears' | 'clawback' | 'grant';
  amountFen: number;
}

/**
 * The dashboard's figures (SPEC §3.9), each one aggregate statement over its
 * table: on 100,000 designations each is a single scan, never a row per
 * designation in Node.
 */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Designations by employer, cohort and status, summed from the deltas the
   * triggers of migration 1764001600000 keep (a few rows per employer, not a
   * row per designation); then the active ones grouped by cohort, street and
   * industry authority and all of them by status, in one GROUPING SETS pass.
   * Street and authority are the employer's now; names are joined after grouping.
   */
  async designations(): Promise<DesignationCounts> {
    const rows: Array<{ set: number; key: string | null; name: string | null; active: string; total: string }> = await this.db.query(
      `WITH per AS (
         SELECT employer_id, cohort, status, sum(n) AS n FROM report_designation_deltas GROUP BY 1, 2, 3 HAVING sum(n) <> 0),
       g AS (
         SELECT GROUPING(p.cohort, e.street_id, e.industry_authority_id, p.status) AS set,
                COALESCE(p.cohort, e.street_id::text, e.industry_authority_id::text, p.status) AS key,
                COALESCE(sum(p.n) FILTER (WHERE p.status = 'active'), 0) AS active, sum(p.n) AS total
           FROM per p JOIN organizations e ON e.id = p.employer_id
          GROUP BY GROUPING SETS ((p.cohort), (e.street_id), (e.industry_authority_id), (p.status)))
       SELECT g.set, g.key, o.name, g.active::text, g.total::text
         FROM g LEFT JOIN organizations o ON g.set IN (11, 13) AND o.id::text = g.key
        ORDER BY g.set, g.key NULLS LAST`,
    );
    // GROUPING(a,b,c,d) is a bit mask, 1 where a column is NOT grouped: cohort 0111=7, street 1011=11, authority 1101=13, status 1110=14.
    const pick = (set: number, column: 'active' | 'total') =>
      rows.filter((r) => r.set === set && Number(r[column]) > 0).map((r) => ({ key: r.key, name: r.name, count: Number(r[column]) }));
    return { activeByCohort: pick(7, 'active'), activeByStreet: pick(11, 'active'), activeByIndustryAuthority: pick(13, 'active'), byStatus: pick(14, 'total') };
  }

  /** Whether there are more than `limit` delta rows (counting stops there). */
  async designationDeltasExceed(limit: number): Promise<boolean> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM report_designation_deltas LIMIT $1) x`, [limit + 1]);
    return row.n > limit;
  }

  /**
   * Folds the deltas into one row per employer, cohort and status. Safe beside
   * writers and another fold: it replaces exactly the rows it deleted, and rows
   * inserted meanwhile are not among them.
   */
  async compactDesignationCounts(): Promise<void> {
    await this.db.query(
      `WITH gone AS (DELETE FROM report_designation_deltas RETURNING employer_id, cohort, status, n)
       INSERT INTO report_designation_deltas (employer_id, cohort, status, n)
       SELECT employer_id, cohort, status, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
    );
  }

  /**
   * Money by the period whose run wrote it, from the per-statement sums the
   * ledger's trigger keeps (migration 1764001600000): a few rows per run.
   * Opening lines were paid outside the service and belong to no period.
   */
  async money(from: string, to: string): Promise<MoneyRow[]> {
    const rows: Array<{ period: string; kind: MoneyRow['kind']; amount: string }> = await this.db.query(
      `SELECT period, kind, sum(amount_fen)::text AS amount FROM report_period_deltas
        WHERE period BETWEEN $1 AND $2 AND kind <> 'opening' GROUP BY period, kind`,
      [from, to],
    );
    return rows.map((r) => ({ period: r.period, kind: r.kind, amountFen: Number(r.amount) }));
  }

  /** Due soon: open with the due date in [today, today + days]; overdue: marked so, or open past the due date (the job has not run yet today). */
  async assessments(today: string, days: number): Promise<AssessmentCountRow[]> {
    const rows: Array<{ kind: AssessmentCountRow['kind']; due_soon: number; overdue: number; done: number }> = await this.db.query(
      `SELECT kind,
              count(*) FILTER (WHERE status = 'open' AND due_on BETWEEN $1::date AND $1::date + $2::int)::int AS due_soon,
              count(*) FILTER (WHERE status = 'overdue' OR (status = 'open' AND due_on < $1::date))::int AS overdue,
              count(*) FILTER (WHERE status = 'done')::int AS done
         FROM assessment_tasks GROUP BY kind ORDER BY kind DESC`,
      [today, days],
    );
    return rows.map((r) => ({ kind: r.kind, dueSoon: r.due_soon, overdue: r.overdue, done: r.done }));
  }

  async pendingAdjustments(): Promise<CountRow[]> {
    const rows: Array<{ reason: string; count: number }> = await this.db.query(
      `SELECT reason, count(*)::int AS count FROM adjustments WHERE status = 'pending' GROUP BY reason ORDER BY count DESC, reason`,
    );
    return rows.map((r) => ({ key: r.reason, name: null, count: r.count }));
  }

  async workshops(): Promise<WorkshopCountRow[]> {
    return this.db.query(`SELECT kind, status, count(*)::int AS count FROM workshops GROUP BY kind, status ORDER BY kind, status`);
  }
}
