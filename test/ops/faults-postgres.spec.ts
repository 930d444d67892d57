import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { JOBS_QUEUE } from '../../src/core/queue/bullmq-job-runner';
import { JobRunner } from '../../src/core/queue/job-runner';
import { Cleanup, OwnedPostgres, sleep, until } from '../support/ops-processes';
import { ledgerDigest } from '../support/payments-concurrency-world';
import { seedCohort } from '../support/world';
import { withAdminClient } from '../support/pg-admin';
import { startTestApp } from '../support/test-app';
import { TestDatabase } from '../support/test-database';

/**
 * Issue 7 item 2, PostgreSQL restarted during a payment run: an embedded
 * PostgreSQL of this test's own is stopped (fast shutdown: every session cut,
 * the run's transaction rolled back) while the scheduled `payments` job
 * writes its lines, and started again. The job is retried by the runner —
 * BullMQ's attempts and backoff when the run has REDIS_URL, the in-process
 * runner's retries otherwise — and the ledger is exactly that of an
 * uninterrupted run on a copy of the same data.
 */

const PEOPLE = 20_000;
const PERIOD = '2025-10';

describe('faults: PostgreSQL restarted during a payment run', () => {
  const cleanup = new Cleanup();
  let pg: OwnedPostgres;
  const database = (name: string): TestDatabase => ({
    name,
    url: `${pg.base}/${name}`,
    drop: () => withAdminClient(pg.base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  });

  beforeAll(async () => {
    pg = await OwnedPostgres.create();
    cleanup.add(() => pg.destroy());
  }, 120_000);
  // Stops the PostgreSQL this file owns (even when a test failed while it was down) and removes its data.
  afterAll(() => cleanup.run(), 60_000);

  it('the job is retried after the restart and the ledger is that of an uninterrupted run', async () => {
    await withAdminClient(pg.base, (c) => c.query('CREATE DATABASE programme'));
    const programme = database('programme');
    const ds = new DataSource({ type: 'postgres', url: programme.url, migrations: MIGRATIONS, logging: false });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    await seedCohort(programme, PEOPLE);

    // The uninterrupted run, on an exact copy.
    await withAdminClient(pg.base, (c) => c.query('CREATE DATABASE reference TEMPLATE programme'));
    const ref = await startTestApp({ database: database('reference'), queue: false });
    let expected: Awaited<ReturnType<typeof ledgerDigest>>;
    try {
      await ref.http().post('/api/v1/payment-runs').send({ period: PERIOD }).expect(200);
      expected = await ledgerDigest(ref.db);
    } finally {
      await ref.close();
    }
    expect(expected.lines).toBe(PEOPLE * 5);

    // The service (jobs through BullMQ when the run has REDIS_URL), and the scheduled job as a tick enqueues it.
    const t = await startTestApp({ database: programme, env: { QUEUE_PREFIX: `sjct_ops_pg_${process.pid}` } });
    cleanup.add(() => t.close());
    const runner = t.app.get(JobRunner);
    if (runner.mode === 'bullmq') cleanup.add(() => t.app.get<Queue>(getQueueToken(JOBS_QUEUE)).obliterate({ force: true }));
    await runner.enqueue('payments', { asOf: `${PERIOD}-01`, trigger: 'schedule' });

    const watch = async <T>(fn: (c: Client) => Promise<T>): Promise<T | undefined> => {
      const c = new Client({ connectionString: programme.url });
      try {
        await c.connect();
        return await fn(c);
      } catch {
        return undefined; // down, or coming back
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    await until('the run to write its lines', 120, () =>
      watch(async (c) => {
        const { rows } = await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%INSERT INTO payment_lines%' AND state = 'active'`);
        return rows.length > 0;
      }),
    );
    const stoppedAt = Date.now();
    await pg.stop();
    await sleep(1_000);
    await pg.start();
    const downFor = Date.now() - stoppedAt;

    const runs = await until('a succeeded payments run after the restart', 180, () =>
      watch(async (c) => {
        const { rows } = await c.query(`SELECT status FROM job_runs WHERE name = 'payments' ORDER BY started_at`);
        return rows.some((r) => r.status === 'succeeded') ? rows.map((r) => r.status as string) : undefined;
      }),
      250,
    );
    // The interrupted attempt left no line; the retry wrote every line once, and counts as the period's only run.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[runs.length - 1]).toBe('succeeded');
    // An attempt cut off by the restart either recorded its failure or, if it could not, was marked interrupted by the retry.
    expect(runs.slice(0, -1).every((s) => s === 'failed' || s === 'interrupted')).toBe(true);
    expect(await ledgerDigest(t.db)).toEqual(expected);
    const summary = (await t.http().get(`/api/v1/payment-runs/${PERIOD}`).expect(200)).body;
    expect(summary.runs).toBe(1);
    expect((await t.http().get('/health').expect(200)).body).toMatchObject({ status: 'ok', db: 'up' });
    console.info(`PostgreSQL was down ${downFor} ms; job mode ${runner.mode}; job_runs: ${runs.join(', ')}`);
  }, 400_000);
});
