import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';

export class PeriodClosedError extends ConflictError {
  constructor(period: string) {
    super('PERIOD_CLOSED', `period ${period} is closed: its lines never change`);
  }
}

export class PeriodSupersededError extends ConflictError {
  constructor(period: string, latest: string) {
    super('PERIOD_SUPERSEDED', `period ${period} is earlier than the latest run period ${latest}`);
  }
}

export class PeriodInFutureError extends RuleViolationError {
  constructor(period: string, current: string) {
    super('PERIOD_IN_FUTURE', `period ${period} has not begun (the current period is ${current})`);
  }
}

export class PeriodNotRunError extends NotFoundError {
  constructor(period: string) {
    super('payment run', period);
  }
}

/**
 * SPEC §3.2 "per person, never twice": the run would take a person's net
 * allowance for a month above one allowance (the ledger's constraint refused
 * it), which only overlapping designations of one person can cause.
 */
export class AllowanceAboveOneError extends ConflictError {
  readonly details: Array<{ talentId: string; forPeriod: string; designationIds: string[] }>;
  constructor(talentId: string, forPeriod: string, designationIds: string[]) {
    super(
      'ALLOWANCE_ABOVE_ONE_A_MONTH',
      `talent ${talentId}, month ${forPeriod}: the run would pay more than one allowance for the month (designations ${designationIds.join(', ')} overlap); end one of them with an approved adjustment, then run again`,
    );
    this.details = [{ talentId, forPeriod, designationIds }];
  }
}

/** SPEC §3.2: a stale period's figures are not what a run would pay now, so it is not closed on them. */
export class PeriodStaleError extends ConflictError {
  constructor(period: string, designations: number, runNumber: number) {
    super(
      'PERIOD_STALE',
      `period ${period} is stale: since its run ${runNumber}, the lines of ${designations} designation(s) would change (an adjustment decided, a title, a designation or an opening row added); run it again before closing it`,
    );
  }
}
