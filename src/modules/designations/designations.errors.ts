import { ConflictError, InvalidInputError } from '../../core/errors/domain-error';
import type { OverlapRow } from './designations.repository';

export class DesignationFieldError extends InvalidInputError {}

export class AlreadyDesignatedError extends ConflictError {
  constructor() {
    super('ALREADY_DESIGNATED', 'talentId: the person already holds an active designation (SPEC §3.1)');
  }
}

/** SPEC §3.1: one person is never paid under two designations for the same month. */
export function overlapMessage(earlier: OverlapRow): string {
  const months = earlier.first_month === earlier.last_month ? earlier.first_month : `${earlier.first_month} to ${earlier.last_month}`;
  return `the person's designation ${earlier.id} (cohort ${earlier.cohort}, ${earlier.status}) is in force or undecided in ${months}, within the new term (SPEC §3.1: no two designations of one person in the same month)`;
}

export class OverlappingDesignationError extends ConflictError {
  constructor(readonly earlier: OverlapRow) {
    super('DESIGNATION_OVERLAP', `talentId: ${overlapMessage(earlier)}`);
  }
}
