import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOBS_QUEUE } from '../../src/core/queue/bullmq-job-runner';
import { jobIdOf } from '../../src/core/queue/job';
import { JobRegistry } from '../../src/core/queue/job-registry';
import { JobRunner } from '../../src/core/queue/job-runner';
import { ledger, ledgerDigest, LedgerRow, reports, seedWorld, World } from '../support/payments-concurrency-world';
import { userWithRole } from '../support/http';
import { cloneDatabase, clientOf, seedCohort } from '../support/world';
import { ADMIN_TOKEN, startTestApp, TEST_PII_KEY, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';
import { until as pollUntil } from '../support/ops-processes';

/**
 * Issue 4, reliability (SPEC §3.2, §6, §8): the same period run twice, from
 * three processes at the same instant (and through three BullMQ workers), and
 * a process killed in the middle of a run then run again, all leave exactly
 * the lines one uninterrupted run leaves. Plus the monthly `payments` job.
 */

type Summary = { period: string; runs: number; lastRunAt: string | null } & Record<string, unknown>;
type Reference = { lines: LedgerRow[]; reports: Array<Record<string, unknown>>; summaries: Summary[] };

const MAIN = join(__dirname, '../../dist/src/main.js');

/** A summary without what legitimately differs between one run and several: the counter and its instant. */
const comparable = ({ runs: _runs, runNumber: _runNumber, lastRunAt: _at, ...rest }: Summary) => rest;

async function runPeriod(t: TestApp, period: string): Promise<Summary> {
  const res = await t.http().post('/api/v1/payment-runs').send({ period });
  if (res.status !== 200) throw new Error(`run ${period}: expected 200, got ${res.status}: ${res.text}`);
  return res.body as Summary;
}

/** Polls every 25 ms: the kill test must catch a run while it writes its lines. */
const until = <T>(what: string | (() => string), seconds: number, probe: () => Promise<T | undefined | null | false>) => pollUntil(what, seconds, probe, 25);

describe('payment runs: repeated, concurrent and interrupted runs', () => {
  /** The seeded programme every test starts from, as a template: nothing stays connected to it. */
  let seed: TestDatabase;
  let world: World;
  const references = new Map<string, Promise<Reference>>();

  beforeAll(async () => {
    seed = await createTestDatabase();
    const t = await startTestApp({ database: seed, queue: false });
    try {
      world = await seedWorld(t);
    } finally {
      await t.close();
    }
  }, 120_000);
  afterAll(() => seed?.drop());

  /** A fresh copy of the seeded programme, with `count` apps on it acting as separate processes. */
  async function processes(count: number, options: { queue?: boolean; env?: Record<string, string> } = {}) {
    const database = await cloneDatabase(seed);
    const apps = await Promise.all(Array.from({ length: count }, () => startTestApp({ database, queue: options.queue ?? false, env: options.env })));
    return {
      database,
      apps,
      close: async () => {
        await Promise.all(apps.map((a) => a.close()));
        await database.drop();
      },
    };
  }

  /** What the given periods, each run once in order by one process on a copy of the seed, leave behind. */
  function reference(...periods: string[]): Promise<Reference> {
    const key = periods.join(',');
    if (!references.has(key)) {
      references.set(
        key,
        (async () => {
          const p = await processes(1);
          try {
            const summaries: Summary[] = [];
            for (const period of periods) summaries.push(await runPeriod(p.apps[0], period));
            return { lines: await ledger(p.apps[0].db), reports: await reports(p.apps[0].db), summaries };
          } finally {
            await p.close();
          }
        })(),
      );
    }
    return references.get(key)!;
  }

  it('running the same period twice leaves the lines, reports and summary of a single run (the counter says 2)', async () => {
    const single = await reference('2025-01');
    // 2024-07…2025-01: four plain designations × 7 months, four × 2 (from 2024-12), the lower title's 7,
    // the suspended one's 2 and the held one's 3 before they stop; the first grant instalment (2024-09).
    expect(single.lines).toHaveLength(4 * 7 + 4 * 2 + 7 + 2 + 3 + 1);
    expect(single.summaries[0].counts).toEqual({ regular: 9, arrears: 39, clawback: 0, held: 4, superseded: 7, grant: 1 });

    const p = await processes(1);
    try {
      const [t] = p.apps;
      const first = await runPeriod(t, '2025-01');
      const second = await runPeriod(t, '2025-01');
      expect([first.runs, second.runs]).toEqual([1, 2]);
      expect(comparable(second)).toEqual(comparable(single.summaries[0]));
      expect(comparable(first)).toEqual(comparable(second));
      const stored = (await t.http().get('/api/v1/payment-runs/2025-01').expect(200)).body as Summary;
      expect(stored.runs).toBe(2);
      expect(comparable(stored)).toEqual(comparable(single.summaries[0]));
      expect(await ledger(t.db)).toEqual(single.lines);
      expect(await reports(t.db)).toEqual(single.reports);
    } finally {
      await p.close();
    }
  }, 120_000);

  it('re-running each period of a sequence leaves what running each once leaves', async () => {
    const single = await reference('2024-10', '2025-01', '2025-02');
    const p = await processes(1);
    try {
      const [t] = p.apps;
      const summaries: Summary[] = [];
      for (const period of ['2024-10', '2025-01', '2025-02']) {
        await runPeriod(t, period);
        summaries.push(await runPeriod(t, period));
      }
      expect(summaries.map((s) => s.runs)).toEqual([2, 2, 2]);
      expect(summaries.map(comparable)).toEqual(single.summaries.map(comparable));
      for (const period of ['2024-10', '2025-01']) {
        const now = (await t.http().get(`/api/v1/payment-runs/${period}`).expect(200)).body as Summary;
        expect(comparable(now)).toEqual(comparable(single.summaries.find((s) => s.period === period)!));
      }
      expect(await ledger(t.db)).toEqual(single.lines);
      expect(await reports(t.db)).toEqual(single.reports);
    } finally {
      await p.close();
    }
  }, 120_000);

  it('three processes running the same period at the same instant: all 200, the lines of a single run', async () => {
    const single = await reference('2025-01');
    const p = await processes(3);
    try {
      const responses = await Promise.all(p.apps.map((a) => a.http().post('/api/v1/payment-runs').send({ period: '2025-01' })));
      expect(responses.map((r) => [r.status, r.status === 200 ? '' : r.text])).toEqual([
        [200, ''],
        [200, ''],
        [200, ''],
      ]);
      expect(responses.map((r) => r.body.runs).sort()).toEqual([1, 2, 3]);
      for (const r of responses) expect(comparable(r.body)).toEqual(comparable(single.summaries[0]));
      expect(await ledger(p.apps[0].db)).toEqual(single.lines);
      expect(await reports(p.apps[0].db)).toEqual(single.reports);
      const [dupes] = await p.apps[0].db.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM payment_lines WHERE designation_id IS NOT NULL GROUP BY designation_id, for_period HAVING count(*) > 1) x`,
      );
      expect(dupes.n).toBe(0);
    } finally {
      await p.close();
    }
  }, 120_000);

  it('different periods racing from three processes: never a 5xx, never a month paid twice', async () => {
    const single = await reference('2025-02');
    const p = await processes(3);
    try {
      const periods = ['2025-01', '2025-02', '2025-01', '2025-02', '2025-01', '2025-02'];
      const responses = await Promise.all(periods.map((period, i) => p.apps[i % 3].http().post('/api/v1/payment-runs').send({ period })));
      for (const [i, r] of responses.entries()) {
        expect({ period: periods[i], status: r.status }).toEqual({ period: periods[i], status: r.status === 409 ? 409 : 200 });
        // A period earlier than one already run is refused (SPEC §3.2), never a server error.
        if (r.status === 409) expect([periods[i], r.body.message]).toEqual(['2025-01', expect.stringContaining('earlier than the latest run period 2025-02')]);
      }
      expect(responses.some((r, i) => periods[i] === '2025-02' && r.status === 200)).toBe(true);

      const db = p.apps[0].db;
      // Net per designation month (and per grant instalment) exactly what one run of 2025-02 owes.
      const netSql = `SELECT COALESCE(designation_id::text, workshop_id::text) AS subject, for_period, sum(amount_fen)::text AS net
                        FROM payment_lines GROUP BY 1, 2 ORDER BY 1, 2`;
      const nets = await db.query(netSql);
      const expected = new Map<string, bigint>();
      for (const l of single.lines) {
        const key = `${l.designation_id ?? l.workshop_id}|${l.for_period}`;
        expected.set(key, (expected.get(key) ?? 0n) + BigInt(l.amount_fen));
      }
      expect(new Map(nets.map((n: { subject: string; for_period: string; net: string }) => [`${n.subject}|${n.for_period}`, BigInt(n.net)]))).toEqual(expected);
      // Every month of a plain designation's term up to 2025-02: the allowance exactly, in one line.
      const plain: Array<{ months: number; bad: number }> = await db.query(
        `SELECT count(*)::int AS months, count(*) FILTER (WHERE net <> 100000 OR lines <> 1)::int AS bad
           FROM (SELECT designation_id, for_period, sum(amount_fen) AS net, count(*) AS lines
                   FROM payment_lines WHERE designation_id = ANY($1::uuid[]) GROUP BY 1, 2) x`,
        [world.plain],
      );
      // Four designations from 2024-07 (8 months each) and four from 2024-12 (3 months each).
      expect(plain).toEqual([{ months: 4 * 8 + 4 * 3, bad: 0 }]);
      const [{ n: allowanceDupes }] = await db.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM payment_lines WHERE amount_fen > 0 GROUP BY designation_id, workshop_id, for_period, month_index HAVING count(*) > 1) x`,
      );
      expect(allowanceDupes).toBe(0);
    } finally {
      await p.close();
    }
  }, 120_000);

  if (process.env.REDIS_URL) {
    it('three BullMQ workers ticking the payments job together: one job, one run, the lines of a single run', async () => {
      const single = await reference('2025-01');
      const p = await processes(3, { queue: true, env: { QUEUE_PREFIX: `sjct_pay3_${Date.now()}` } });
      const queue = p.apps[0].app.get<Queue>(getQueueToken(JOBS_QUEUE));
      try {
        expect(p.apps.map((a) => a.app.get(JobRunner).mode)).toEqual(['bullmq', 'bullmq', 'bullmq']);
        await Promise.all(p.apps.map((a) => a.app.get(JobRunner).enqueue('payments', { asOf: '2025-01-01', trigger: 'schedule' })));
        const counts = () => queue.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed', 'prioritized');
        await until('the payments job to complete', 90, async () => {
          const c = await counts();
          return c.completed + c.failed >= 1 && c.waiting + c.active + c.delayed + c.prioritized === 0;
        });
        expect(await counts()).toEqual({ completed: 1, waiting: 0, active: 0, delayed: 0, failed: 0, prioritized: 0 });
        const job = await queue.getJob(jobIdOf('payments', '2025-01'));
        expect(job?.id).toBe('payments@2025-01');
        expect(job?.returnvalue).toMatchObject({ period: '2025-01', runs: 1 });
        const runs = await p.apps[0].db.query(`SELECT name, run_key, trigger, status FROM job_runs WHERE name = 'payments'`);
        expect(runs).toEqual([{ name: 'payments', run_key: '2025-01', trigger: 'schedule', status: 'succeeded' }]);
        expect(await ledger(p.apps[0].db)).toEqual(single.lines);
        expect(await reports(p.apps[0].db)).toEqual(single.reports);
      } finally {
        await queue.obliterate({ force: true }).catch(() => undefined);
        await p.close();
      }
    }, 120_000);
  } else {
    it.skip('three BullMQ workers ticking the payments job together (needs REDIS_URL, e.g. redis://127.0.0.1:6379/0)', () => undefined);
  }

  it('the payments job runs the period of asOf, keyed by the period, and skips a closed period', async () => {
    const single = await reference('2025-01');
    const p = await processes(1, { queue: true, env: { QUEUE_PREFIX: `sjct_payjob_${Date.now()}` } });
    const [t] = p.apps;
    try {
      const registry = t.app.get(JobRegistry);
      expect(['2025-01-01', '2025-01-15', '2025-01-31'].map((d) => registry.runKey('payments', d))).toEqual(['2025-01', '2025-01', '2025-01']);
      expect(jobIdOf('payments', registry.runKey('payments', '2025-01-15'))).toBe('payments@2025-01');

      const res = await t.http().post('/api/v1/jobs/payments/run').send({ asOf: '2025-01-15' }).expect(200);
      expect(res.body).toMatchObject({ name: 'payments', asOf: '2025-01-15' });
      const stored = (await t.http().get('/api/v1/payment-runs/2025-01').expect(200)).body;
      expect(res.body.result).toEqual(stored);
      expect(comparable(res.body.result)).toEqual(comparable(single.summaries[0]));
      expect(await ledger(t.db)).toEqual(single.lines);

      const finance = await userWithRole(t, 'finance');
      await t.http(finance).post('/api/v1/payment-runs/2025-01/close').expect(200);
      const skipped = await t.http().post('/api/v1/jobs/payments/run').send({ asOf: '2025-01-20' }).expect(200);
      expect(skipped.body).toEqual({ name: 'payments', asOf: '2025-01-20', result: { period: '2025-01', skipped: 'closed' } });
      expect(await ledger(t.db)).toEqual(single.lines);

      const runs = await t.db.query(`SELECT run_key, as_of::text AS as_of, trigger, status FROM job_runs WHERE name = 'payments' ORDER BY started_at`);
      expect(runs).toEqual([
        { run_key: '2025-01', as_of: '2025-01-15', trigger: 'manual', status: 'succeeded' },
        { run_key: '2025-01', as_of: '2025-01-20', trigger: 'manual', status: 'succeeded' },
      ]);
    } finally {
      if (t.app.get(JobRunner).mode === 'bullmq') await t.app.get<Queue>(getQueueToken(JOBS_QUEUE)).obliterate({ force: true }).catch(() => undefined);
      await p.close();
    }
  }, 120_000);

  if (existsSync(MAIN)) {
    it('a process killed (SIGKILL) in the middle of a run leaves no line; the run repeated leaves those of an uninterrupted run', async () => {
      // Large enough that a run takes a noticeable time: 30,000 designations, five months each.
      const PEOPLE = 30_000;
      const PERIOD = '2025-10';
      const database = await createTestDatabase();
      const cleanup: Array<() => Promise<unknown>> = [() => database.drop()];
      let child: ChildProcess | undefined;
      // Which step a failure happened in, and when: a slow machine shows up here rather than as a bare timeout.
      const started = Date.now();
      let phase = 'seeding';
      const step = (name: string) => (phase = `${name} (from ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      try {
        await seedCohort(database, PEOPLE);

        // The uninterrupted run, on an exact copy made before anything ran.
        step('the reference run');
        const copy = await cloneDatabase(database);
        cleanup.push(() => copy.drop());
        const ref = await startTestApp({ database: copy, queue: false });
        let expected: { summary: Summary; digest: Awaited<ReturnType<typeof ledgerDigest>> };
        try {
          expected = { summary: await runPeriod(ref, PERIOD), digest: await ledgerDigest(ref.db) };
        } finally {
          await ref.close();
        }
        expect(expected.digest.lines).toBe(PEOPLE * 5);

        step('starting the service process');
        // The service as deployed, in a process of its own (api role: no start-up ticks, no other job touching the data).
        const port = await freePort();
        const dataDir = await mkdtemp(join(tmpdir(), 'sjct-sigkill-'));
        cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
        const childEnv: NodeJS.ProcessEnv = { ...process.env };
        for (const name of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'APP_ROLE', 'QUEUE_PREFIX']) delete childEnv[name];
        let output = '';
        child = spawn(process.execPath, [MAIN], {
          env: {
            ...childEnv,
            DATABASE_URL: database.url,
            PII_KEY: TEST_PII_KEY,
            BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
            PORT: String(port),
            DATA_DIR: dataDir,
            LOG_LEVEL: 'warn',
            APP_ROLE: 'api',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
        const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child!.once('exit', (code, signal) => resolve(signal ?? code)));
        await until(() => `the child's /health (it said: ${output})`, 120, async () => {
          if (child!.exitCode !== null) throw new Error(`the service exited early: ${output}`);
          return fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
        });

        const watcher = await clientOf(database);
        cleanup.push(() => watcher.end());
        let answered: number | undefined;
        const request = fetch(`http://127.0.0.1:${port}/api/v1/payment-runs`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ period: PERIOD }),
        }).then(
          (r) => (answered = r.status),
          () => undefined,
        );
        // Killed while the run's transaction writes its lines (or, should the poll miss that statement, in any
        // later one before COMMIT: its lines are written by then, uncommitted).
        step('waiting for the run to write its lines');
        let evaluated = false;
        const killedIn = await until(() => `the run to be writing its lines (the request answered ${answered ?? 'nothing'})`, 120, async () => {
          if (answered !== undefined) throw new Error(`the run finished (HTTP ${answered}) before it could be killed`);
          const { rows } = await watcher.query(
            `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query <> ''`,
          );
          for (const { query } of rows as Array<{ query: string }>) {
            if (query.includes('INSERT INTO payment_lines')) return query;
            if (query.includes('CREATE TEMP TABLE run_eval')) evaluated = true;
            else if (evaluated && !/^\s*(COMMIT|ROLLBACK)/i.test(query)) return query;
          }
          return undefined;
        });
        const { rows: childBackends } = await watcher.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
        child.kill('SIGKILL');
        step(`killed in: ${killedIn.trim().slice(0, 60)}…`);
        expect(await exited).toBe('SIGKILL');
        await request;
        expect(answered).toBeUndefined();

        // Its orphaned backends finish their statement, find the client gone and roll back.
        const pids = childBackends.map((r: { pid: number }) => r.pid);
        step('waiting for the killed process’s sessions to end');
        await until('the killed process’s database sessions to end', 120, async () => {
          const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])`, [pids]);
          return rows[0].n === 0;
        });
        const { rows: after } = await watcher.query(
          `SELECT (SELECT count(*)::int FROM payment_lines) AS lines, (SELECT count(*)::int FROM payment_periods) AS periods,
                  (SELECT count(*)::int FROM payment_run_reports) AS reports, (SELECT count(*)::int FROM payment_dirty) AS dirty`,
        );
        expect(after).toEqual([{ lines: 0, periods: 0, reports: 0, dirty: PEOPLE }]);

        // The run repeated by another process: the lines of the uninterrupted run, and it counts as the first run.
        step('the repeated run');
        const again = await startTestApp({ database, queue: false });
        try {
          const summary = await runPeriod(again, PERIOD);
          expect(summary.runs).toBe(1);
          expect(comparable(summary)).toEqual(comparable(expected.summary));
          expect(await ledgerDigest(again.db)).toEqual(expected.digest);
        } finally {
          await again.close();
        }
      } catch (error) {
        if (error instanceof Error) error.message = `[${phase}, failed after ${((Date.now() - started) / 1000).toFixed(1)} s] ${error.message}`;
        throw error;
      } finally {
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        for (const step of cleanup.reverse()) await step().catch(() => undefined);
      }
    }, 300_000);
  } else {
    it.skip('a process killed (SIGKILL) mid-run (needs the compiled service: run `npm run build` for dist/src/main.js)', () => undefined);
  }
});
