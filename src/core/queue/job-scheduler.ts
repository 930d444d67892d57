import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BUSINESS_TIME_ZONE, businessDateOf } from '../clock/business-date';
import { Clock } from '../clock/clock';
import { JOB_NAMES, JobName, JobTrigger } from './job';
import { JobRunner } from './job-runner';
import { JobRegistry } from './job-registry';
import { latestTickAtOrBefore } from './schedule-ticks';

/**
 * Cron ticks only enqueue: "run payments as of today" under a deterministic id.
 * At start-up a job is enqueued once more only when one of its ticks fell
 * while the service was down after it had run at least once (SPEC §3.7): a
 * fresh installation runs nothing by itself.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');
  /** What start-up caught up: per job, the asOf it enqueued or null (for tests and logs). */
  caughtUp: Promise<Partial<Record<JobName, string | null>>> = Promise.resolve({});

  constructor(
    private readonly schedulerRegistry: SchedulerRegistry,
    private readonly runner: JobRunner,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const decisions: Promise<[JobName, string | null]>[] = [];
    for (const name of JOB_NAMES) {
      const job = CronJob.from({
        cronTime: this.config.schedules[name],
        timeZone: BUSINESS_TIME_ZONE,
        onTick: () => void this.tick(name, 'schedule'),
        start: true,
      });
      this.schedulerRegistry.addCronJob(`job:${name}`, job);
      decisions.push(this.catchUp(name).then((asOf) => [name, asOf]));
    }
    this.caughtUp = Promise.all(decisions).then((pairs) => Object.fromEntries(pairs));
  }

  private async catchUp(name: JobName): Promise<string | null> {
    try {
      const asOf = await this.catchUpAsOf(name);
      if (asOf !== null) this.logger.log({ job: name, asOf }, 'catching up a tick missed while the service was down');
      return asOf;
    } catch (error) {
      this.logger.warn({ job: name, err: { message: (error as Error).message } }, 'start-up catch-up skipped');
      return null;
    }
  }

  /** Enqueues the run of the latest tick missed while down, if any; returns its asOf. */
  private async catchUpAsOf(name: JobName): Promise<string | null> {
    const tick = latestTickAtOrBefore(this.config.schedules[name], this.clock.now());
    const asOf = await this.registry.catchUpAsOf(name, tick && businessDateOf(tick));
    if (asOf !== null) await this.tick(name, 'startup', asOf);
    return asOf;
  }

  async tick(name: JobName, trigger: JobTrigger, asOf = this.clock.today()): Promise<void> {
    try {
      await this.runner.enqueue(name, { asOf, trigger });
    } catch (error) {
      this.logger.warn({ job: name, err: { message: (error as Error).message } }, 'could not enqueue; the next tick tries again');
    }
  }
}
