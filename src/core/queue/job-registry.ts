import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BusinessDate } from '../clock/business-date';
import { RequestContext } from '../context/request-context';
import { Job, JOB_HANDLER, JOB_NAMES, JobInput, JobName } from './job';

export class JobRegistryError extends Error {}

export interface JobOutcome<R = unknown> {
  name: JobName;
  asOf: string;
  result: R;
}

/** Finds every @JobHandler at start-up and runs them, recording each run in job_runs. */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<JobName, Job>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      if (!type || typeof type !== 'function' || !wrapper.instance) continue;
      const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, type);
      if (name === undefined) continue;
      if (!(JOB_NAMES as readonly string[]).includes(name)) throw new JobRegistryError(`job handler ${type.name} names unknown job '${name}'`);
      if (this.handlers.has(name)) throw new JobRegistryError(`job '${name}' has two handlers`);
      this.handlers.set(name, wrapper.instance as Job);
    }
    const missing = JOB_NAMES.filter((n) => !this.handlers.has(n));
    if (missing.length > 0) throw new JobRegistryError(`no handler for job(s): ${missing.join(', ')}`);
  }

  has(name: string): name is JobName {
    return this.handlers.has(name as JobName);
  }

  /**
   * The asOf of the run start-up owes (SPEC §3.7, §6): the date of the latest
   * tick at or before `now`, when that tick fell after the last run the job
   * did. A job that never ran owes nothing, so a fresh installation starts
   * with no payment period and no daily run of its own; missed ticks
   * collapse into one run as of the latest (the handlers catch up as of a date).
   */
  async catchUpAsOf(name: JobName, latestTick: BusinessDate | null): Promise<BusinessDate | null> {
    if (latestTick === null) return null;
    const handler = this.handler(name);
    const [row] = await this.db.query(`SELECT max(as_of)::text AS last FROM job_runs WHERE name = $1`, [name]);
    const outside = handler.lastDoneAsOf ? await handler.lastDoneAsOf() : null;
    const last = [row.last as string | null, outside].filter((d): d is string => d !== null).sort().pop();
    if (last === undefined || latestTick <= last) return null;
    const owed = handler.catchUpOnStart ? await handler.catchUpOnStart(latestTick) : true;
    return owed ? latestTick : null;
  }

  runKey(name: JobName, asOf: string): string {
    return this.handler(name).runKey(asOf);
  }

  async execute(name: JobName, input: JobInput): Promise<JobOutcome> {
    const handler = this.handler(name);
    return RequestContext.runAsSystem(input.requestedBy ? `job:${name}(${input.requestedBy})` : `job:${name}`, async () => {
      const [{ id }] = await this.db.query(
        `INSERT INTO job_runs (name, run_key, as_of, trigger) VALUES ($1, $2, $3, $4) RETURNING id`,
        [name, handler.runKey(input.asOf), input.asOf, input.trigger],
      );
      try {
        const result = await handler.run(input);
        await this.recordSuccess(id, result);
        return { name, asOf: input.asOf, result };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error({ job: name, asOf: input.asOf, err: { message } }, 'job failed');
        await this.db.query(`UPDATE job_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, message.slice(0, 2000)]).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Records the success and, in the same statement (so no reader sees one
   * without the other), marks earlier runs of the same key still 'running' as
   * interrupted: they died with their process (SIGKILL, a lost database) and
   * nothing else would ever record their end. One that was in fact still alive
   * overwrites this with its own outcome when it finishes.
   */
  private async recordSuccess(id: string, result: unknown): Promise<void> {
    await this.db.query(
      `WITH done AS (
         UPDATE job_runs SET status = 'succeeded', result = $2, finished_at = now() WHERE id = $1
         RETURNING name, run_key, started_at
       )
       UPDATE job_runs j SET status = 'interrupted', finished_at = now(), error = 'no outcome recorded; a later run of the same key succeeded'
         FROM done
        WHERE j.name = done.name AND j.run_key = done.run_key AND j.status = 'running' AND j.id <> $1 AND j.started_at < done.started_at`,
      [id, JSON.stringify(result ?? null)],
    );
  }

  private handler(name: JobName): Job {
    const handler = this.handlers.get(name);
    if (!handler) throw new JobRegistryError(`no handler for job '${name}'`);
    return handler;
  }
}
