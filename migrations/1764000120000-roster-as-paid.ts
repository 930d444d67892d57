import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 item 7, SPEC §3.2 "rosters are what was paid": a closed period's
 * roster shows each payee's name, employer, credit code, street and (grants)
 * workshop and lead as they were when the line was written.
 *
 * Rather than copying those details onto each of a run's 100,000 lines (a
 * join and some hundred bytes a line, on a run benchmarked at 50,000 lines/s),
 * the few rows that change keep their earlier versions: an update of a
 * talent's name or employer, an organisation's name, credit code or street,
 * or a workshop's name or lead writes the values it replaces, with the moment
 * they stopped being current (`valid_until`, the updating transaction's
 * time). A line written at `created_at` reads the first version valid until
 * after it, or the current row when there is none. The run pays nothing for
 * this; the roster looks up a version per line through an index, a miss for
 * everyone who never changed.
 *
 * Existing lines: no earlier versions are known, so they show the current data,
 * which is what they showed before; from now on they never change.
 */
export class RosterAsPaid1764000120000 implements MigrationInterface {
  name = 'RosterAsPaid1764000120000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE talent_versions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        talent_id uuid NOT NULL REFERENCES talents(id),
        valid_until timestamptz(3) NOT NULL,
        name text NOT NULL,
        employer_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX talent_versions_lookup ON talent_versions (talent_id, valid_until, id)`);
    await q.query(`
      CREATE FUNCTION talent_versions_keep() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO talent_versions (talent_id, valid_until, name, employer_id) VALUES (OLD.id, now(), OLD.name, OLD.employer_id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER talent_versions_keep AFTER UPDATE ON talents FOR EACH ROW
        WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.employer_id IS DISTINCT FROM NEW.employer_id)
        EXECUTE FUNCTION talent_versions_keep()`);

    await q.query(`
      CREATE TABLE organization_versions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        valid_until timestamptz(3) NOT NULL,
        name text NOT NULL,
        credit_code text,
        street_id uuid
      )`);
    await q.query(`CREATE INDEX organization_versions_lookup ON organization_versions (organization_id, valid_until, id)`);
    await q.query(`
      CREATE FUNCTION organization_versions_keep() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO organization_versions (organization_id, valid_until, name, credit_code, street_id) VALUES (OLD.id, now(), OLD.name, OLD.credit_code, OLD.street_id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER organization_versions_keep AFTER UPDATE ON organizations FOR EACH ROW
        WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.credit_code IS DISTINCT FROM NEW.credit_code OR OLD.street_id IS DISTINCT FROM NEW.street_id)
        EXECUTE FUNCTION organization_versions_keep()`);

    await q.query(`
      CREATE TABLE workshop_versions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workshop_id uuid NOT NULL REFERENCES workshops(id),
        valid_until timestamptz(3) NOT NULL,
        name text NOT NULL,
        lead_talent_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX workshop_versions_lookup ON workshop_versions (workshop_id, valid_until, id)`);
    await q.query(`
      CREATE FUNCTION workshop_versions_keep() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO workshop_versions (workshop_id, valid_until, name, lead_talent_id) VALUES (OLD.id, now(), OLD.name, OLD.lead_talent_id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER workshop_versions_keep AFTER UPDATE ON workshops FOR EACH ROW
        WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.lead_talent_id IS DISTINCT FROM NEW.lead_talent_id)
        EXECUTE FUNCTION workshop_versions_keep()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER workshop_versions_keep ON workshops`);
    await q.query(`DROP TRIGGER organization_versions_keep ON organizations`);
    await q.query(`DROP TRIGGER talent_versions_keep ON talents`);
    await q.query(`DROP TABLE workshop_versions, organization_versions, talent_versions`);
    await q.query(`DROP FUNCTION workshop_versions_keep(), organization_versions_keep(), talent_versions_keep()`);
  }
}
