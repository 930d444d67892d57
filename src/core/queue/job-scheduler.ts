import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BUSINESS_TIME_ZONE } from '../clock/business-date';
import { Clock } from '../clock/clock';
import { JOB_NAMES, JobName, JobTrigger } from './job';
import { JobRunner } from './job-runner';
import { JobRegistry } from './job-registry';

/**
 * Cron ticks only enqueue: "run payments as of today" under a deterministic id.
 * At start-up each job is enqueued once for today too, so a run missed while
 * the service was down is caught up (the handlers are idempotent).
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly schedulerRegistry: SchedulerRegistry,
    private readonly runner: JobRunner,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of JOB_NAMES) {
      const job = CronJob.from({
        cronTime: this.config.schedules[name],
        timeZone: BUSINESS_TIME_ZONE,
        onTick: () => void this.tick(name, 'schedule'),
        start: true,
      });
      this.schedulerRegistry.addCronJob(`job:${name}`, job);
      void this.catchUp(name);
    }
  }

  private async catchUp(name: JobName): Promise<void> {
    try {
      if (await this.registry.catchUpOnStart(name, this.clock.today())) await this.tick(name, 'startup');
    } catch (error) {
      this.logger.warn({ job: name, err: { message: (error as Error).message } }, 'start-up catch-up skipped');
    }
  }

  async tick(name: JobName, trigger: JobTrigger): Promise<void> {
    try {
      await this.runner.enqueue(name, { asOf: this.clock.today(), trigger });
    } catch (error) {
      this.logger.warn({ job: name, err: { message: (error as Error).message } }, 'could not enqueue; the next tick tries again');
    }
  }
}
