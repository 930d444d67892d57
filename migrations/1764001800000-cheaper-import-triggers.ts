import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: two per-row costs of an import of new people, measured with
 * EXPLAIN ANALYZE on 10,000 rows.
 *
 * - name_grams, the expression of the talents' name index, was a SQL function
 *   (two generate_series, a UNION and a sorting DISTINCT): about half of the
 *   talents INSERT. The same grams collected in a PL/pgSQL loop cost ~40% less.
 *   Only its elements matter (the GIN index stores elements, searches use @>),
 *   so the elements stay exactly those of the old function, including the use of
 *   length(name) before lowering, and the index built with the old one stays valid.
 * - A designation inserted is marked for the next payment run. The statement
 *   trigger went through payment_mark_dirty (DISTINCT over the ids, ON CONFLICT):
 *   inserted designations are new rows, their ids unique and never yet marked
 *   (a mark needs its designation, and designations are never deleted), so a
 *   plain INSERT gives the same marks; the trigger's time fell by about a third.
 */
export class CheaperImportTriggers1764001800000 implements MigrationInterface {
  name = 'CheaperImportTriggers1764001800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION name_grams(name text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      DECLARE
        lowered text := lower(name);
        n int := length(name);
        grams text[] := '{}';
        g text;
      BEGIN
        FOR i IN 1..n LOOP
          g := substr(lowered, i, 1);
          IF NOT g = ANY(grams) THEN grams := grams || g; END IF;
          IF i < n THEN
            g := substr(lowered, i, 2);
            IF NOT g = ANY(grams) THEN grams := grams || g; END IF;
          END IF;
        END LOOP;
        RETURN grams;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_dirty_from_designations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO payment_dirty (designation_id, mark) SELECT id, nextval('payment_dirty_seq') FROM inserted;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION payment_dirty_from_designations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM payment_mark_dirty(ARRAY(SELECT id FROM inserted));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION name_grams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
          SELECT substr(lower(name), i, 1) AS g FROM generate_series(1, length(name)) i
          UNION ALL
          SELECT substr(lower(name), i, 2) FROM generate_series(1, length(name) - 1) i
        ) grams
      $$`);
  }
}
