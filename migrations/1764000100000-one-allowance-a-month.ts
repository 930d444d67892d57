import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 item 1, SPEC §3.2 "per person, never twice": the ledger itself
 * refuses a person's net allowance for a month above one allowance, whatever
 * the designations and whoever inserts the lines.
 *
 * payment_person_months holds each person-month's net (the sum of every
 * allowance line of the person for that month) and its cap, kept by the
 * ledger's statement trigger in the same statement as the lines; its CHECK is
 * the rule. The upsert locks the person-month's row, so two transactions
 * adding to one month queue on it and the second sees the first's net:
 * the rule holds under concurrent runs, not only under the run lock.
 *
 * - cap_fen: the highest monthly allowance of the designations that have
 *   lines for the month (one allowance; a raised allowance raises it).
 * - tolerated_fen: money paid for the month beyond the rule that the ledger
 *   accepts as a fact: a person-month already over the cap when this
 *   migration ran (two overlapping designations paid before the rule), and
 *   later `opening` lines (SPEC §3.7: what was paid outside the service, which
 *   may exceed one allowance; the next run claws the excess back). The trigger
 *   already adds lines of kind 'opening' to it: issue 14 only needs to allow
 *   that kind in payment_lines_kind_check. The tolerance never exceeds the
 *   month's net: a clawback of the excess uses it up, so the service's own
 *   lines can lower such a month but never raise it again above one allowance.
 *
 * Cost: one hash join and one upsert per statement, no row-level trigger; the
 * payee check on designation lines, which joined the same rows, is folded in.
 */
export class OneAllowanceAMonth1764000100000 implements MigrationInterface {
  name = 'OneAllowanceAMonth1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_person_months (
        for_period text NOT NULL,
        talent_id uuid NOT NULL,
        net_fen bigint NOT NULL,
        cap_fen bigint NOT NULL,
        tolerated_fen bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (for_period, talent_id),
        CONSTRAINT payment_person_months_one_allowance CHECK (net_fen <= GREATEST(cap_fen, tolerated_fen))
      )`);
    await q.query(`
      INSERT INTO payment_person_months (for_period, talent_id, net_fen, cap_fen, tolerated_fen)
      SELECT l.for_period, l.payee_talent_id, sum(l.amount_fen), max(d.monthly_allowance_fen),
             CASE WHEN sum(l.amount_fen) > max(d.monthly_allowance_fen) THEN sum(l.amount_fen) ELSE 0 END
        FROM payment_lines l JOIN designations d ON d.id = l.designation_id
       WHERE l.designation_id IS NOT NULL
       GROUP BY l.for_period, l.payee_talent_id`);
    // Written only through the ledger's trigger (depth 2 and more): a direct write would defeat the rule.
    await q.query(`
      CREATE FUNCTION payment_person_months_by_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'payment_person_months is kept by the ledger''s trigger: write payment lines instead' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER payment_person_months_by_ledger BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON payment_person_months
        FOR EACH STATEMENT EXECUTE FUNCTION payment_person_months_by_ledger()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_lines_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad_payees bigint;
      BEGIN
        IF (SELECT count(*) FROM new_lines n LEFT JOIN payment_periods p ON p.period = n.run_period WHERE p.period IS NULL OR p.status = 'closed') > 0 THEN
          RAISE EXCEPTION 'lines go only into an open period: the period is closed or was never run' USING ERRCODE = 'restrict_violation';
        END IF;
        IF (SELECT count(*) FROM new_lines n LEFT JOIN workshops w ON w.id = n.workshop_id
             WHERE n.workshop_id IS NOT NULL AND (w.id IS NULL OR w.employer_id <> n.payee_employer_id)) > 0 THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        -- One pass over the statement's allowance lines: their payees are checked and their
        -- person-months' nets added up; the CHECK on payment_person_months refuses a month over the cap.
        WITH agg AS MATERIALIZED (
          SELECT n.for_period, n.payee_talent_id AS talent_id, sum(n.amount_fen) AS net, max(d.monthly_allowance_fen) AS cap,
                 COALESCE(sum(n.amount_fen) FILTER (WHERE n.kind = 'opening'), 0) AS opening,
                 count(*) FILTER (WHERE d.id IS NULL OR d.talent_id <> n.payee_talent_id) AS bad
            FROM new_lines n LEFT JOIN designations d ON d.id = n.designation_id
           WHERE n.designation_id IS NOT NULL
           GROUP BY n.for_period, n.payee_talent_id
        ), up AS (
          INSERT INTO payment_person_months AS p (for_period, talent_id, net_fen, cap_fen, tolerated_fen)
          SELECT for_period, talent_id, net, cap, LEAST(opening, net) FROM agg WHERE bad = 0 ORDER BY for_period, talent_id
          ON CONFLICT (for_period, talent_id) DO UPDATE
            SET net_fen = p.net_fen + EXCLUDED.net_fen, cap_fen = GREATEST(p.cap_fen, EXCLUDED.cap_fen),
                tolerated_fen = LEAST(p.tolerated_fen + EXCLUDED.tolerated_fen, p.net_fen + EXCLUDED.net_fen)
        )
        SELECT COALESCE(sum(bad), 0) INTO bad_payees FROM agg;
        IF bad_payees > 0 THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_lines_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM new_lines n LEFT JOIN payment_periods p ON p.period = n.run_period WHERE p.period IS NULL OR p.status = 'closed') > 0 THEN
          RAISE EXCEPTION 'lines go only into an open period: the period is closed or was never run' USING ERRCODE = 'restrict_violation';
        END IF;
        IF (SELECT count(*) FROM new_lines n LEFT JOIN designations d ON d.id = n.designation_id
             WHERE n.designation_id IS NOT NULL AND (d.id IS NULL OR d.talent_id <> n.payee_talent_id)) > 0
           OR (SELECT count(*) FROM new_lines n LEFT JOIN workshops w ON w.id = n.workshop_id
                WHERE n.workshop_id IS NOT NULL AND (w.id IS NULL OR w.employer_id <> n.payee_employer_id)) > 0 THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TABLE payment_person_months`);
    await q.query(`DROP FUNCTION payment_person_months_by_ledger()`);
  }
}
