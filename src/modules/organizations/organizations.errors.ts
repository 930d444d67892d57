import { InvalidInputError, RuleViolationError } from '../../core/errors/domain-error';

export class WrongOrganizationKindError extends RuleViolationError {
  constructor(field: string, expected: string) {
    super('WRONG_ORGANIZATION_KIND', `${field} must name an existing ${expected} organisation`);
  }
}

export class OrganizationFieldError extends InvalidInputError {}
