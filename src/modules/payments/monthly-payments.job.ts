import { Logger } from '@nestjs/common';
import { BusinessDate, periodOf } from '../../core/clock/business-date';
import { Job, JobHandler, JobInput } from '../../core/queue/job';
import { PaymentRunService } from './payment-run.service';
import { PeriodClosedError, PeriodSupersededError } from './payments.errors';
import { RunSummary } from './payment-run.views';

export type MonthlyPaymentsResult = RunSummary | { period: string; skipped: 'closed' | 'superseded' };

/** 02:00 on the 1st (SPEC §6): the run for the period of asOf, skipped when that period is closed. */
@JobHandler('payments')
export class MonthlyPaymentsJob implements Job<MonthlyPaymentsResult> {
  private readonly logger = new Logger('Payments');

  constructor(private readonly runs: PaymentRunService) {}

  runKey(asOf: BusinessDate): string {
    return periodOf(asOf);
  }

  async run({ asOf }: JobInput): Promise<MonthlyPaymentsResult> {
    const period = periodOf(asOf);
    try {
      return await this.runs.run(period);
    } catch (error) {
      if (error instanceof PeriodClosedError) return { period, skipped: 'closed' };
      if (error instanceof PeriodSupersededError) {
        this.logger.warn({ period }, 'a later period has already run; nothing to do');
        return { period, skipped: 'superseded' };
      }
      throw error;
    }
  }
}
