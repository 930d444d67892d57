import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { addPeriods, firstDayOfPeriod } from '../../core/clock/business-date';
import { PaymentLedgerRepository, RunWindow } from './payment-ledger.repository';
import type { RunSummary } from './payment-run.views';
import { PaymentRunsRepository } from './payment-runs.repository';

/**
 * SPEC §3.2 "figures are never silently out of date": whether a re-run of an
 * open period would now change its lines, and for how many designations.
 * Only the latest period can be run again (an earlier one is 409), so only
 * its figures can go stale: a change after it was run is paid or clawed back
 * by its re-run (or the next period's run), never by an earlier period's.
 *
 * Cheap because it asks the run's own statements only what can have changed:
 * the allowance months of designations marked dirty since the last run (the
 * very evaluation a re-run does; nothing to evaluate when nothing is marked)
 * and the few grant instalments, evaluated in full as a run does. It writes
 * nothing but the evaluation's temporary tables, dropped before it returns.
 */
@Injectable()
export class PaymentStaleness {
  constructor(
    private readonly ledger: PaymentLedgerRepository,
    private readonly runs: PaymentRunsRepository,
  ) {}

  /** The summary with `stale` and `staleDesignations` filled; `manager` must be in a transaction. */
  async of(manager: EntityManager, summary: RunSummary): Promise<RunSummary> {
    if (summary.status === 'closed' || summary.runNumber === 0) return summary;
    if ((await this.runs.latestPeriod(manager)) !== summary.period) return summary;
    // A re-run's window: the period itself has been run, so only changed designations are evaluated from their term's start.
    const window: RunWindow = { period: summary.period, periodStart: firstDayOfPeriod(summary.period), windowStart: firstDayOfPeriod(addPeriods(summary.period, 1)) };
    const allowances = await this.ledger.anyDirty(manager);
    if (allowances) {
      await this.ledger.snapshotDirty(manager);
      await this.ledger.evaluateAllowances(manager, window);
    }
    const n = await this.ledger.staleDesignations(manager, window, allowances);
    if (allowances) await this.ledger.dropEvaluation(manager);
    return { ...summary, stale: n > 0, staleDesignations: n };
  }
}
