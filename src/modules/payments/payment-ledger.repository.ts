import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ALLOWANCE_NOTES, GRANT_NOTES, noteYuanTable, REPORT_NOTES, WORKSHOP_LEVEL_LABELS } from './payment-labels';

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

/** The ledger's rule that a person's net allowance for a month is at most one allowance (migration 1764000100000). */
export const ONE_ALLOWANCE_CONSTRAINT = 'payment_lines_one_allowance';

/**
 * The set-based SQL of a payment run (SPEC §3.2, §3.3), one method per
 * statement. owed(M) − paid(M) for every designation month up to the period
 * becomes a line; months held by a pending adjustment are skipped and reported.
 * The rules it shares with allowance-rules.ts (adjustment dates, a month's
 * state, month numbers, grant instalments) are in the database once
 * (migration 1764002000000); the wording of notes is in payment-labels.ts.
 *
 * Exactly-once (SPEC §3.2), for allowances and grants alike: every line takes
 * a numbered place that a unique index lets only one line take, and nothing
 * is inserted with ON CONFLICT, so a line computed twice makes the whole run
 * roll back instead of being skipped in silence. The places differ because
 * the rules do: an allowance line's place is in its person-month
 * (payment_lines_person_month_once: the one-allowance cap spans a person's
 * designations, its trigger checks the net chain), a grant line's in its
 * workshop's instalment and run (payment_lines_grant_once).
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
    await manager.query(`ANALYZE run_dirty`);
  }

  /**
   * Evaluates every candidate designation month: all months up to the period
   * for changed designations and those with a pending adjustment, the months
   * of the window for everyone else.
   *
   * Its cost follows the months evaluated, not the size of the ledger: paid(M)
   * reads only the lines that can concern a candidate month (every line of a
   * designation evaluated from its term's start; for the others, the lines of
   * runs since the window opened, since no earlier run paid a month in it),
   * through indexes. The other-title lookup touches only the months of people
   * who hold another title.
   */
  async evaluateAllowances(manager: EntityManager, w: RunWindow): Promise<void> {
    // generate_series is estimated at 1000 rows a call, so the planner costs even a tiny run in
    // the millions and a server with JIT compiles (inlines, optimises) it: seconds per statement, for every
    // run and re-run. The run's statements are plain scans and joins: no JIT for the rest of this transaction.
    await manager.query(`SET LOCAL jit = off`);
    // A run sorts and hashes some 100,000 rows a statement: in memory rather than in 4 MB batches on disk.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    await manager.query(
      `CREATE TEMP TABLE run_eval ON COMMIT DROP AS
       WITH multi AS MATERIALIZED (
         -- People with more than one designation: each of their designations is evaluated over its whole term,
         -- so a person-month's lines are all counted when its next line's place (person_seq) is worked out.
         SELECT talent_id FROM designations GROUP BY talent_id HAVING count(*) > 1
       ), cand AS (
         -- Months as numbers counted from the term's first (a term starts on the 1st): idx 1 is its first month.
         SELECT d.id, d.talent_id, d.monthly_allowance_fen AS allowance, d.term_start, a.suspended_from, a.held_from, mt.talent_id IS NOT NULL AS multi,
                CASE WHEN rd.designation_id IS NOT NULL OR a.held_from IS NOT NULL OR mt.talent_id IS NOT NULL OR $2::date IS NULL THEN 1
                     ELSE payment_month_index(d.term_start, GREATEST(d.term_start, $2::date)) END AS from_idx,
                payment_month_index(d.term_start, LEAST(d.term_end, $1::date)) AS to_idx
           FROM designations d
           LEFT JOIN run_dirty rd ON rd.designation_id = d.id
           LEFT JOIN designation_adjustment_dates a ON a.designation_id = d.id
           LEFT JOIN multi mt ON mt.talent_id = d.talent_id
          WHERE d.term_start <= $1::date
       ), months AS MATERIALIZED (
         -- generate_series in the select list: no function scan (and its tuplestore) per designation.
         SELECT s.id AS designation_id, s.talent_id, s.allowance, s.m1, to_char(s.m1, 'YYYY-MM') AS for_period, s.suspended_from, s.held_from, s.idx, s.multi
           FROM (SELECT c.*, (c.term_start + make_interval(months => c.idx - 1))::date AS m1
                   FROM (SELECT cand.*, generate_series(cand.from_idx, cand.to_idx) AS idx FROM cand) c) s
       ), best_title AS (
         SELECT DISTINCT ON (mo.designation_id, mo.m1) mo.designation_id, mo.m1, x.title, x.monthly_amount_fen
           FROM months mo JOIN talent_titles x ON x.talent_id = mo.talent_id AND x.valid_from <= mo.m1 AND (x.valid_to IS NULL OR x.valid_to >= mo.m1)
          ORDER BY mo.designation_id, mo.m1, x.monthly_amount_fen DESC, x.title
       ), paid_lines AS (
         -- Three disjoint sets: the whole ledger on the first run; else the lines of runs since the window
         -- opened, and the older lines of designations evaluated from their term's start.
         SELECT l.designation_id, l.for_period, l.amount_fen, l.run_period FROM payment_lines l
          WHERE $2::date IS NULL AND l.designation_id IS NOT NULL
         UNION ALL
         SELECT l.designation_id, l.for_period, l.amount_fen, l.run_period FROM payment_lines l
          WHERE $2::date IS NOT NULL AND l.designation_id IS NOT NULL AND l.run_period >= to_char($2::date, 'YYYY-MM')
         UNION ALL
         -- (OFFSET 0 keeps it a lookup per designation through its index, whatever the estimates.)
         SELECT l.designation_id, l.for_period, l.amount_fen, l.run_period
           FROM (SELECT designation_id FROM run_dirty UNION SELECT designation_id FROM adjustments WHERE status = 'pending'
                 UNION SELECT d.id FROM designations d JOIN multi USING (talent_id)) f
           CROSS JOIN LATERAL (
             SELECT * FROM designation_ledger_lines(f.designation_id) l
              WHERE $2::date IS NOT NULL AND l.run_period < to_char($2::date, 'YYYY-MM') OFFSET 0
           ) l
       ), paid AS (
         SELECT designation_id, for_period, sum(amount_fen) AS paid, count(*) AS lines, count(*) FILTER (WHERE run_period = $3) AS in_run
           FROM paid_lines GROUP BY designation_id, for_period
       )
       SELECT mo.designation_id, mo.talent_id, mo.m1, mo.for_period, mo.idx, mo.allowance,
              payment_month_state(mo.m1, mo.suspended_from, mo.held_from, bt.monthly_amount_fen >= mo.allowance) AS state,
              bt.title, bt.monthly_amount_fen AS title_fen,
              COALESCE(p.paid, 0)::bigint AS paid, COALESCE(p.lines, 0)::int AS lines, COALESCE(p.in_run, 0)::int AS in_run, mo.multi
         FROM months mo
         LEFT JOIN best_title bt ON bt.designation_id = mo.designation_id AND bt.m1 = mo.m1
         LEFT JOIN paid p ON p.designation_id = mo.designation_id AND p.for_period = mo.for_period`,
      [w.periodStart, w.windowStart, w.period],
    );
  }

  /**
   * owed − paid as new lines, in the order of the ledger's indexes (a run
   * appends at their right edge). Each line takes the next place in its
   * person-month (person_seq) and carries the net after it (person_net_fen),
   * which the ledger's trigger checks against one allowance. A person with one
   * designation: the place follows the designation-month's own lines. A person
   * with several: their months are numbered together, lowering lines first, so
   * a month passed from one designation to the other never looks paid twice.
   * No ON CONFLICT: runs are serialised by lockRuns, so a duplicate cannot be
   * computed; were one ever inserted, the unique index on the person-month's
   * places would refuse it and the whole run would roll back, which is the
   * exactly-once guarantee, without a speculative insertion per line.
   */
  async insertAllowanceLines(manager: EntityManager, w: RunWindow, yuan: string): Promise<void> {
    await manager.query(
      `WITH single AS (
         SELECT e.*, e.lines + 1 AS person_seq, e.paid + e.delta AS person_net
           FROM (SELECT *, ${ALLOWANCE_DELTA} AS delta FROM run_eval WHERE NOT multi AND state <> 'held') e
          WHERE e.delta <> 0
       ), several AS (
         SELECT m.*, m.base_lines + row_number() OVER w AS person_seq, m.base_paid + sum(m.delta) OVER w AS person_net
           FROM (SELECT e.*, sum(e.lines) OVER pm AS base_lines, sum(e.paid) OVER pm AS base_paid
                   FROM (SELECT *, ${ALLOWANCE_DELTA} AS delta FROM run_eval WHERE multi) e
                 WINDOW pm AS (PARTITION BY e.talent_id, e.for_period)) m
          WHERE m.state <> 'held' AND m.delta <> 0
         WINDOW w AS (PARTITION BY m.talent_id, m.for_period ORDER BY m.delta, m.designation_id ROWS UNBOUNDED PRECEDING)
       )
       INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen, note)
       SELECT $1, e.designation_id, e.talent_id, e.for_period,
              CASE WHEN e.delta < 0 THEN 'clawback' WHEN e.for_period = $1 THEN 'regular' ELSE 'arrears' END,
              e.delta, e.idx, e.in_run + 1, e.person_seq, e.person_net,
              -- A title goes in last, so no text of its own is taken for a placeholder.
              CASE WHEN e.delta < 0 THEN CASE e.state WHEN 'suspended' THEN replace($2, '{period}', e.for_period)
                                                      WHEN 'superseded' THEN replace(replace($3, '{period}', e.for_period), '{title}', e.title)
                                                      ELSE replace($4, '{period}', e.for_period) END
                   WHEN e.title IS NOT NULL THEN replace(replace($5, '{yuan}', $7::jsonb ->> e.title_fen::text), '{title}', e.title)
                   WHEN e.for_period < $1 THEN replace($6, '{period}', e.for_period)
                   ELSE '' END
         FROM (SELECT designation_id, talent_id, for_period, idx, state, title, title_fen, in_run, delta, person_seq, person_net FROM single
               UNION ALL
               SELECT designation_id, talent_id, for_period, idx, state, title, title_fen, in_run, delta, person_seq, person_net FROM several) e
        -- In the order of the person-month index (a new period's lines then append to it, and the
        -- trigger's look-ups of each person's previous line walk it in order). Bench: 2.0 s, was 2.4 s.
        ORDER BY e.for_period, e.talent_id, e.person_seq`,
      [w.period, ALLOWANCE_NOTES.clawbackSuspended, ALLOWANCE_NOTES.clawbackSuperseded, ALLOWANCE_NOTES.clawback, ALLOWANCE_NOTES.lowerTitle, ALLOWANCE_NOTES.arrears, yuan],
    );
  }

  /** Held months and months superseded by a higher title, for the run's report (not paid). */
  async writeAllowanceReports(manager: EntityManager, w: RunWindow, yuan: string): Promise<void> {
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
      `INSERT INTO payment_run_reports (run_period, designation_id, for_period, kind, month_index, note)
       SELECT $1, n.designation_id, n.for_period, n.kind, n.month_index,
              CASE n.kind WHEN 'held' THEN $2 ELSE replace(replace($3, '{yuan}', $4::jsonb ->> n.title_fen::text), '{title}', n.title) END
         FROM (${ALLOWANCE_REPORTS}) n`,
      [w.period, REPORT_NOTES.held, REPORT_NOTES.superseded, yuan],
    );
  }

  /** A person's designations, oldest first: what an error about their overlap names. */
  async designationsOf(manager: EntityManager, talentId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM designations WHERE talent_id = $1 ORDER BY designated_on, id`, [talentId]);
    return rows.map((r) => r.id);
  }

  async clearDirty(manager: EntityManager): Promise<void> {
    // Only the marks this run saw: a change committed meanwhile keeps its newer mark for the next run.
    await manager.query(`DELETE FROM payment_dirty p USING run_dirty r WHERE p.designation_id = r.designation_id AND p.mark = r.mark`);
  }

  /**
   * SPEC §3.3: three instalments of a chief technician workshop's grant, in the
   * month after registration and 12 and 24 months later; owed while the lead's
   * designation is in force on the 1st of the month. The total is the one fixed
   * on the workshop when it was registered, never the current setting. Few
   * rows: evaluated in full.
   */
  async reconcileGrants(manager: EntityManager, w: RunWindow): Promise<void> {
    await manager.query(
      `WITH ${GRANT_DELTAS}
       INSERT INTO payment_lines (run_period, workshop_id, payee_employer_id, for_period, kind, amount_fen, month_index, seq, note)
       SELECT $1, workshop_id, employer_id, for_period, CASE WHEN delta < 0 THEN 'clawback' ELSE 'grant' END, delta, instalment, in_run + 1,
              replace(CASE WHEN delta < 0 THEN $3 ELSE replace($4, '{level}', CASE level WHEN 'municipal' THEN $5 ELSE $6 END) END, '{instalment}', instalment::text)
         FROM deltas WHERE delta <> 0`,
      [w.period, w.periodStart, GRANT_NOTES.clawback, GRANT_NOTES.grant, WORKSHOP_LEVEL_LABELS.municipal, WORKSHOP_LEVEL_LABELS.district],
    );
    await manager.query(`DELETE FROM payment_run_reports WHERE run_period = $1 AND workshop_id IS NOT NULL`, [w.period]);
    await manager.query(
      `INSERT INTO payment_run_reports (run_period, workshop_id, for_period, kind, month_index, note)
       SELECT $1, h.workshop_id, h.for_period, 'held', h.month_index, $3 FROM (${GRANTS_HELD}) h`,
      [w.period, w.periodStart, REPORT_NOTES.grantHeld],
    );
  }

  /**
   * SPEC §3.2 stale: the designations whose lines a re-run of the period
   * would now change — a new ledger line, or a different held/superseded
   * report — a grant's counting as its lead's designation. The allowance
   * part reads run_eval (evaluateAllowances over the re-run's window, so
   * the very months a re-run evaluates) when `allowances`; the grants are
   * evaluated in full, as a run does.
   */
  async staleDesignations(manager: EntityManager, w: RunWindow, allowances: boolean): Promise<number> {
    const parts = [
      `SELECT w.designation_id FROM deltas JOIN workshops w ON w.id = deltas.workshop_id WHERE deltas.delta <> 0`,
      `SELECT w.designation_id
         FROM ((SELECT workshop_id, for_period, month_index FROM (${GRANTS_HELD}) h
                EXCEPT ALL SELECT workshop_id, for_period, month_index FROM payment_run_reports WHERE run_period = $1 AND workshop_id IS NOT NULL)
               UNION ALL
               (SELECT workshop_id, for_period, month_index FROM payment_run_reports WHERE run_period = $1 AND workshop_id IS NOT NULL
                EXCEPT ALL SELECT workshop_id, for_period, month_index FROM (${GRANTS_HELD}) h)) x
         JOIN workshops w ON w.id = x.workshop_id`,
    ];
    if (allowances) {
      parts.push(
        `SELECT designation_id FROM run_eval WHERE state <> 'held' AND ${ALLOWANCE_DELTA} <> 0`,
        // The reports writeAllowanceReports would write for the designations evaluated, against those the period holds.
        `SELECT designation_id
           FROM ((SELECT designation_id, for_period, kind, month_index FROM (${ALLOWANCE_REPORTS}) n
                  EXCEPT ALL SELECT r.designation_id, r.for_period, r.kind, r.month_index FROM payment_run_reports r JOIN (SELECT DISTINCT designation_id FROM run_eval) e USING (designation_id) WHERE r.run_period = $1)
                 UNION ALL
                 (SELECT r.designation_id, r.for_period, r.kind, r.month_index FROM payment_run_reports r JOIN (SELECT DISTINCT designation_id FROM run_eval) e USING (designation_id) WHERE r.run_period = $1
                  EXCEPT ALL SELECT designation_id, for_period, kind, month_index FROM (${ALLOWANCE_REPORTS}) n)) x`,
      );
    }
    const [row] = await manager.query(`WITH ${GRANT_DELTAS} SELECT count(DISTINCT designation_id)::int AS n FROM (${parts.join(' UNION ')}) s`, [w.period, w.periodStart]);
    return row.n;
  }

  /** Whether anything changed since the last run that a run evaluates through payment_dirty (adjustments, titles, designations, opening rows). */
  async anyDirty(manager: EntityManager): Promise<boolean> {
    const [row] = await manager.query(`SELECT EXISTS (SELECT 1 FROM payment_dirty) AS dirty`);
    return row.dirty;
  }

  /**
   * The {yuan} of the other titles' amounts the evaluation met (run_eval: what the notes of this run can
   * name), read once for the lines and the reports (one scan of the evaluated months, not two).
   */
  async titleYuan(manager: EntityManager): Promise<string> {
    const rows: Array<{ fen: string }> = await manager.query(`SELECT DISTINCT title_fen::text AS fen FROM run_eval WHERE title_fen IS NOT NULL`);
    return noteYuanTable(rows.map((r) => Number(r.fen)));
  }

  /** The temporary tables of an evaluation, for a second one in the same transaction. */
  async dropEvaluation(manager: EntityManager): Promise<void> {
    await manager.query(`DROP TABLE IF EXISTS run_eval, run_dirty`);
  }
}

/** owed − paid of a run_eval month (a held month is neither paid nor clawed back). */
const ALLOWANCE_DELTA = `((CASE WHEN state = 'owed' THEN allowance ELSE 0 END) - paid)`;

/** The held and superseded months a run reports ($1 the run period); superseded ones only by the first period that covers them. */
const ALLOWANCE_REPORTS = `
  SELECT e.designation_id, e.for_period, e.state AS kind, e.idx AS month_index, e.title, e.title_fen
    FROM run_eval e, (SELECT max(period) AS period FROM payment_periods WHERE runs > 0 AND period < $1) prev
   WHERE e.state = 'held' OR (e.state = 'superseded' AND (prev.period IS NULL OR e.for_period > prev.period))`;

/** §3.3 every grant instalment begun by the period ($2 its first day), with its state (grantMonth). */
const GRANT_MONTHS = `
  SELECT g.*, to_char(g.m1, 'YYYY-MM') AS for_period, payment_month_state(g.m1, a.suspended_from, a.held_from, false) AS state
    FROM grant_instalments g LEFT JOIN designation_adjustment_dates a ON a.designation_id = g.designation_id
   WHERE g.m1 <= $2::date`;

/** §3.3 owed − paid of every grant instalment begun by the period ($1 the period, $2 its first day), as the CTEs due, paid, deltas. */
const GRANT_DELTAS = `
  due AS (${GRANT_MONTHS}
  ), paid AS (
    SELECT workshop_id, month_index, sum(amount_fen) AS paid, count(*) FILTER (WHERE run_period = $1) AS in_run
      FROM payment_lines WHERE workshop_id IS NOT NULL GROUP BY workshop_id, month_index
  ), deltas AS (
    SELECT due.*, (CASE WHEN state = 'owed' THEN amount_fen ELSE 0 END) - COALESCE(p.paid, 0) AS delta, COALESCE(p.in_run, 0) AS in_run
      FROM due LEFT JOIN paid p ON p.workshop_id = due.workshop_id AND p.month_index = due.instalment
     WHERE state <> 'held'
  )`;

/** Grant instalments held by a pending adjustment of the lead's designation ($2 the period's first day). */
const GRANTS_HELD = `SELECT g.workshop_id, g.for_period, g.instalment AS month_index FROM (${GRANT_MONTHS}) g WHERE g.state = 'held'`;
