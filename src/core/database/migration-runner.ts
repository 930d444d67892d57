import { DataSource } from 'typeorm';

/** Any fixed number: every instance of the service agrees on it. */
const MIGRATION_LOCK_KEY = 7_241_001;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so two
 * instances starting together never both migrate; the second waits and finds
 * nothing left to do.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
