import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { BusinessDate } from '../clock/business-date';

/**
 * The jobs the service has. Each needs exactly one @JobHandler; the registry
 * refuses to start otherwise. A feature adds its name here with its handler.
 */
export const JOB_NAMES = ['notifications', 'lifecycle', 'payments', 'assessments', 'selection'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type JobTrigger = 'schedule' | 'manual' | 'startup';

export interface JobInput {
  asOf: BusinessDate;
  trigger: JobTrigger;
  /** The actor who asked for a manual run, carried into the audit trail. */
  requestedBy?: string;
}

export interface Job<R = unknown> {
  /**
   * What makes two runs "the same run": ticks with the same key collapse into
   * one queued job (payments: the period; daily jobs: the date).
   */
  runKey(asOf: BusinessDate): string;
  run(input: JobInput): Promise<R>;
  /**
   * Whether start-up should enqueue the run of a tick missed while the service
   * was down (asOf: that tick's date). Default: yes (the handlers are idempotent).
   */
  catchUpOnStart?(asOf: BusinessDate): Promise<boolean>;
  /**
   * The date of the latest work this job did outside job_runs (payments: a
   * period finance ran by hand), so that work counts as the job having run.
   */
  lastDoneAsOf?(): Promise<BusinessDate | null>;
}

export const JOB_HANDLER = Symbol('JOB_HANDLER');

export function JobHandler(name: JobName): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(JOB_HANDLER, name));
}

/** BullMQ refuses ':' in custom ids, so the deterministic id joins name and key with '@'. */
export function jobIdOf(name: JobName, runKey: string): string {
  if (runKey.includes(':')) throw new Error(`run key of job '${name}' must not contain ':' (${runKey})`);
  return `${name}@${runKey}`;
}
