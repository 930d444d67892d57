import { MigrationInterface, QueryRunner } from 'typeorm';

const CONSTRAINT = 'designations_talent_id_fkey';

/**
 * Issue 20: the designations → talents foreign key ran one check query per row
 * (a lookup and a FOR KEY SHARE lock of the talent): 10,000 of them in an
 * import, 65–170 ms of its database time, for talents the same transaction had
 * just inserted or locked.
 *
 * It becomes one check per INSERT statement over the statement's new rows, and
 * a row check when an UPDATE changes a designation's talent_id (nothing does
 * today), raising what the key raised (foreign_key_violation, same constraint
 * name). The per-row lock only kept the talent from being deleted or re-keyed
 * before the writer committed. Nothing deletes talents (no route, job or script
 * does: a person stays on the record) and now the database says so: a talent is
 * never deleted and its id never changes, so a check of committed and own rows
 * gives the same guarantee as the key did, concurrent writers included. Deleting
 * a talent that designations refer to is refused as before, with the same error
 * code; deleting one that nothing refers to, which the key allowed, is refused too.
 */
export class DesignationTalentByStatement1764002410000 implements MigrationInterface {
  name = 'DesignationTalentByStatement1764002410000';

  async up(q: QueryRunner): Promise<void> {
    const raise = `RAISE EXCEPTION 'insert or update on table "designations" violates foreign key constraint "${CONSTRAINT}"'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'designations', CONSTRAINT = '${CONSTRAINT}',
                  DETAIL = 'Key (talent_id) is not present in table "talents".';`;
    await q.query(`
      CREATE FUNCTION designations_talents_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM talents t WHERE t.id = n.talent_id)) THEN
          ${raise}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION designation_talent_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM talents t WHERE t.id = NEW.talent_id) THEN
          ${raise}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`ALTER TABLE designations DROP CONSTRAINT ${CONSTRAINT}`);
    await q.query(
      `CREATE TRIGGER designations_talent_exists_insert AFTER INSERT ON designations
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION designations_talents_exist()`,
    );
    await q.query(
      `CREATE TRIGGER designations_talent_exists_update AFTER UPDATE OF talent_id ON designations
       FOR EACH ROW WHEN (OLD.talent_id IS DISTINCT FROM NEW.talent_id) EXECUTE FUNCTION designation_talent_exists()`,
    );
    await q.query(`
      CREATE FUNCTION talents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'talents are never deleted and their id never changes: designations and the record refer to them'
          USING ERRCODE = 'foreign_key_violation', TABLE = 'talents', CONSTRAINT = '${CONSTRAINT}';
      END $$`);
    await q.query(`CREATE TRIGGER talents_no_delete BEFORE DELETE OR TRUNCATE ON talents FOR EACH STATEMENT EXECUTE FUNCTION talents_kept()`);
    await q.query(`CREATE TRIGGER talents_keep_id BEFORE UPDATE OF id ON talents FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION talents_kept()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER talents_keep_id ON talents`);
    await q.query(`DROP TRIGGER talents_no_delete ON talents`);
    await q.query(`DROP FUNCTION talents_kept()`);
    await q.query(`DROP TRIGGER designations_talent_exists_update ON designations`);
    await q.query(`DROP TRIGGER designations_talent_exists_insert ON designations`);
    await q.query(`ALTER TABLE designations ADD CONSTRAINT ${CONSTRAINT} FOREIGN KEY (talent_id) REFERENCES talents(id)`);
    await q.query(`DROP FUNCTION designation_talent_exists()`);
    await q.query(`DROP FUNCTION designations_talents_exist()`);
  }
}
