import { randomBytes } from 'node:crypto';
import { withAdminClient } from './pg-admin';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (global-setup.ts)`);
  return value;
}

/** A database of this test file's own: migrated (cloned from the template) or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const base = env('TEST_PG_SERVER');
  const template = env('TEST_PG_TEMPLATE');
  const name = `${template.replace('sjct_tpl_', 'sjct_t_')}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(base, (c) => c.query(`CREATE DATABASE ${name} ${options.empty ? '' : `TEMPLATE ${template}`}`));
  return {
    url: `${base}/${name}`,
    name,
    drop: () => withAdminClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
