import type { JobInput, JobName } from './job';
import type { JobOutcome } from './job-registry';

/**
 * Where jobs run: BullMQ workers when REDIS_URL is set, this process otherwise.
 * The same handlers run either way.
 */
export abstract class JobRunner {
  abstract readonly mode: 'bullmq' | 'inline';
  /** Queues a run unless one with the same key is already queued (deterministic job id). */
  abstract enqueue(name: JobName, input: JobInput): Promise<void>;
  /** Runs now (queued ahead of nothing) and resolves with the result when done. */
  abstract runNow(name: JobName, input: JobInput): Promise<JobOutcome>;
  abstract health(): Promise<'up' | 'down' | 'inline'>;
}
