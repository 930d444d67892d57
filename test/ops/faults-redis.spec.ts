import { Queue } from 'bullmq';
import { existsSync } from 'node:fs';
import { businessDateOf, periodOf } from '../../src/core/clock/business-date';
import { JOBS_QUEUE } from '../../src/core/queue/bullmq-job-runner';
import { redisOptionsFromUrl } from '../../src/core/queue/redis-connection';
import { announceSkip, call, Cleanup, MAIN, OwnedRedis, REDIS_SERVER, ServiceProcess, sleep, startService, until } from '../support/ops-processes';
import { clientOf } from '../support/world';
import { startSmtp, TestSmtp } from '../support/smtp';
import { createTestDatabase } from '../support/test-database';

/**
 * Issue 7 item 2, Redis unavailable: an `api` and a `worker` process on a
 * redis-server of the test's own, which is killed for a while (its data
 * gone, as after a crash without persistence) and started again. While it is
 * down the API keeps answering (reads, writes, a payment run that writes a
 * mail to the outbox; /health says 503 queue down, fast); the worker's
 * schedule ticks are not lost — a relay tick that fired during the outage is
 * in the queue once Redis is back — and the mail written during the outage
 * goes out, exactly once, by the schedule alone.
 */

const why = !existsSync(MAIN) ? 'dist/src/main.js is missing (run `npm run build`)' : !REDIS_SERVER ? 'no redis-server binary on this machine' : undefined;
if (why) announceSkip('test/ops/faults-redis.spec.ts', why);
const maybe = why ? describe.skip : describe;
const NEVER = '0 0 29 2 *';

function deliveries(smtp: TestSmtp): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of smtp.received) {
    const id = /^Message-ID:\s*<([0-9a-f-]{36})@/im.exec(m.raw)?.[1];
    if (id) count.set(id, (count.get(id) ?? 0) + 1);
  }
  return count;
}

maybe('faults: Redis unavailable', () => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run(), 60_000);

  it('the API keeps answering, ticks made during the outage are queued when Redis returns, and the mails go out once', async () => {
    const started = Date.now();
    const redis = await OwnedRedis.start();
    cleanup.add(() => redis.halt());
    const database = await createTestDatabase();
    cleanup.add(() => database.drop());
    const smtp = await startSmtp();
    cleanup.add(() => smtp.close());
    const prefix = `sjct_ops_redis_${process.pid}`;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SCHEDULE_NOTIFICATIONS: '*/2 * * * * *',
      SCHEDULE_PAYMENTS: NEVER,
      SCHEDULE_LIFECYCLE: NEVER,
      SCHEDULE_ASSESSMENTS: NEVER,
      SCHEDULE_SELECTION: NEVER,
    };
    const processes: ServiceProcess[] = [];
    cleanup.add(() => Promise.all(processes.map((p) => p.stop())));
    for (const s of await Promise.allSettled([startService('api-1', { role: 'api', env }), startService('worker-1', { role: 'worker', env })])) {
      if (s.status === 'fulfilled') processes.push(s.value);
      else throw s.reason;
    }
    const [api, worker] = processes;
    const watcher = await clientOf(database);
    cleanup.add(() => watcher.end());
    const get = (path: string) => call(api.url!, 'GET', path);
    const post = (path: string, body: unknown) => call(api.url!, 'POST', path, body);

    // A fresh installation runs no period by itself (SPEC §3.7): the API's runs below are the period's only ones.
    const period = periodOf(businessDateOf(new Date()));
    expect((await watcher.query(`SELECT 1 FROM payment_periods`)).rows).toEqual([]);
    expect((await post('/api/v1/users', { name: '人社财务', role: 'finance', email: 'finance@songjiang.example' })).status).toBe(201);
    const mailOf = async (run: number) =>
      (await watcher.query(`SELECT id::text AS id, status FROM notifications WHERE dedupe_key = $1`, [`payment_run.completed:${period}:${run}`])).rows[0] as
        | { id: string; status: string }
        | undefined;

    // Before: a payment run's mail goes out through the scheduled relay.
    const before = await post('/api/v1/payment-runs', { period });
    expect(before.status).toBe(200);
    const beforeRun = before.body.runs as number;
    const first = await until('the first mail to be sent', 90, async () => ((await mailOf(beforeRun))?.status === 'sent' ? mailOf(beforeRun) : undefined));
    expect((await get('/health')).body).toEqual({ status: 'ok', db: 'up', queue: 'up' });

    // Killed: it comes back empty (no persistence), so a relay job stamped inside the outage can only be
    // a tick that fired while Redis was down, held by the client and enqueued when Redis returned.
    await redis.halt();
    const stoppedAt = Date.now();
    const resumeAt = stoppedAt + 10_000;

    const timed = async (what: () => Promise<{ status: number }>) => {
      const t0 = Date.now();
      const res = await what();
      return { status: res.status, ms: Date.now() - t0 };
    };
    const health = await timed(() => get('/health'));
    expect(health.status).toBe(503);
    expect(health.ms).toBeLessThan(5_000);
    expect((await get('/health')).body).toEqual({ status: 'degraded', db: 'up', queue: 'down' });
    expect((await timed(() => get('/api/v1/users'))).status).toBe(200);
    const created = await timed(() => post('/api/v1/organizations', { name: '岳阳街道', kind: 'street' }));
    expect(created.status).toBe(201);
    expect(created.ms).toBeLessThan(5_000);
    const during = await post('/api/v1/payment-runs', { period });
    expect(during.status).toBe(200);
    expect(during.body.runs).toBe(beforeRun + 1);
    const outageMail = (await mailOf(beforeRun + 1))!;
    expect(outageMail.status).toBe('pending');
    await sleep(Math.max(0, resumeAt - Date.now()));
    // Nothing was relayed while Redis was down.
    expect((await mailOf(beforeRun + 1))!.status).toBe('pending');
    expect(deliveries(smtp).has(outageMail.id)).toBe(false);

    await redis.resume();
    const resumedAt = Date.now();
    // The mail written during the outage goes out by the schedule alone, once.
    await until('the outage mail to be sent', 120, async () => (await mailOf(beforeRun + 1))?.status === 'sent');
    await until('the API to report the queue up', 30, async () => (await get('/health')).status === 200);
    const queue = new Queue(JOBS_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix });
    cleanup.add(() => queue.close());
    // A relay tick that fired while Redis was down was enqueued when it came back (stamped when it fired).
    const jobs = await queue.getJobs(['completed', 'active', 'wait', 'failed']);
    const fromOutage = jobs.filter((j) => j.name === 'notifications' && j.timestamp >= stoppedAt && j.timestamp < resumedAt);
    expect(fromOutage.length).toBeGreaterThanOrEqual(1);
    expect(fromOutage.every((j) => !j.failedReason)).toBe(true);
    expect(worker.output()).not.toContain('could not enqueue');

    const sent = deliveries(smtp);
    expect(sent.get(first!.id)).toBe(1);
    expect(sent.get(outageMail.id)).toBe(1);
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    // Jobs run on demand again.
    expect((await post('/api/v1/jobs/notifications/run', {})).status).toBe(200);
    console.info(
      `Redis down ${resumedAt - stoppedAt} ms; ${fromOutage.length} tick(s) from the outage queued (${fromOutage.map((j) => j.id).join(', ')}); test ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }, 300_000);
});
