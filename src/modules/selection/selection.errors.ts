import { ConflictError, RuleViolationError } from '../../core/errors/domain-error';

/** Every refusal of SPEC §3.8 names its rule: the code for the console, the message for a person. */
export class OutsideWindowError extends RuleViolationError {
  constructor(cohort: string, open: string, close: string, today: string) {
    super('OUTSIDE_APPLICATION_WINDOW', `the ${cohort} round takes applications from ${open} to ${close} (today is ${today})`);
  }
}

export class NotDistrictEmployerError extends RuleViolationError {
  constructor(detail: string) {
    super('NOT_DISTRICT_EMPLOYER', `the person's employer must be an employer of the district (SPEC §3.8): ${detail}`);
  }
}

export class AlreadyAppliedError extends ConflictError {
  constructor(cohort: string) {
    super('ALREADY_APPLIED', `one application per person per round: this person already has an application in the ${cohort} round`);
  }
}

export class NominationsExhaustedError extends ConflictError {
  constructor(max: number) {
    super('EMPLOYER_NOMINATIONS_MAX', `EMPLOYER_NOMINATIONS_MAX: an employer files at most ${max} employer-channel applications per round`);
  }
}

export class BannedError extends RuleViolationError {
  constructor(subject: 'person' | 'employer', endsOn: string, cohort: string) {
    super(
      subject === 'person' ? 'APPLICATION_BAN' : 'EMPLOYER_APPLICATION_BAN',
      `application ban: the ${subject} is barred from applying until ${endsOn} (false material found in the ${cohort} round; APPLICATION_BAN_YEARS)`,
    );
  }
}
