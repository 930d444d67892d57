import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 item 4: the pieces of SPEC §3.2–3.3 that the payment run's
 * statements shared by copy, once in the database. The readable statement of
 * the policy stays src/modules/payments/allowance-rules.ts; these are its SQL
 * twins, checked against it by test/payments/payments-model.spec.ts.
 *
 * - designation_adjustment_dates: per designation, the first day an approved
 *   adjustment cuts it off (suspended_from) and the first day a pending one
 *   holds it (held_from).
 * - payment_month_state: a month's state from those days (inForceOn, heldOn,
 *   then take-the-higher), the order of designationMonth and grantMonth.
 * - payment_month_index: month 1, 2, … of a term for the month of a day.
 * - grant_instalment_month / grant_instalments: §3.3's three instalments,
 *   their months and their amounts in fen (the remainder in the last).
 *
 * The functions are single-expression SQL functions, so PostgreSQL inlines
 * them into the statements that call them (no call per row): the plans are
 * those of the copied expressions. Their volatility is that of their bodies
 * (date_trunc of a date goes through timestamptz: STABLE), which inlining
 * requires.
 */
export class PaymentMonthRules1764002000000 implements MigrationInterface {
  name = 'PaymentMonthRules1764002000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW designation_adjustment_dates AS
      SELECT designation_id,
             min(effective_on) FILTER (WHERE status = 'approved') AS suspended_from,
             min(effective_on) FILTER (WHERE status = 'pending') AS held_from
        FROM adjustments GROUP BY designation_id`);
    // Not in force comes before held: no decision on a pending adjustment can make owed a month an
    // approved one has already cut off, so that month is clawed back. A NULL superseded is false.
    await q.query(`
      CREATE FUNCTION payment_month_state(m1 date, suspended_from date, held_from date, superseded boolean)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN suspended_from <= m1 THEN 'suspended'
                    WHEN held_from <= m1 THEN 'held'
                    WHEN superseded THEN 'superseded'
                    ELSE 'owed' END
      $$`);
    await q.query(`
      CREATE FUNCTION payment_month_index(term_start date, day date)
        RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 1 + (date_part('year', day) * 12 + date_part('month', day) - date_part('year', term_start) * 12 - date_part('month', term_start))::int
      $$`);
    await q.query(`
      CREATE FUNCTION grant_instalment_month(named_on date, instalment int)
        RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT (date_trunc('month', named_on) + make_interval(months => 1 + 12 * (instalment - 1)))::date
      $$`);
    await q.query(`
      CREATE VIEW grant_instalments AS
      SELECT w.id AS workshop_id, w.employer_id, w.designation_id, w.level, i AS instalment,
             grant_instalment_month(w.named_on, i) AS m1,
             CASE WHEN i < 3 THEN w.grant_total_fen / 3 ELSE w.grant_total_fen - 2 * (w.grant_total_fen / 3) END AS amount_fen
        FROM workshops w CROSS JOIN generate_series(1, 3) i
       WHERE w.kind = 'chief_technician'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW grant_instalments`);
    await q.query(`DROP FUNCTION grant_instalment_month(date, int), payment_month_index(date, date), payment_month_state(date, date, date, boolean)`);
    await q.query(`DROP VIEW designation_adjustment_dates`);
  }
}
