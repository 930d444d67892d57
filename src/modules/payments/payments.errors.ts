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
