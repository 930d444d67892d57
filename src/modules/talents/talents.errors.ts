import { ConflictError, InvalidInputError } from '../../core/errors/domain-error';

export class TalentFieldError extends InvalidInputError {}

export class DuplicateIdNumberError extends ConflictError {
  constructor() {
    super('ID_NUMBER_TAKEN', 'idNumber: a talent with this ID number is already registered');
  }
}
