import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { startEmbeddedServer } from '../../src/core/database/embedded-database';
import { serverUrl, withAdminClient } from './pg-admin';
import { freePort } from './free-port';

/**
 * One PostgreSQL for the run (embedded unless DATABASE_URL is set) and one
 * migrated template database; every test file clones its own database from it.
 */
export default async function globalSetup(): Promise<void> {
  let base: string;
  if (process.env.DATABASE_URL) {
    base = serverUrl(process.env.DATABASE_URL);
  } else {
    // The tests make and clone their databases as the superuser; the service's own role is tested in test/core/embedded-database.spec.ts.
    const dataDir = await mkdtemp(join(tmpdir(), 'sjct-test-pg-'));
    const db = await startEmbeddedServer({ dataDir, port: await freePort(), persistent: false, log: () => undefined });
    (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg = db;
    base = db.superuserUrl;
  }
  const template = `sjct_tpl_${process.pid}_${Date.now()}`;
  await withAdminClient(base, (c) => c.query(`CREATE DATABASE ${template}`));
  const ds = new DataSource({ type: 'postgres', url: `${base}/${template}`, migrations: MIGRATIONS, logging: false });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_PG_SERVER = base;
  process.env.TEST_PG_TEMPLATE = template;
}
