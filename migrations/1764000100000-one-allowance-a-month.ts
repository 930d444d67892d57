import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 item 1, SPEC §3.2 "per person, never twice": the ledger itself
 * refuses a person's net allowance for a month above one allowance, whatever
 * the designations and whoever inserts the lines.
 *
 * Each allowance line carries its place in its person-month: `person_seq`
 * (1 for the person's first line for that month, then 2, 3 …) and
 * `person_net_fen` (the person-month's net once the line is added). A unique
 * index on (for_period, payee_talent_id, person_seq) lets only one line take
 * each place, so two transactions adding to one month cannot both build on the
 * same net: the second waits for the first and fails. The ledger's statement
 * trigger checks that a line continues the line before it (net before + amount
 * = net after; the first line's net is its amount) and refuses a line that
 * raises the net above its designation's monthly allowance.
 *
 * The index replaces payment_lines_allowance_once, whose exactly-once role it
 * takes over (a line computed twice takes the same place twice), so a run
 * writes no more index entries than before and no second table: the run is
 * benchmarked at 50,000 lines/s.
 *
 * Opening lines (issue 14, SPEC §3.7: what was paid outside the service, which
 * may exceed one allowance) are exempt from the cap: the trigger already skips
 * kind 'opening', so issue 14 only needs to allow that kind in
 * payment_lines_kind_check. A line that lowers the net (a clawback) is always
 * allowed, so the next run can claw such an excess back; raising the net above
 * one allowance never is. A person-month already over it when this migration
 * runs (two designations paid before the rule) is kept as paid and only lowered.
 */
export class OneAllowanceAMonth1764000100000 implements MigrationInterface {
  name = 'OneAllowanceAMonth1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_lines ADD COLUMN person_net_fen bigint, ADD COLUMN person_seq smallint`);
    await q.query(`ALTER TABLE payment_lines DISABLE TRIGGER payment_lines_no_edit`);
    await q.query(`
      UPDATE payment_lines l SET person_seq = x.n, person_net_fen = x.net
        FROM (SELECT run_period, id, row_number() OVER w AS n, sum(amount_fen) OVER w AS net
                FROM payment_lines WHERE designation_id IS NOT NULL
              WINDOW w AS (PARTITION BY for_period, payee_talent_id ORDER BY run_period, id ROWS UNBOUNDED PRECEDING)) x
       WHERE l.run_period = x.run_period AND l.id = x.id`);
    await q.query(`ALTER TABLE payment_lines ENABLE TRIGGER payment_lines_no_edit`);
    await q.query(`
      ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_person_month
        CHECK ((designation_id IS NULL) = (person_seq IS NULL) AND (person_seq IS NULL) = (person_net_fen IS NULL) AND person_seq >= 1)`);
    await q.query(`CREATE UNIQUE INDEX payment_lines_person_month_once ON payment_lines (for_period, payee_talent_id, person_seq) WHERE designation_id IS NOT NULL`);
    await q.query(`DROP INDEX payment_lines_allowance_once`);
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_lines_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad_payees bigint;
        over_cap bigint;
        broken bigint;
        corrections bigint;
        who uuid;
        month text;
      BEGIN
        IF (SELECT count(*) FROM new_lines n LEFT JOIN payment_periods p ON p.period = n.run_period WHERE p.period IS NULL OR p.status = 'closed') > 0 THEN
          RAISE EXCEPTION 'lines go only into an open period: the period is closed or was never run' USING ERRCODE = 'restrict_violation';
        END IF;
        -- Counted, not tested with EXISTS: one hash join over the statement (see migration 1763900600000).
        SELECT count(*) FILTER (WHERE d.id IS NULL OR d.talent_id <> n.payee_talent_id),
               count(*) FILTER (WHERE n.amount_fen > 0 AND n.kind <> 'opening' AND n.person_net_fen > d.monthly_allowance_fen),
               count(*) FILTER (WHERE n.person_seq = 1 AND n.person_net_fen <> n.amount_fen),
               count(*) FILTER (WHERE n.person_seq > 1)
          INTO bad_payees, over_cap, broken, corrections
          FROM new_lines n LEFT JOIN designations d ON d.id = n.designation_id
         WHERE n.designation_id IS NOT NULL;
        IF bad_payees > 0 OR (SELECT count(*) FROM new_lines n LEFT JOIN workshops w ON w.id = n.workshop_id
                                WHERE n.workshop_id IS NOT NULL AND (w.id IS NULL OR w.employer_id <> n.payee_employer_id)) > 0 THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF over_cap > 0 THEN
          SELECT n.payee_talent_id, n.for_period INTO who, month
            FROM new_lines n JOIN designations d ON d.id = n.designation_id
           WHERE n.amount_fen > 0 AND n.kind <> 'opening' AND n.person_net_fen > d.monthly_allowance_fen
           ORDER BY n.for_period, n.payee_talent_id LIMIT 1;
          RAISE EXCEPTION 'talent %, month %: a person''s net allowance for a month may not exceed one allowance', who, month
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_lines_one_allowance', DETAIL = format('talent_id=%s for_period=%s', who, month);
        END IF;
        -- A line after the first continues the line before it; only corrections (few) are looked up.
        IF broken = 0 AND corrections > 0 THEN
          SELECT count(*) INTO broken FROM new_lines n
            LEFT JOIN LATERAL (SELECT p.person_net_fen FROM payment_lines p
                                WHERE p.for_period = n.for_period AND p.payee_talent_id = n.payee_talent_id AND p.person_seq = n.person_seq - 1
                                  AND p.designation_id IS NOT NULL LIMIT 1) p ON true
           WHERE n.designation_id IS NOT NULL AND n.person_seq > 1
             AND (p.person_net_fen IS NULL OR p.person_net_fen + n.amount_fen <> n.person_net_fen);
        END IF;
        IF broken > 0 THEN
          RAISE EXCEPTION 'an allowance line must continue its person-month: person_net_fen is the net before it plus its amount, person_seq the next place'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_lines_person_month';
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
    await q.query(`CREATE UNIQUE INDEX payment_lines_allowance_once ON payment_lines (run_period, designation_id, for_period, seq) WHERE designation_id IS NOT NULL`);
    await q.query(`DROP INDEX payment_lines_person_month_once`);
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_person_month`);
    await q.query(`ALTER TABLE payment_lines DROP COLUMN person_seq, DROP COLUMN person_net_fen`);
  }
}
