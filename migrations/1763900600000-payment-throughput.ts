import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4, payment run throughput: fewer and cheaper index entries per ledger
 * line. A run writes only the newest period, in key order (see
 * PaymentLedgerRepository.insertAllowanceLines), so indexes that lead with the
 * run period take its lines as appends at their right edge.
 *
 * - The exactly-once index keeps its columns (a designation month's nth line
 *   in a run period exists once) but leads with the run period, instead of
 *   splitting pages all over an index that grows by 100,000 entries a month.
 * - The primary key becomes (run_period, id) and replaces the (run_period, id)
 *   index that listings, rosters and summaries read: one index fewer. id stays
 *   unique on its own (an identity column).
 * - Lookups by designation (a re-evaluated designation's history, its payment
 *   history) get a narrow index of their own, which deduplicates to a few
 *   bytes a line.
 * - The row-level foreign key on workshop_id queued a trigger event for every
 *   line, allowance lines included; the statement trigger on inserted lines
 *   already checks that a line's workshop exists, and workshops referenced by
 *   lines still cannot be deleted (a trigger on workshops, same error code).
 * - The statement trigger's checks count their violations instead of testing
 *   EXISTS: EXISTS is planned to stop at the first row found, so a valid
 *   statement, which has none, paid an index lookup per line (0.4 s for
 *   100,000 lines); a count is planned as one hash join over the statement.
 */
export class PaymentThroughput1763900600000 implements MigrationInterface {
  name = 'PaymentThroughput1763900600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_lines_allowance_once`);
    await q.query(`CREATE UNIQUE INDEX payment_lines_allowance_once ON payment_lines (run_period, designation_id, for_period, seq) WHERE designation_id IS NOT NULL`);
    await q.query(`CREATE INDEX payment_lines_designation_idx ON payment_lines (designation_id) WHERE designation_id IS NOT NULL`);
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_pkey`);
    await q.query(`ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_pkey PRIMARY KEY (run_period, id)`);
    await q.query(`DROP INDEX payment_lines_run_idx`);
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_workshop_id_fkey`);
    await q.query(`
      CREATE FUNCTION workshops_keep_paid() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM payment_lines l WHERE l.workshop_id = OLD.id) THEN
          RAISE EXCEPTION 'workshop % has payment lines', OLD.id USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER workshops_keep_paid BEFORE DELETE ON workshops FOR EACH ROW EXECUTE FUNCTION workshops_keep_paid()`);
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_lines_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_lines n LEFT JOIN payment_periods p ON p.period = n.run_period WHERE p.period IS NULL OR p.status = 'closed') THEN
          RAISE EXCEPTION 'lines go only into an open period: the period is closed or was never run' USING ERRCODE = 'restrict_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM new_lines n LEFT JOIN designations d ON d.id = n.designation_id
                    WHERE n.designation_id IS NOT NULL AND (d.id IS NULL OR d.talent_id <> n.payee_talent_id))
           OR EXISTS (SELECT 1 FROM new_lines n LEFT JOIN workshops w ON w.id = n.workshop_id
                       WHERE n.workshop_id IS NOT NULL AND (w.id IS NULL OR w.employer_id <> n.payee_employer_id)) THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER workshops_keep_paid ON workshops`);
    await q.query(`DROP FUNCTION workshops_keep_paid()`);
    await q.query(`ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_workshop_id_fkey FOREIGN KEY (workshop_id) REFERENCES workshops(id)`);
    await q.query(`CREATE INDEX payment_lines_run_idx ON payment_lines (run_period, id)`);
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_pkey`);
    await q.query(`ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_pkey PRIMARY KEY (id)`);
    await q.query(`DROP INDEX payment_lines_designation_idx`);
    await q.query(`DROP INDEX payment_lines_allowance_once`);
    await q.query(`CREATE UNIQUE INDEX payment_lines_allowance_once ON payment_lines (designation_id, for_period, run_period, seq) WHERE designation_id IS NOT NULL`);
  }
}
