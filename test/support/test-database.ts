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

/** A fresh name the global teardown drops too, and the database of that name on the run's server. */
function newDatabase(): TestDatabase {
  const base = env('TEST_PG_SERVER');
  const name = `${env('TEST_PG_TEMPLATE').replace('sjct_tpl_', 'sjct_t_')}_${randomBytes(4).toString('hex')}`;
  return {
    url: `${base}/${name}`,
    name,
    drop: () => withAdminClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A database of this test file's own: migrated (cloned from the template) or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const database = newDatabase();
  await withAdminClient(env('TEST_PG_SERVER'), (c) => c.query(`CREATE DATABASE ${database.name} ${options.empty ? '' : `TEMPLATE ${env('TEST_PG_TEMPLATE')}`}`));
  return database;
}

/**
 * An exact copy of a test database (CREATE DATABASE … TEMPLATE). The source
 * must have no open connections: close its apps first (a backend may linger a
 * moment after its client left, so a refusal for that is retried).
 */
export async function cloneDatabase(source: TestDatabase): Promise<TestDatabase> {
  const database = newDatabase();
  await withAdminClient(env('TEST_PG_SERVER'), async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${database.name} TEMPLATE ${source.name}`);
        return;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return database;
}
