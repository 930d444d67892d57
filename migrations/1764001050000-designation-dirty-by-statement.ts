import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A designation inserted, or its allowance or term start changed, marks it for
 * the next payment run (payment_dirty). The row trigger did one INSERT … ON
 * CONFLICT per row: an import of 10,000 designations ran it 10,000 times, most
 * of the import's database time (issue 20). Statement triggers over the
 * transition tables mark every row of a statement with one INSERT; the marks
 * are the same, so what a run reconciles does not change.
 * (PostgreSQL allows transition tables only on single-event triggers: one each.)
 */
export class DesignationDirtyByStatement1764001050000 implements MigrationInterface {
  name = 'DesignationDirtyByStatement1764001050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER designations_payment_dirty ON designations`);
    await q.query(`DROP FUNCTION payment_dirty_from_designation()`);
    await q.query(`
      CREATE FUNCTION payment_dirty_from_designations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM payment_mark_dirty(ARRAY(SELECT id FROM inserted));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION payment_dirty_from_designations_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM payment_mark_dirty(ARRAY(
          SELECT n.id FROM updated_new n JOIN updated_old o ON o.id = n.id
           WHERE n.monthly_allowance_fen <> o.monthly_allowance_fen OR n.term_start <> o.term_start));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER designations_payment_dirty_inserted AFTER INSERT ON designations
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION payment_dirty_from_designations_inserted()`);
    await q.query(`
      CREATE TRIGGER designations_payment_dirty_updated AFTER UPDATE ON designations
      REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new FOR EACH STATEMENT EXECUTE FUNCTION payment_dirty_from_designations_updated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER designations_payment_dirty_updated ON designations`);
    await q.query(`DROP TRIGGER designations_payment_dirty_inserted ON designations`);
    await q.query(`DROP FUNCTION payment_dirty_from_designations_updated()`);
    await q.query(`DROP FUNCTION payment_dirty_from_designations_inserted()`);
    await q.query(`
      CREATE FUNCTION payment_dirty_from_designation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.monthly_allowance_fen <> OLD.monthly_allowance_fen OR NEW.term_start <> OLD.term_start THEN
          PERFORM payment_mark_dirty(ARRAY[NEW.id]);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER designations_payment_dirty AFTER INSERT OR UPDATE ON designations FOR EACH ROW EXECUTE FUNCTION payment_dirty_from_designation()`);
  }
}
