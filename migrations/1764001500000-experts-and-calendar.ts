import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The users' role check lists the roles; other changes add roles too (the
 * selection's `employer`), so this one reads the list in force and adds
 * `expert` to it rather than writing out a list that could drop another's.
 */
async function setRoles(q: QueryRunner, change: (roles: Set<string>) => void): Promise<void> {
  const rows: { def: string }[] = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'users'::regclass AND conname = 'users_role_check'`,
  );
  const roles = new Set<string>(rows.length === 0 ? [] : [...rows[0].def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]));
  change(roles);
  await q.query(`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check`);
  await q.query(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${[...roles].map((r) => `'${r}'`).join(',')}))`);
}

/**
 * Issue 17, SPEC §3.8 steps 4 and 6: the `expert` role (专业评审), and the
 * years of the official calendar the office enters. The service ships the
 * calendar of the years the `chinese-days` package covers; a row here replaces
 * the package's year (a correction) or adds a year it lacks (a new State
 * Council notice).
 */
export class ExpertsAndCalendar1764001500000 implements MigrationInterface {
  name = 'ExpertsAndCalendar1764001500000';

  async up(q: QueryRunner): Promise<void> {
    await setRoles(q, (roles) => roles.add('expert'));
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
    await q.query(`DELETE FROM users WHERE role = 'expert'`);
    await setRoles(q, (roles) => roles.delete('expert'));
  }
}
