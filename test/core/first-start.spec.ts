import { JobScheduler } from '../../src/core/queue/job-scheduler';
import { latestTickAtOrBefore } from '../../src/core/queue/schedule-ticks';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Cron ticks that never fire during a test: only the start-up catch-up is under test. */
const QUIET = { SCHEDULE_NOTIFICATIONS: '0 0 29 2 *' };
const HOUR = 3_600_000;

async function startWithScheduler(database: TestDatabase, clock: TestClock): Promise<{ t: TestApp; caughtUp: Record<string, string | null> }> {
  const t = await startTestApp({ database, clock, queue: false, schedule: true, env: QUIET });
  return { t, caughtUp: await t.app.get(JobScheduler).caughtUp };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('first start and the start-up catch-up (SPEC §3.7, §6)', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it.each(['2026-11-01', '2026-11-23', '2027-01-01'])('a fresh database started on %s runs nothing and has no payment period', async (date) => {
    const clock = new TestClock(date);
    const { t, caughtUp } = await startWithScheduler(database, clock);
    try {
      expect(caughtUp).toEqual({ notifications: null, lifecycle: null, payments: null, assessments: null, selection: null });
      expect(await t.db.query(`SELECT period FROM payment_periods`)).toEqual([]);
      expect(await t.db.query(`SELECT name FROM job_runs`)).toEqual([]);
      // Finance can still run an earlier period first: nothing of the current one blocks it.
      await t.http().post('/api/v1/payment-runs').send({ period: '2026-09' }).expect(200);
    } finally {
      await t.close();
    }
  });

  it('a service that ran payments for 2026-10 and was down over 2026-11-01 02:00 runs 2026-11 at start, once', async () => {
    const before = await startTestApp({ database, clock: new TestClock('2026-10-02'), queue: false });
    await before.http().post('/api/v1/payment-runs').send({ period: '2026-10' }).expect(200);
    await before.close();

    // Back up in the same month: no tick was missed.
    {
      const { t, caughtUp } = await startWithScheduler(database, new TestClock('2026-10-30'));
      expect(caughtUp.payments).toBeNull();
      await t.close();
    }
    const { t, caughtUp } = await startWithScheduler(database, new TestClock('2026-11-05'));
    try {
      expect(caughtUp.payments).toBe('2026-11-01');
      await until('the 2026-11 run', async () => (await t.db.query(`SELECT 1 FROM payment_periods WHERE period = '2026-11' AND runs > 0`)).length === 1);
      await until('the job run recorded', async () => (await t.db.query(`SELECT 1 FROM job_runs WHERE name = 'payments' AND status = 'succeeded'`)).length === 1);
      expect(await t.db.query(`SELECT run_key, as_of::text AS as_of, trigger FROM job_runs WHERE name = 'payments'`)).toEqual([
        { run_key: '2026-11', as_of: '2026-11-01', trigger: 'startup' },
      ]);
    } finally {
      await t.close();
    }
    // Started again the same month, the period is not run twice.
    const again = await startWithScheduler(database, new TestClock('2026-11-20'));
    expect(again.caughtUp.payments).toBeNull();
    await again.t.close();
  });

  it('daily jobs that ran catch up the latest missed day once, as of that day', async () => {
    const before = await startTestApp({ database, clock: new TestClock('2026-10-20'), queue: false });
    await before.http().post('/api/v1/jobs/lifecycle/run').send({}).expect(200);
    await before.http().post('/api/v1/jobs/assessments/run').send({}).expect(200);
    await before.close();

    // 00:30 on the 25th: the latest ticks (01:00, 01:30) fell on the 24th.
    const early = new TestClock('2026-10-25');
    early.advance(-11.5 * HOUR);
    {
      const { t, caughtUp } = await startWithScheduler(database, early);
      expect(caughtUp).toMatchObject({ lifecycle: '2026-10-24', assessments: '2026-10-24', payments: null });
      await until('both daily runs', async () => (await t.db.query(`SELECT 1 FROM job_runs WHERE trigger = 'startup' AND status = 'succeeded'`)).length === 2);
      await t.close();
    }
    // Noon the same day: the 25th's ticks were missed too.
    const { t, caughtUp } = await startWithScheduler(database, new TestClock('2026-10-25'));
    try {
      expect(caughtUp).toMatchObject({ lifecycle: '2026-10-25', assessments: '2026-10-25' });
      await until('both daily runs', async () => (await t.db.query(`SELECT 1 FROM job_runs WHERE trigger = 'startup' AND status = 'succeeded'`)).length === 4);
      expect(await t.db.query(`SELECT name, as_of::text AS as_of FROM job_runs WHERE trigger = 'startup' ORDER BY as_of, name`)).toEqual([
        { name: 'assessments', as_of: '2026-10-24' },
        { name: 'lifecycle', as_of: '2026-10-24' },
        { name: 'assessments', as_of: '2026-10-25' },
        { name: 'lifecycle', as_of: '2026-10-25' },
      ]);
    } finally {
      await t.close();
    }
  });

  it('finds the latest tick of monthly, daily, 15-second and leap-day schedules', () => {
    const at = (iso: string) => new Date(iso);
    expect(latestTickAtOrBefore('0 2 1 * *', at('2026-11-05T12:00:00+08:00'))).toEqual(at('2026-11-01T02:00:00+08:00'));
    expect(latestTickAtOrBefore('0 2 1 * *', at('2026-11-01T01:59:00+08:00'))).toEqual(at('2026-10-01T02:00:00+08:00'));
    expect(latestTickAtOrBefore('0 2 1 * *', at('2026-11-01T02:00:00+08:00'))).toEqual(at('2026-11-01T02:00:00+08:00'));
    expect(latestTickAtOrBefore('0 1 * * *', at('2026-10-25T00:30:00+08:00'))).toEqual(at('2026-10-24T01:00:00+08:00'));
    expect(latestTickAtOrBefore('*/15 * * * * *', at('2026-10-25T00:30:07+08:00'))).toEqual(at('2026-10-25T00:30:00+08:00'));
    expect(latestTickAtOrBefore('0 0 29 2 *', at('2026-10-25T00:30:00+08:00'))).toEqual(at('2024-02-29T00:00:00+08:00'));
  });
});
