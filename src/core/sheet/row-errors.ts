/**
 * The row errors of every import (SPEC §3.7: `errors: [{row, field, constraint, message}]`).
 * `message` stays English for API clients; `constraint` is the stable code the
 * console words in Chinese (web/src/messages.ts ROW_CONSTRAINT_TEXT, checked by
 * test/core/error-messages.spec.ts against this one list).
 */
export const ROW_CONSTRAINTS = [
  // The cell itself
  'required',
  'lengthOutOfRange',
  'unreadableCell',
  'notAnOption',
  'invalidIdNumber',
  'invalidCreditCode',
  'invalidDate',
  'invalidMonth',
  'invalidYear',
  'invalidAmount',
  'invalidScore',
  'unknownItem',
  'unknownDistrict',
  // Against the file
  'duplicateInFile',
  // Against the register
  'tooEarly',
  'tooLate',
  'notBegun',
  'ageBelowMinimum',
  'pastRetirement',
  'unknownCreditCode',
  'unknownIdNumber',
  'unknownReference',
  'ambiguousReference',
  'nameMismatch',
  'alreadyDesignated',
  'overlap',
  'noDesignationInTerm',
  'unknownWorkshop',
  'importedBefore',
  'alreadyPaid',
  'notInRound',
  'notUnderReview',
] as const;

export type RowConstraint = (typeof ROW_CONSTRAINTS)[number];

export interface RowError {
  /** The row as Excel shows it (header row 1). */
  row: number;
  /** The column's machine name (the CSV header of old). */
  field: string;
  /**
   * A code of ROW_CONSTRAINTS; for a row refused by a service's own checks
   * (the organisation import runs POST /organizations' checks), that check's
   * domain error code or class-validator constraint, which the console words too.
   */
  constraint: string;
  message: string;
  /** The earlier row of the same thing (duplicateInFile). */
  otherRow?: number;
}

/** One row error; every import makes its errors here, so each carries its code. */
export function rowError(row: number, field: string, constraint: RowConstraint, message: string, otherRow?: number): RowError {
  return otherRow === undefined ? { row, field, constraint, message } : { row, field, constraint, message, otherRow };
}

/** The duplicate of an earlier row of the file. */
export function duplicateRow(row: number, field: string, otherRow: number, message: string): RowError {
  return rowError(row, field, 'duplicateInFile', message, otherRow);
}
