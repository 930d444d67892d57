import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from '../config/config';
import { BullmqJobRunner, JOBS_QUEUE, JobsProcessor } from './bullmq-job-runner';
import { InlineJobRunner } from './inline-job-runner';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { JobScheduler } from './job-scheduler';
import { JobsController } from './jobs.controller';
import { redisOptionsFromUrl } from './redis-connection';

export interface QueueModuleOptions {
  /** Run BullMQ workers in this process (APP_ROLE worker or all). */
  workers: boolean;
  /** Run the cron ticks in this process. */
  schedule: boolean;
  /** Serve POST /jobs/{name}/run. */
  http: boolean;
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig, options: QueueModuleOptions): DynamicModule {
    const providers: Provider[] = [JobRegistry];
    const imports: DynamicModule['imports'] = [DiscoveryModule];
    if (config.redisUrl) {
      imports.push(
        BullModule.forRoot({ connection: redisOptionsFromUrl(config.redisUrl), prefix: config.queuePrefix }),
        BullModule.registerQueue({ name: JOBS_QUEUE }),
      );
      providers.push({ provide: JobRunner, useClass: BullmqJobRunner });
      if (options.workers) providers.push(JobsProcessor);
    } else {
      providers.push({ provide: JobRunner, useClass: InlineJobRunner });
    }
    if (options.schedule) {
      imports.push(ScheduleModule.forRoot());
      providers.push(JobScheduler);
    }
    return {
      module: QueueModule,
      imports,
      providers,
      controllers: options.http ? [JobsController] : [],
      exports: [JobRunner, JobRegistry],
    };
  }
}
