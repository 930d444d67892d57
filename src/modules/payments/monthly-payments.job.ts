import { Logger } from '@nestjs/common';
import { BusinessDate, periodOf } from '../../core/clock/business-date';
import { Job, JobHandler, JobInput } from '../../core/queue/job';
import { PaymentRunService } from './payment-run.service';
import { PeriodClosedError, PeriodInFutureError, PeriodSupersededError } from './payments.errors';
import { RunSummary } from './payment-run.views';

export type MonthlyPaymentsResult = RunSummary | { period: string; skipped: 'closed' | 'superseded' | 'not_begun' };

/**
 * 02:00 on the 1st (SPEC §6): the run for the period of asOf, skipped when that
 * period is closed, earlier than the latest run, or (a manual run with a later
 * asOf) has not begun. A skip is an answer, not a failure: a failed job would be
 * a 500 under BullMQ, and a refusal after job_runs recorded the run a 4xx that wrote.
 */
@JobHandler('payments')
export class MonthlyPaymentsJob implements Job<MonthlyPaymentsResult> {
  private readonly logger = new Logger('Payments');

  constructor(private readonly runs: PaymentRunService) {}

  runKey(asOf: BusinessDate): string {
    return periodOf(asOf);
  }

  /** A missed 1st-of-month run is caught up at start-up; a period already run is left to its schedule and to finance. */
  async catchUpOnStart(asOf: BusinessDate): Promise<boolean> {
    return !(await this.runs.hasRun(periodOf(asOf)));
  }

  /** A period finance ran itself counts as the job having run (as of its 1st). */
  async lastDoneAsOf(): Promise<BusinessDate | null> {
    const period = await this.runs.latestPeriod();
    return period === null ? null : `${period}-01`;
  }

  async run({ asOf }: JobInput): Promise<MonthlyPaymentsResult> {
    const period = periodOf(asOf);
    try {
      return await this.runs.run(period);
    } catch (error) {
      if (error instanceof PeriodClosedError) return { period, skipped: 'closed' };
      if (error instanceof PeriodInFutureError) return { period, skipped: 'not_begun' };
      if (error instanceof PeriodSupersededError) {
        this.logger.warn({ period }, 'a later period has already run; nothing to do');
        return { period, skipped: 'superseded' };
      }
      throw error;
    }
  }
}
