import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface RunWindow {
  /** The run period, YYYY-MM. */
  period: string;
  /** Its first day. */
  periodStart: string;
  /**
   * First day of the first month no earlier run has looked at; null on the
   * first run ever. Months before it are settled unless their designation
   * changed since (payment_dirty).
   */
  windowStart: string | null;
}

export interface GrantAmounts {
  municipalFen: number;
  districtFen: number;
}

/**
 * The set-based SQL of a payment run (SPEC §3.2, §3.3), one method per
 * statement. owed(M) − paid(M) for every designation month up to the period
 * becomes a line; months held by a pending adjustment are skipped and reported.
 */
@Injectable()
export class PaymentLedgerRepository {
  /** Serialises every run: periods only move forward, and two runs of one period never interleave. */
  async lockRuns(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('payment-runs'))`);
  }

  /** Designations changed since the last run, as this transaction sees them now. */
  async snapshotDirty(manager: EntityManager): Promise<void> {
    await manager.query(`CREATE TEMP TABLE run_dirty ON COMMIT DROP AS SELECT designation_id, mark FROM payment_dirty`);
    await manager.query(`ALTER TABLE run_dirty ADD PRIMARY KEY (designation_id)`);
  }

  /**
   * Evaluates every candidate designation month: all months up to the period
   * for changed designations and those with a pending adjustment, the months
   * of the window for everyone else.
   */
  async evaluateAllowances(manager: EntityManager, w: RunWindow): Promise<void> {
    // generate_series over dates is estimated at 1000 rows a call, so the planner costs even a tiny run in
    // the millions and a server with JIT compiles (inlines, optimises) it: seconds per statement, for every
    // run and re-run. The run's statements are plain scans and joins: no JIT for the rest of this transaction.
    await manager.query(`SET LOCAL jit = off`);
    await manager.query(
      `CREATE TEMP TABLE run_eval ON COMMIT DROP AS
       WITH adj AS (
         SELECT designation_id,
                min(effective_on) FILTER (WHERE status = 'approved') AS suspended_from,
                min(effective_on) FILTER (WHERE status = 'pending') AS held_from
           FROM adjustments GROUP BY designation_id
       ), cand AS (
         SELECT d.id, d.talent_id, d.monthly_allowance_fen AS allowance, d.term_start,
                CASE WHEN rd.designation_id IS NOT NULL OR a.held_from IS NOT NULL OR $2::date IS NULL
                     THEN d.term_start ELSE GREATEST(d.term_start, $2::date) END AS from_m,
                LEAST(date_trunc('month', d.term_end)::date, $1::date) AS to_m,
                a.suspended_from, a.held_from,
                EXISTS (SELECT 1 FROM talent_titles tt WHERE tt.talent_id = d.talent_id) AS has_titles
           FROM designations d
           LEFT JOIN run_dirty rd ON rd.designation_id = d.id
           LEFT JOIN adj a ON a.designation_id = d.id
          WHERE d.term_start <= $1::date
       ), months AS (
         SELECT c.id AS designation_id, c.talent_id, c.allowance, m::date AS m1, c.suspended_from, c.held_from, c.has_titles,
                ((extract(year FROM m) - extract(year FROM c.term_start)) * 12 + extract(month FROM m) - extract(month FROM c.term_start) + 1)::int AS idx
           FROM cand c, generate_series(c.from_m, c.to_m, interval '1 month') m
          WHERE c.from_m <= c.to_m
       ), paid AS (
         SELECT l.designation_id, l.for_period, sum(l.amount_fen) AS paid, count(*) FILTER (WHERE l.run_period = $3) AS in_run
           FROM payment_lines l
          WHERE l.designation_id IS NOT NULL
            AND (l.for_period >= to_char($2::date, 'YYYY-MM') OR $2::date IS NULL
                 OR l.designation_id IN (SELECT designation_id FROM run_dirty)
                 OR l.designation_id IN (SELECT designation_id FROM adjustments WHERE status = 'pending'))
          GROUP BY l.designation_id, l.for_period
       )
       SELECT mo.designation_id, mo.talent_id, mo.m1, to_char(mo.m1, 'YYYY-MM') AS for_period, mo.idx, mo.allowance,
              CASE WHEN mo.held_from <= mo.m1 THEN 'held'
                   WHEN mo.suspended_from <= mo.m1 THEN 'suspended'
                   WHEN bt.monthly_amount_fen >= mo.allowance THEN 'superseded'
                   ELSE 'owed' END AS state,
              bt.title, bt.monthly_amount_fen AS title_fen,
              COALESCE(p.paid, 0) AS paid, COALESCE(p.in_run, 0) AS in_run
         FROM months mo
         LEFT JOIN LATERAL (
           SELECT x.title, x.monthly_amount_fen FROM talent_titles x
            WHERE mo.has_titles AND x.talent_id = mo.talent_id AND x.valid_from <= mo.m1 AND (x.valid_to IS NULL OR x.valid_to >= mo.m1)
            ORDER BY x.monthly_amount_fen DESC, x.title LIMIT 1
         ) bt ON true
         LEFT JOIN paid p ON p.designation_id = mo.designation_id AND p.for_period = to_char(mo.m1, 'YYYY-MM')`,
      [w.periodStart, w.windowStart, w.period],
    );
  }

  /** owed − paid as new lines; the unique index turns a racing duplicate into a no-op. */
  async insertAllowanceLines(manager: EntityManager, w: RunWindow): Promise<void> {
    await manager.query(
      `INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, note)
       SELECT $1, e.designation_id, e.talent_id, e.for_period,
              CASE WHEN e.delta < 0 THEN 'clawback' WHEN e.for_period = $1 THEN 'regular' ELSE 'arrears' END,
              e.delta, e.idx, e.in_run + 1,
              CASE WHEN e.delta < 0 THEN '追回 ' || e.for_period || CASE e.state WHEN 'suspended' THEN '：已中止' WHEN 'superseded' THEN '：就高，另享' || e.title ELSE '' END
                   WHEN e.title IS NOT NULL THEN '另享' || e.title || ' ¥' || to_char(e.title_fen / 100.0, 'FM999999990.00') || '/月，按就高原则不得重复发放'
                   WHEN e.for_period < $1 THEN '补发 ' || e.for_period
                   ELSE '' END
         FROM (SELECT *, (CASE WHEN state = 'owed' THEN allowance ELSE 0 END) - paid AS delta FROM run_eval WHERE state <> 'held') e
        WHERE e.delta <> 0
       ON CONFLICT DO NOTHING`,
      [w.period],
    );
  }

  /** Held months and months superseded by a higher title, for the run's report (not paid). */
  async writeAllowanceReports(manager: EntityManager, w: RunWindow): Promise<void> {
    // A re-run of an open period evaluates only the designations changed since (its window starts after
    // the period itself): only theirs are rewritten, the others keep the rows the earlier run wrote.
    await manager.query(
      `DELETE FROM payment_run_reports r
        WHERE r.run_period = $1 AND r.designation_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM run_eval e WHERE e.designation_id = r.designation_id)`,
      [w.period],
    );
    // Superseded months are reported by the first period that covers them: those after the latest
    // earlier period run (not after the window, which on a re-run begins after this very period).
    await manager.query(
      `WITH prev AS (SELECT max(period) AS period FROM payment_periods WHERE runs > 0 AND period < $1)
       INSERT INTO payment_run_reports (run_period, designation_id, for_period, kind, month_index, note)
       SELECT $1, e.designation_id, e.for_period, e.state, e.idx,
              CASE e.state WHEN 'held' THEN '暂缓：动态调整待审核'
                   ELSE '就高：' || e.title || ' ¥' || to_char(e.title_fen / 100.0, 'FM999999990.00') || '/月' END
         FROM run_eval e, prev
        WHERE e.state = 'held' OR (e.state = 'superseded' AND (prev.period IS NULL OR e.for_period > prev.period))`,
      [w.period],
    );
  }

  async clearDirty(manager: EntityManager): Promise<void> {
    // Only the marks this run saw: a change committed meanwhile keeps its newer mark for the next run.
    await manager.query(`DELETE FROM payment_dirty p USING run_dirty r WHERE p.designation_id = r.designation_id AND p.mark = r.mark`);
  }

  /**
   * SPEC §3.3: three instalments of a chief technician workshop's grant, in the
   * month after registration and 12 and 24 months later; owed while the lead's
   * designation is in force on the 1st of the month. Few rows: evaluated in full.
   */
  async reconcileGrants(manager: EntityManager, w: RunWindow, amounts: GrantAmounts): Promise<void> {
    await manager.query(
      `WITH adj AS (
         SELECT designation_id,
                min(effective_on) FILTER (WHERE status = 'approved') AS suspended_from,
                min(effective_on) FILTER (WHERE status = 'pending') AS held_from
           FROM adjustments GROUP BY designation_id
       ), inst AS (
         SELECT w.id AS workshop_id, w.employer_id, w.level, i,
                (date_trunc('month', w.named_on) + make_interval(months => 1 + 12 * (i - 1)))::date AS m1,
                CASE w.level WHEN 'municipal' THEN $3::bigint ELSE $4::bigint END AS total,
                a.suspended_from, a.held_from
           FROM workshops w CROSS JOIN generate_series(1, 3) i
           LEFT JOIN adj a ON a.designation_id = w.designation_id
          WHERE w.kind = 'chief_technician'
       ), due AS (
         SELECT inst.*, to_char(m1, 'YYYY-MM') AS for_period,
                CASE WHEN i < 3 THEN total / 3 ELSE total - 2 * (total / 3) END AS amount,
                CASE WHEN held_from <= m1 THEN 'held' WHEN suspended_from <= m1 THEN 'suspended' ELSE 'owed' END AS state
           FROM inst WHERE m1 <= $2::date
       ), paid AS (
         SELECT workshop_id, month_index, sum(amount_fen) AS paid, count(*) FILTER (WHERE run_period = $1) AS in_run
           FROM payment_lines WHERE workshop_id IS NOT NULL GROUP BY workshop_id, month_index
       ), deltas AS (
         SELECT due.*, (CASE WHEN state = 'owed' THEN amount ELSE 0 END) - COALESCE(p.paid, 0) AS delta, COALESCE(p.in_run, 0) AS in_run
           FROM due LEFT JOIN paid p ON p.workshop_id = due.workshop_id AND p.month_index = due.i
          WHERE state <> 'held'
       )
       INSERT INTO payment_lines (run_period, workshop_id, payee_employer_id, for_period, kind, amount_fen, month_index, seq, note)
       SELECT $1, workshop_id, employer_id, for_period, CASE WHEN delta < 0 THEN 'clawback' ELSE 'grant' END, delta, i, in_run + 1,
              CASE WHEN delta < 0 THEN '追回工作室资助第' || i || '期：领衔人已中止'
                   ELSE '首席技师工作室资助（' || CASE level WHEN 'municipal' THEN '市级' ELSE '区级' END || '）第' || i || '期/共3期' END
         FROM deltas WHERE delta <> 0
       ON CONFLICT DO NOTHING`,
      [w.period, w.periodStart, amounts.municipalFen, amounts.districtFen],
    );
    await manager.query(`DELETE FROM payment_run_reports WHERE run_period = $1 AND workshop_id IS NOT NULL`, [w.period]);
    await manager.query(
      `INSERT INTO payment_run_reports (run_period, workshop_id, for_period, kind, month_index, note)
       SELECT $1, w.id, to_char(m1, 'YYYY-MM'), 'held', i, '暂缓：领衔人动态调整待审核'
         FROM workshops w CROSS JOIN generate_series(1, 3) i
         CROSS JOIN LATERAL (SELECT (date_trunc('month', w.named_on) + make_interval(months => 1 + 12 * (i - 1)))::date AS m1) mm
        WHERE w.kind = 'chief_technician' AND mm.m1 <= $2::date
          AND EXISTS (SELECT 1 FROM adjustments a WHERE a.designation_id = w.designation_id AND a.status = 'pending' AND a.effective_on <= mm.m1)`,
      [w.period, w.periodStart],
    );
  }
}
