import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Job, JobHandler } from '../../src/core/queue/job';
import { JobRegistry } from '../../src/core/queue/job-registry';
import { JobRunner } from '../../src/core/queue/job-runner';
import { JOBS_QUEUE } from '../../src/core/queue/bullmq-job-runner';
import { startTestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

@JobHandler('notifications')
class FirstRelay implements Job {
  runKey = (asOf: string) => asOf;
  run = async () => 'first';
}

@JobHandler('notifications')
class SecondRelay implements Job {
  runKey = (asOf: string) => asOf;
  run = async () => 'second';
}

async function registryWith(...handlers: Array<new () => Job>): Promise<void> {
  @Module({ imports: [DiscoveryModule], providers: [JobRegistry, ...handlers, { provide: DataSource, useValue: {} }] })
  class Probe {}
  const moduleRef = await Test.createTestingModule({ imports: [Probe] }).compile();
  await moduleRef.init();
  await moduleRef.close();
}

describe('jobs', () => {
  it('refuses to start when a job has no handler, or two', async () => {
    await expect(registryWith()).rejects.toThrow(/^no handler for job\(s\): notifications, lifecycle, payments, assessments, selection$/);
    await expect(registryWith(FirstRelay, SecondRelay)).rejects.toThrow("job 'notifications' has two handlers");
    await expect(registryWith(FirstRelay)).rejects.toThrow(/^no handler for job\(s\): lifecycle, payments, assessments, selection$/);
  });

  it('runs a job as of a date through POST /jobs/{name}/run and records the run', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http().post('/api/v1/jobs/notifications/run').send({ asOf: '2026-12-01' }).expect(200);
      expect(res.body).toEqual({ name: 'notifications', asOf: '2026-12-01', result: { sent: 0, retrying: 0, failed: 0 } });
      const today = await t.http().post('/api/v1/jobs/notifications/run').send({}).expect(200);
      expect(today.body.asOf).toBe('2026-11-23');
      const runs = await t.db.query(`SELECT name, as_of::text AS as_of, trigger, status FROM job_runs ORDER BY started_at`);
      expect(runs).toEqual([
        { name: 'notifications', as_of: '2026-12-01', trigger: 'manual', status: 'succeeded' },
        { name: 'notifications', as_of: '2026-11-23', trigger: 'manual', status: 'succeeded' },
      ]);
    } finally {
      await t.close();
    }
  });

  it('refuses an asOf after today with 422 unless JOBS_ALLOW_FUTURE_AS_OF is on, and runs nothing', async () => {
    // Reproduced: asOf 2099-12-31 completed every active designation, with no way back.
    const t = await startTestApp({ env: { JOBS_ALLOW_FUTURE_AS_OF: undefined } });
    try {
      expect(t.config.jobs.allowFutureAsOf).toBe(false);
      for (const name of ['lifecycle', 'assessments', 'payments', 'notifications']) {
        const res = await t.http().post(`/api/v1/jobs/${name}/run`).send({ asOf: '2099-12-31' }).expect(422);
        expect(res.body.message).toMatch(/^asOf must not be after today \(2026-11-23\).*JOBS_ALLOW_FUTURE_AS_OF/);
      }
      await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-11-24' }).expect(422);
      await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-11-23' }).expect(200);
      await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2020-01-01' }).expect(200);
      const runs = await t.db.query(`SELECT as_of::text AS as_of FROM job_runs ORDER BY started_at`);
      expect(runs).toEqual([{ as_of: '2026-11-23' }, { as_of: '2020-01-01' }]);
    } finally {
      await t.close();
    }
    const demo = await startTestApp({ env: { JOBS_ALLOW_FUTURE_AS_OF: 'true' } });
    try {
      await demo.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2099-12-31' }).expect(200);
    } finally {
      await demo.close();
    }
  });

  it('answers an unknown job with 404, a bad date with 400 naming asOf, and other roles with 403', async () => {
    const t = await startTestApp();
    try {
      const unknown = await t.http().post('/api/v1/jobs/bonuses/run').send({}).expect(404);
      expect(unknown.body.message).toContain('bonuses');
      const bad = await t.http().post('/api/v1/jobs/notifications/run').send({ asOf: '2024-02-30' }).expect(400);
      expect(bad.body.message).toEqual(['asOf must be a real calendar date written YYYY-MM-DD']);
      const finance = await t.http().post('/api/v1/users').send({ name: '财务', role: 'finance' }).expect(201);
      await t.http(finance.body.token).post('/api/v1/jobs/notifications/run').send({}).expect(403);
    } finally {
      await t.close();
    }
  });

  const withRedis = process.env.REDIS_URL ? describe : describe.skip;
  if (!process.env.REDIS_URL) {
    it.skip('BullMQ paths need REDIS_URL (run by .ci/run against the machine’s Redis)', () => undefined);
  }
  withRedis('through BullMQ', () => {
    it('gives one run when two workers tick the same job id together', async () => {
      const database = await createTestDatabase();
      const env = { QUEUE_PREFIX: `sjct_two_workers_${database.name}` };
      const [a, b] = await Promise.all([startTestApp({ database, env }), startTestApp({ database, env })]);
      try {
        expect(a.app.get(JobRunner).mode).toBe('bullmq');
        const tick = (runner: JobRunner) => runner.enqueue('notifications', { asOf: '2026-11-23', trigger: 'schedule' });
        await Promise.all([tick(a.app.get(JobRunner)), tick(b.app.get(JobRunner)), tick(a.app.get(JobRunner)), tick(b.app.get(JobRunner))]);
        const queue = a.app.get<Queue>(getQueueToken(JOBS_QUEUE));
        for (let i = 0; i < 100; i++) {
          const counts = await queue.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed');
          if (counts.completed === 1 && counts.waiting + counts.active + counts.delayed === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(await queue.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed')).toEqual({ completed: 1, waiting: 0, active: 0, delayed: 0, failed: 0 });
        const runs = await a.db.query(`SELECT trigger, status FROM job_runs`);
        expect(runs).toEqual([{ trigger: 'schedule', status: 'succeeded' }]);
        await queue.obliterate({ force: true });
      } finally {
        await Promise.all([a.close(), b.close()]);
        await database.drop();
      }
    });

    it('returns the result of a run done by a worker in another process role', async () => {
      const database = await createTestDatabase();
      const env = { QUEUE_PREFIX: `sjct_roles_${database.name}` };
      const worker = await startTestApp({ database, env: { ...env, APP_ROLE: 'worker' } });
      const api = await startTestApp({ database, env: { ...env, APP_ROLE: 'api' } });
      try {
        const res = await api.http().post('/api/v1/jobs/notifications/run').send({ asOf: '2026-11-01' }).expect(200);
        expect(res.body).toEqual({ name: 'notifications', asOf: '2026-11-01', result: { sent: 0, retrying: 0, failed: 0 } });
        await api.app.get<Queue>(getQueueToken(JOBS_QUEUE)).obliterate({ force: true });
      } finally {
        await Promise.all([api.close(), worker.close()]);
        await database.drop();
      }
    });
  });
});
