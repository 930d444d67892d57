import { ConflictError, InvalidInputError, RuleViolationError } from '../../core/errors/domain-error';

export class DesignationFieldError extends InvalidInputError {}

export class AlreadyDesignatedError extends ConflictError {
  constructor() {
    super('ALREADY_DESIGNATED', 'talentId: the person already holds an active designation (SPEC §3.1)');
  }
}

export class RetiredBeforeDesignationError extends RuleViolationError {
  constructor(retirementDate: string) {
    super('RETIRED_BEFORE_DESIGNATION', `the person reached the statutory retirement date (${retirementDate}) before designatedOn`);
  }
}
