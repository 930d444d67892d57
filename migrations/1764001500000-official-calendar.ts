import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, SPEC §3.8 step 6: the years of the official calendar the office
 * enters. The service ships the calendar of the years the `chinese-days`
 * package covers; a row here replaces the package's year (a correction) or
 * adds a year it lacks (a new State Council notice).
 * (The `expert` role is admitted by users_role_check since migration
 * 1764001400000.)
 */
export class OfficialCalendar1764001500000 implements MigrationInterface {
  name = 'OfficialCalendar1764001500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_years (
        year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
        holidays date[] NOT NULL,
        workdays date[] NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_years`);
  }
}
