import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { runMigrationsLocked } from '../../src/core/database/migration-runner';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';

describe('migrations', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterEach(() => database.drop());

  it('lists every migration file in migrations/index.ts, oldest first', () => {
    const files = readdirSync(join(__dirname, '../../migrations')).filter((f) => /^\d+-.+\.ts$/.test(f)).sort();
    const listed = MIGRATIONS.map((m) => new m().name);
    expect(listed).toHaveLength(files.length);
    expect(files.map((f) => f.split('-')[0])).toEqual(listed.map((n) => n.match(/\d+$/)![0]));
  });

  it('builds the whole schema on an empty database, and reverts it', async () => {
    const ds = new DataSource({ type: 'postgres', url: database.url, migrations: MIGRATIONS, logging: false });
    await ds.initialize();
    try {
      expect(await runMigrationsLocked(ds)).toHaveLength(MIGRATIONS.length);
      const tables: Array<{ tablename: string }> = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
      expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['users', 'api_tokens', 'organizations', 'audit_events', 'notifications', 'job_runs']));
      expect(await runMigrationsLocked(ds)).toEqual([]);
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left: Array<{ tablename: string }> = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
      expect(left).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('lets only one of two instances starting together migrate; both start', async () => {
    const [a, b] = await Promise.all([startTestApp({ database, queue: false }), startTestApp({ database, queue: false })]);
    try {
      const applied: Array<{ name: string; n: number }> = await a.db.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
      expect(applied).toHaveLength(MIGRATIONS.length);
      expect(applied.every((m) => m.n === 1)).toBe(true);
      const admins = await a.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
      expect(admins).toEqual([{ n: 1 }]);
      await a.http().get('/api/v1/audit-events').expect(200);
      await b.http().get('/api/v1/audit-events').expect(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
