import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, SPEC §3.9: reports.
 *
 * - `workshop_annual_results`: what a workshop achieved in a year (创新成果, patents by
 *   type, exchange activities), one row per workshop and year, recorded by its unit
 *   union or the district office; the 004 附件2 statistics sum them.
 * - `report_period_deltas`: money by run period and kind, one row per kind for each
 *   statement that writes ledger lines (a statement-level trigger on payment_lines,
 *   which is append-only: payment_lines_no_edit). The dashboard shows 36 months of
 *   runs; summing 36 periods of 100,000 lines on every view would cost seconds,
 *   summing a few rows per run costs nothing, and nothing in the payment code has
 *   to remember it. The trigger reads the statement's transition table, which the
 *   open-period check already makes PostgreSQL keep.
 * - `report_designation_deltas`: designations counted by employer, cohort and status,
 *   kept by statement-level triggers as signed deltas (a designation inserted, deleted
 *   or changed; a person moving employer). The dashboard sums a few hundred rows
 *   instead of joining 100,000 designations with their people on every view.
 *   Deltas are only ever inserted, so imports and jobs running at once never wait
 *   on (or deadlock over) a shared counter row; the dashboard folds them together
 *   now and then (DashboardRepository.compactDesignationCounts).
 */
export class Reports1764001600000 implements MigrationInterface {
  name = 'Reports1764001600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workshop_annual_results (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops(id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2199),
        results integer NOT NULL CHECK (results >= 0),
        invention_patents integer NOT NULL CHECK (invention_patents >= 0),
        utility_model_patents integer NOT NULL CHECK (utility_model_patents >= 0),
        design_patents integer NOT NULL CHECK (design_patents >= 0),
        activities integer NOT NULL CHECK (activities >= 0),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT workshop_annual_results_once UNIQUE (workshop_id, year)
      )`);
    await q.query(`CREATE INDEX workshop_annual_results_year_idx ON workshop_annual_results (year, workshop_id)`);

    await q.query(`
      CREATE TABLE report_period_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        period text NOT NULL,
        kind text NOT NULL,
        amount_fen bigint NOT NULL,
        lines integer NOT NULL
      )`);
    await q.query(`CREATE INDEX report_period_deltas_period_idx ON report_period_deltas (period)`);
    await q.query(`
      CREATE FUNCTION report_period_deltas_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_period_deltas (period, kind, amount_fen, lines)
        SELECT run_period, kind, sum(amount_fen), count(*) FROM new_lines GROUP BY run_period, kind;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER payment_lines_report_deltas AFTER INSERT ON payment_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION report_period_deltas_add()`);
    await q.query(`
      INSERT INTO report_period_deltas (period, kind, amount_fen, lines)
      SELECT run_period, kind, sum(amount_fen), count(*) FROM payment_lines GROUP BY run_period, kind`);

    await q.query(`
      CREATE TABLE report_designation_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        employer_id uuid NOT NULL,
        cohort text NOT NULL,
        status text NOT NULL,
        n integer NOT NULL
      )`);
    const signed = (table: string, sign: string) =>
      `SELECT t.employer_id, x.cohort, x.status, ${sign}count(*) FROM ${table} x JOIN talents t ON t.id = x.talent_id GROUP BY 1, 2, 3`;
    const triggers: Array<[string, string, string, string]> = [
      // [event, transition tables, name, the signed counts it writes]
      ['INSERT', 'NEW TABLE AS new_rows', 'report_designation_counts_insert', signed('new_rows', '')],
      ['DELETE', 'OLD TABLE AS old_rows', 'report_designation_counts_delete', signed('old_rows', '-')],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows', 'report_designation_counts_update', `${signed('old_rows', '-')} UNION ALL ${signed('new_rows', '')}`],
    ];
    for (const [event, tables, name, counts] of triggers) {
      await q.query(`
        CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO report_designation_deltas (employer_id, cohort, status, n)
          SELECT employer_id, cohort, status, sum(n) FROM (${counts}) AS d(employer_id, cohort, status, n)
           GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER ${name} AFTER ${event} ON designations REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    }
    // A person moving employer moves their designations' counts with them.
    await q.query(`
      CREATE FUNCTION report_designation_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_designation_deltas (employer_id, cohort, status, n)
        SELECT employer_id, cohort, status, sum(n) FROM (
          SELECT o.employer_id, d.cohort, d.status, -count(*) FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN designations d ON d.talent_id = o.id
           WHERE o.employer_id IS DISTINCT FROM w.employer_id GROUP BY 1, 2, 3
          UNION ALL
          SELECT w.employer_id, d.cohort, d.status, count(*) FROM old_rows o JOIN new_rows w ON w.id = o.id JOIN designations d ON d.talent_id = o.id
           WHERE o.employer_id IS DISTINCT FROM w.employer_id GROUP BY 1, 2, 3) AS m(employer_id, cohort, status, n)
         GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER report_designation_counts_move AFTER UPDATE ON talents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_designation_counts_move()`);
    await q.query(`
      INSERT INTO report_designation_deltas (employer_id, cohort, status, n)
      SELECT t.employer_id, d.cohort, d.status, count(*) FROM designations d JOIN talents t ON t.id = d.talent_id GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_designation_counts_move ON talents`);
    for (const name of ['report_designation_counts_insert', 'report_designation_counts_delete', 'report_designation_counts_update']) {
      await q.query(`DROP TRIGGER ${name} ON designations`);
      await q.query(`DROP FUNCTION ${name}()`);
    }
    await q.query(`DROP FUNCTION report_designation_counts_move()`);
    await q.query(`DROP TABLE report_designation_deltas`);
    await q.query(`DROP TRIGGER payment_lines_report_deltas ON payment_lines`);
    await q.query(`DROP FUNCTION report_period_deltas_add()`);
    await q.query(`DROP TABLE report_period_deltas, workshop_annual_results`);
  }
}
