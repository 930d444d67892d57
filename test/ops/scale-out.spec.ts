import { Queue } from 'bullmq';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { addPeriods, businessDateOf, periodOf } from '../../src/core/clock/business-date';
import { JOBS_QUEUE } from '../../src/core/queue/bullmq-job-runner';
import { jobIdOf } from '../../src/core/queue/job';
import { redisOptionsFromUrl } from '../../src/core/queue/redis-connection';
import { announceSkip, call, Cleanup, MAIN, ServiceProcess, startService, until } from '../support/ops-processes';
import { runYearScript, ScriptStats, YearOutcome, yearOutcome } from '../support/ops-year-script';
import { startSmtp, TestSmtp } from '../support/smtp';
import { startTestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { clientOf } from '../support/world';
import { createTestDatabase } from '../support/test-database';

/**
 * Issue 7 item 1: the production shape — two `APP_ROLE=api` and two
 * `APP_ROLE=worker` processes of the compiled service on one PostgreSQL and
 * one Redis — driven through a whole simulated year (every day's jobs run
 * with asOf through POST /jobs/{name}/run, designations, adjustments, a
 * workshop, assessment results and a period close on the way) leaves exactly
 * the ledger, assessment tasks, adjustments and e-mails that one in-process
 * app running the same script leaves, and every e-mail reaches the SMTP
 * server exactly once.
 *
 * It needs the machine's PostgreSQL and Redis (DATABASE_URL and REDIS_URL,
 * as the second pass of .ci/run sets them); without them it is skipped with a
 * message. Its own database and queue prefix keep it apart from other files.
 */

const missing = [
  process.env.DATABASE_URL ? undefined : 'DATABASE_URL',
  process.env.REDIS_URL ? undefined : 'REDIS_URL',
  existsSync(MAIN) ? undefined : 'dist/src/main.js (run `npm run build`)',
].filter(Boolean);
if (missing.length > 0) {
  announceSkip('test/ops/scale-out.spec.ts', `it needs the machine's PostgreSQL and Redis; missing ${missing.join(', ')}`);
}
const maybe = missing.length > 0 ? describe.skip : describe;

const PUBLIC_URL = 'http://sjct.example';
/** Cron ticks other than the relay would run jobs as of the real today; the script runs every day's jobs itself. */
const NEVER = '0 0 29 2 *';

/** The app's clock follows the wall clock, as the child processes' does: only asOf moves the programme's days. */
class WallClock extends TestClock {
  override now(): Date {
    return new Date();
  }
}

function mailsById(smtp: TestSmtp): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of smtp.received) {
    const id = /^Message-ID:\s*<([0-9a-f-]{36})@songjiang-chief-technician>/im.exec(m.raw)?.[1];
    if (id) count.set(id, (count.get(id) ?? 0) + 1);
  }
  return count;
}

