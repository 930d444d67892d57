import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: the score table of a round (300 applications × 7 experts in the
 * bench) summed and ranked 2,100 sheets on every request, though sheets change
 * only while experts score and the office reads the table many times after.
 * The service keeps each round's summed and ranked sheets and reuses them
 * while the round's version here is unchanged. Every statement that writes
 * sheets moves the version of each round it touched, in its own transaction,
 * so a reader sees the new sheets and the new version together or neither.
 * Versions come from one sequence, so a version is never given twice (not
 * after a TRUNCATE either, which moves every round's).
 */
/** The triggers that move a round's version: name, event, and which rows name the rounds (an update: both). */
const MOVING_TRIGGERS = [
  ['insert', 'INSERT', 'NEW'],
  ['update_old', 'UPDATE', 'OLD'],
  ['update_new', 'UPDATE', 'NEW'],
  ['delete', 'DELETE', 'OLD'],
] as const;

export class ScoreTableVersion1764002900000 implements MigrationInterface {
  name = 'ScoreTableVersion1764002900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE selection_score_version_seq`);
    await q.query(`
      CREATE TABLE selection_score_versions (
        round_id uuid PRIMARY KEY REFERENCES selection_rounds(id),
        version bigint NOT NULL
      )`);
    await q.query(`
      INSERT INTO selection_score_versions (round_id, version)
      SELECT r.round_id, nextval('selection_score_version_seq')
        FROM (SELECT DISTINCT a.round_id FROM selection_scores sc JOIN selection_applications a ON a.id = sc.application_id) r`);
    // One function for every event: each trigger names its transition table "changed" (the old rows for an update or
    // a delete; an update cannot move a sheet to another application's round without the old round moving too, and
    // the new application's round is moved by the new rows' trigger below).
    await q.query(`
      CREATE FUNCTION selection_scores_move_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO selection_score_versions (round_id, version)
        SELECT r.round_id, nextval('selection_score_version_seq')
          FROM (SELECT DISTINCT a.round_id FROM changed c JOIN selection_applications a ON a.id = c.application_id ORDER BY 1) r
        ON CONFLICT (round_id) DO UPDATE SET version = excluded.version;
        RETURN NULL;
      END $$`);
    for (const [name, event, rows] of MOVING_TRIGGERS) {
      await q.query(`
        CREATE TRIGGER selection_scores_version_${name} AFTER ${event} ON selection_scores
        REFERENCING ${rows} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION selection_scores_move_version()`);
    }
    await q.query(`
      CREATE FUNCTION selection_scores_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE selection_score_versions SET version = nextval('selection_score_version_seq');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER selection_scores_version_truncate AFTER TRUNCATE ON selection_scores FOR EACH STATEMENT EXECUTE FUNCTION selection_scores_truncated()`);
    // A sheet's round is its application's: moving an application to another round would leave the old round's
    // table stale, and nothing in the service does it.
    await q.query(`
      CREATE FUNCTION selection_applications_keep_round() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an application stays in its round' USING ERRCODE = 'check_violation', CONSTRAINT = 'selection_applications_round_fixed';
      END $$`);
    await q.query(`
      CREATE TRIGGER selection_applications_round_fixed BEFORE UPDATE OF round_id ON selection_applications
      FOR EACH ROW WHEN (old.round_id IS DISTINCT FROM new.round_id) EXECUTE FUNCTION selection_applications_keep_round()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER selection_applications_round_fixed ON selection_applications`);
    await q.query(`DROP FUNCTION selection_applications_keep_round()`);
    for (const name of [...MOVING_TRIGGERS.map(([n]) => n), 'truncate']) await q.query(`DROP TRIGGER selection_scores_version_${name} ON selection_scores`);
    await q.query(`DROP FUNCTION selection_scores_truncated(), selection_scores_move_version()`);
    await q.query(`DROP TABLE selection_score_versions`);
    await q.query(`DROP SEQUENCE selection_score_version_seq`);
  }
}
