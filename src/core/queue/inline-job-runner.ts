import { Injectable, Logger } from '@nestjs/common';
import { JobInput, jobIdOf, JobName } from './job';
import { JobOutcome, JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';

const RETRY_DELAYS_MS = [5_000, 30_000, 120_000];

/** Without Redis: ticks run the handler in this process, retried with backoff, one run per key at a time. */
@Injectable()
export class InlineJobRunner extends JobRunner {
  readonly mode = 'inline';
  private readonly logger = new Logger('Jobs');
  private readonly running = new Set<string>();

  constructor(private readonly registry: JobRegistry) {
    super();
  }

  async enqueue(name: JobName, input: JobInput): Promise<void> {
    const id = jobIdOf(name, this.registry.runKey(name, input.asOf));
    if (this.running.has(id)) return;
    this.running.add(id);
    void this.runWithRetries(name, input).finally(() => this.running.delete(id));
  }

  runNow(name: JobName, input: JobInput): Promise<JobOutcome> {
    return this.registry.execute(name, input);
  }

  async health(): Promise<'inline'> {
    return 'inline';
  }

  private async runWithRetries(name: JobName, input: JobInput): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.registry.execute(name, input);
        return;
      } catch {
        if (attempt >= RETRY_DELAYS_MS.length) {
          this.logger.error({ job: name, asOf: input.asOf }, 'job gave up after retries');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]).unref());
      }
    }
  }
}
