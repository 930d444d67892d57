import { MigrationInterface, QueryRunner } from 'typeorm';

/** The child tables whose reference to designations is checked once per statement: [table, the constraint's name]. */
const CHILDREN = [
  ['designation_events', 'designation_events_designation_id_fkey'],
  ['payment_dirty', 'payment_dirty_designation_id_fkey'],
] as const;

/**
 * Issue 20: an import of 10,000 designations writes 10,000 events and 10,000
 * payment marks, and each row's foreign key ran its own check query (a lookup
 * and a FOR KEY SHARE lock of the designation): with auto_explain, about 0.3 s
 * of the import's database time for these two tables, for rows whose
 * designation the same statement had just inserted.
 *
 * The two foreign keys become one check per statement over the statement's new
 * rows (a transition table), raising what the foreign key raised
 * (foreign_key_violation, the same constraint name, so the API's answer is the
 * same). The lock each row check took only kept the designation from being
 * deleted or re-keyed before the writer committed; neither can happen any more:
 * designations are never deleted (designations_no_delete, since the first
 * payments migration), and now their id never changes and the table cannot be
 * truncated (it could not before either: payment_lines refuses TRUNCATE and
 * CASCADE would reach it). So a check of committed and own rows gives the same
 * guarantee as the key did, concurrent writers included.
 */
export class DesignationReferencesByStatement1764002400000 implements MigrationInterface {
  name = 'DesignationReferencesByStatement1764002400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION designation_refs_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM designations d WHERE d.id = n.designation_id)) THEN
          RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[0],
                  DETAIL = 'Key (designation_id) is not present in table "designations".';
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, constraint] of CHILDREN) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
      // One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
      for (const event of ['INSERT', 'UPDATE']) {
        await q.query(
          `CREATE TRIGGER ${table}_designation_exists_${event.toLowerCase()} AFTER ${event} ON ${table}
           REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION designation_refs_exist('${constraint}')`,
        );
      }
    }
    await q.query(`
      CREATE FUNCTION designations_keep_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a designation''s id never changes: events and payment marks refer to it'
          USING ERRCODE = 'foreign_key_violation', TABLE = 'designations';
      END $$`);
    await q.query(
      `CREATE TRIGGER designations_keep_id BEFORE UPDATE OF id ON designations FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION designations_keep_id()`,
    );
    await q.query(`CREATE TRIGGER designations_no_truncate BEFORE TRUNCATE ON designations FOR EACH STATEMENT EXECUTE FUNCTION designations_no_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER designations_no_truncate ON designations`);
    await q.query(`DROP TRIGGER designations_keep_id ON designations`);
    await q.query(`DROP FUNCTION designations_keep_id()`);
    for (const [table, constraint] of CHILDREN) {
      for (const event of ['insert', 'update']) await q.query(`DROP TRIGGER ${table}_designation_exists_${event} ON ${table}`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} FOREIGN KEY (designation_id) REFERENCES designations(id)`);
    }
    await q.query(`DROP FUNCTION designation_refs_exist()`);
  }
}
