import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Job as BullJob, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/config';
import { JobInput, jobIdOf, JobName } from './job';
import { JobOutcome, JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { redisOptionsFromUrl } from './redis-connection';

export const JOBS_QUEUE = 'jobs';

const DAY_S = 86_400;

@Injectable()
export class BullmqJobRunner extends JobRunner implements OnModuleDestroy {
  readonly mode = 'bullmq';
  private events?: QueueEvents;
  private probe?: Redis;

  constructor(
    @InjectQueue(JOBS_QUEUE) private readonly queue: Queue,
    private readonly registry: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async enqueue(name: JobName, input: JobInput): Promise<void> {
    // A job id BullMQ already holds is not added again: many replicas ticking give one run.
    await this.queue.add(name, input, {
      jobId: jobIdOf(name, this.registry.runKey(name, input.asOf)),
      attempts: 6,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 35 * DAY_S },
      removeOnFail: { age: 90 * DAY_S },
    });
  }

  async runNow(name: JobName, input: JobInput): Promise<JobOutcome> {
    const job = await this.queue.add(name, input, {
      jobId: `${jobIdOf(name, this.registry.runKey(name, input.asOf))}@manual-${randomUUID()}`,
      attempts: 1,
      removeOnComplete: { age: DAY_S },
      removeOnFail: { age: 7 * DAY_S },
    });
    return { name, asOf: input.asOf, result: await this.finished(job) };
  }

  /**
   * Waits on the queue's events, and every few seconds asks the job itself too:
   * an event that went by before the listener was ready must not hang the caller.
   */
  private async finished(job: BullJob): Promise<unknown> {
    const events = await this.queueEvents();
    for (;;) {
      try {
        return await job.waitUntilFinished(events, 5_000);
      } catch (error) {
        const current = await BullJob.fromId(this.queue, job.id!);
        const state = await current?.getState();
        if (state === 'completed') return current!.returnvalue;
        if (state === 'failed') throw new Error(current!.failedReason || (error as Error).message, { cause: error });
        if (!current || !(error instanceof Error) || !/timed out/i.test(error.message)) throw error;
      }
    }
  }

  async health(): Promise<'up' | 'down'> {
    // Its own connection that fails fast: the queue's connections wait for Redis forever.
    this.probe ??= new Redis({ ...redisOptionsFromUrl(this.config.redisUrl!), maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
    try {
      if (this.probe.status === 'wait' || this.probe.status === 'end') await this.probe.connect();
      return (await this.probe.ping()) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.events?.close();
    this.probe?.disconnect();
  }

  private async queueEvents(): Promise<QueueEvents> {
    if (!this.events) {
      this.events = new QueueEvents(JOBS_QUEUE, { connection: redisOptionsFromUrl(this.config.redisUrl!), prefix: this.config.queuePrefix });
      await this.events.waitUntilReady();
    }
    return this.events;
  }
}

/** The BullMQ worker: hands each job to its one handler. Registered only where APP_ROLE runs workers. */
@Processor(JOBS_QUEUE, { concurrency: 2 })
export class JobsProcessor extends WorkerHost {
  constructor(private readonly registry: JobRegistry) {
    super();
  }

  async process(job: BullJob<JobInput>): Promise<unknown> {
    if (!this.registry.has(job.name)) throw new Error(`no handler for job '${job.name}'`);
    const outcome = await this.registry.execute(job.name, job.data);
    return outcome.result;
  }
}