maybe(`scale-out: 2 api and 2 worker processes on one PostgreSQL and one Redis${missing.length > 0 ? ` (skipped: set ${missing.join(', ')})` : ''}`, () => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run(), 60_000);

  it('a simulated year leaves the ledger, tasks and e-mails of a single in-process run, line for line', async () => {
    const timings: Record<string, number> = {};
    let started = Date.now();
    const lap = (name: string) => {
      timings[name] = Math.round((Date.now() - started) / 100) / 10;
      started = Date.now();
    };

    // The reference: one app in this process, jobs inline (no Redis), the same script over HTTP.
    let reference: { outcome: YearOutcome; stats: ScriptStats; mails: Map<string, number> };
    {
      const smtp = await startSmtp();
      cleanup.add(() => smtp.close());
      const t = await startTestApp({ queue: false, clock: new WallClock(), env: { PUBLIC_URL, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
      cleanup.add(() => t.close());
      await t.app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
      const stats = await runYearScript((method, path, body, token) => call(base, method, path, body, token));
      reference = { outcome: await yearOutcome(t.db), stats, mails: mailsById(smtp) };
    }
    lap('reference run');

    // The shape: its own database and queue prefix on the machine's PostgreSQL and Redis.
    const database = await createTestDatabase();
    cleanup.add(() => database.drop());
    const prefix = `sjct_scale_${process.pid}_${randomBytes(3).toString('hex')}`;
    const queue = new Queue(JOBS_QUEUE, { connection: redisOptionsFromUrl(process.env.REDIS_URL!), prefix });
    cleanup.add(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
    });
    // A run of the real current period would close the door on the script's 2025 periods (a period earlier
    // than the latest run is refused). A fresh database catches nothing up (SPEC §3.7); the job ids stay
    // parked anyway, so a regression shows as a stray run rather than a blocked script.
    const today = businessDateOf(new Date());
    for (const period of [periodOf(today), addPeriods(periodOf(today), 1)]) {
      await queue.add('payments', { asOf: today, trigger: 'startup' }, { jobId: jobIdOf('payments', period), delay: 365 * 86_400_000 });
    }
    const smtp = await startSmtp();
    cleanup.add(() => smtp.close());
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      PUBLIC_URL,
      SCHEDULE_PAYMENTS: NEVER,
      SCHEDULE_LIFECYCLE: NEVER,
      SCHEDULE_ASSESSMENTS: NEVER,
      SCHEDULE_SELECTION: NEVER,
      LOG_LEVEL: 'warn',
    };
    const processes: ServiceProcess[] = [];
    cleanup.add(() => Promise.all(processes.map((p) => p.stop())));
    // Migrations run under an advisory lock: the four start together.
    const starting = [
      startService('worker-1', { role: 'worker', env }),
      startService('worker-2', { role: 'worker', env }),
      startService('api-1', { role: 'api', env }),
      startService('api-2', { role: 'api', env }),
    ];
    const settled = await Promise.allSettled(starting);
    for (const s of settled) if (s.status === 'fulfilled') processes.push(s.value);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const apis = processes.filter((p) => p.name.startsWith('api'));
    const watcher = await clientOf(database);
    cleanup.add(() => watcher.end());
    // A fresh database: the workers' start-up catches up nothing (SPEC §3.7), so day 0 starts clean.
    const { rows: startupRuns } = await watcher.query(`SELECT count(*)::int AS n FROM job_runs WHERE trigger = 'startup'`);
    expect(startupRuns[0].n).toBe(0);
    lap('start 4 processes');

    let turn = 0;
    const stats = await runYearScript((method, path, body, token) => call(apis[turn++ % apis.length].url!, method, path, body, token));
    lap('scaled run');
    // The workers' relay ticks (every 15 s) may be sending alongside the script's own runs: let them settle.
    await until('no mail pending', 60, async () => {
      const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'pending' OR lease_until IS NOT NULL`);
      return rows[0].n === 0;
    });
    const scaled = { outcome: await yearOutcome(watcher), stats, mails: mailsById(smtp) };

    // Both ran the whole script, and did work worth comparing.
    expect(scaled.stats).toEqual(reference.stats);
    expect(reference.stats.jobRuns).toBe(365 * 3 + 12);
    const kinds = new Set(reference.outcome.ledger.map((l) => JSON.parse(l).kind));
    expect([...kinds].sort()).toEqual(['arrears', 'clawback', 'grant', 'regular']);
    const purposes = new Set(reference.outcome.notifications.map((l) => JSON.parse(l).purpose));
    expect([...purposes].sort()).toEqual(['adjustment.proposed', 'assessment.escalation', 'assessment.opened', 'assessment.reminder', 'payment_run.completed']);
    expect(reference.outcome.ledger.length).toBeGreaterThan(100);
    expect(reference.outcome.tasks.map((l) => JSON.parse(l).status).sort()).toEqual(['cancelled', 'done', 'done', 'overdue', 'overdue', 'overdue']);
    expect(reference.outcome.adjustments.map((l) => `${JSON.parse(l).reason}:${JSON.parse(l).status}`).sort()).toEqual([
      'assessment_failed:pending',
      'moved_out_of_district:approved',
      'position_changed:rejected',
      'retired:approved',
    ]);
    expect(reference.outcome.notifications.every((l) => JSON.parse(l).status === 'sent')).toBe(true);

    // Line for line.
    expect(scaled.outcome.ledger).toEqual(reference.outcome.ledger);
    expect(scaled.outcome.reports).toEqual(reference.outcome.reports);
    expect(scaled.outcome.tasks).toEqual(reference.outcome.tasks);
    expect(scaled.outcome.adjustments).toEqual(reference.outcome.adjustments);
    expect(scaled.outcome.designations).toEqual(reference.outcome.designations);
    expect(scaled.outcome.notifications).toEqual(reference.outcome.notifications);
    // Every mail reached the SMTP server exactly once, in both shapes.
    for (const run of [reference, scaled]) {
      expect([...run.mails.keys()].sort()).toEqual(run.outcome.notificationIds);
      expect([...run.mails.values()].every((n) => n === 1)).toBe(true);
    }
    // Both workers were connected to the queue through the year.
    expect((await queue.getWorkers()).length).toBeGreaterThanOrEqual(2);
    for (const p of processes) expect(p.output()).not.toMatch(/"level":(50|60)/);
    console.info(`scale-out timings (s): ${JSON.stringify(timings)}; ${stats.jobRuns} job runs, ${stats.apiCalls} API calls per run`);
  }, 600_000);
});
