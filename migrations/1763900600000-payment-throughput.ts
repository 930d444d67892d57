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
  }

  async down(q: QueryRunner): Promise<void> {
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
