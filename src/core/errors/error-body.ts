import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/**
 * The machine-readable half of every error body (SPEC §5 keeps Nest's
 * {statusCode, message, error}; these keys are added). `message` stays English
 * for API clients; the console decides its Chinese text by `code` and, for
 * invalid input, by each `fields` entry — never by parsing `message`.
 */
export interface FieldProblem {
  /** The field as class-validator names it: `score`, `contactEmails[0]`, `person.idNumber`. */
  field: string;
  /** class-validator's constraint name (`isBusinessDate`, `max`, `whitelistValidation`…), or `required` / `invalid` for a service's own check. */
  constraint: string;
}

/**
 * Codes of errors that come from HTTP itself rather than a domain error
 * (domain errors carry their own `code`, see domain-error.ts). Every one of
 * them needs console text (test/core/error-messages.spec.ts checks).
 */
export const HTTP_ERROR_CODES = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_INPUT: 'INVALID_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  WRONG_CREDENTIALS: 'WRONG_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RULE_VIOLATED: 'RULE_VIOLATED',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  DUPLICATE: 'DUPLICATE',
  REFERENCE_MISSING: 'REFERENCE_MISSING',
  VALUE_OUT_OF_RANGE: 'VALUE_OUT_OF_RANGE',
  INTERNAL: 'INTERNAL',
} as const;

const BY_STATUS: Record<number, string> = {
  400: HTTP_ERROR_CODES.INVALID_INPUT,
  401: HTTP_ERROR_CODES.UNAUTHENTICATED,
  403: HTTP_ERROR_CODES.FORBIDDEN,
  404: HTTP_ERROR_CODES.NOT_FOUND,
  409: HTTP_ERROR_CODES.CONFLICT,
  413: HTTP_ERROR_CODES.BODY_TOO_LARGE,
  415: HTTP_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
  422: HTTP_ERROR_CODES.RULE_VIOLATED,
  429: HTTP_ERROR_CODES.TOO_MANY_ATTEMPTS,
};

export function codeOfStatus(status: number): string {
  return BY_STATUS[status] ?? (status >= 500 ? HTTP_ERROR_CODES.INTERNAL : HTTP_ERROR_CODES.INVALID_INPUT);
}

/**
 * Which of a field's failed constraints to report: what the value IS before
 * what range it is in. Decorators run in an order no DTO states on purpose, and
 * "九十" as a score used to come back as "must not be greater than 100".
 */
const KIND_FIRST = ['whitelistValidation', 'isDefined', 'nestedValidation', 'isString', 'isNumber', 'isInt', 'isBoolean', 'isArray', 'isIn', 'isUuid', 'isEmail', 'isBusinessDate', 'isPeriod'];
const rank = (constraint: string) => (KIND_FIRST.includes(constraint) ? KIND_FIRST.indexOf(constraint) : KIND_FIRST.length);

/** One problem per field (the most basic one failed), nested fields by their path; every field at once. */
export function fieldProblems(errors: ValidationError[], parent = ''): { fields: FieldProblem[]; messages: string[] } {
  const fields: FieldProblem[] = [];
  const messages: string[] = [];
  for (const e of errors) {
    const field = parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const [first] = Object.entries(e.constraints ?? {}).sort(([a], [b]) => rank(a) - rank(b));
    if (first) {
      const [found, message] = first;
      // A required field left out fails its type check; what the person must do is fill it in. (The value never leaves here.)
      const constraint = e.value === undefined && found !== 'whitelistValidation' && e.constraints?.[found] !== undefined ? 'isDefined' : found;
      fields.push({ field, constraint });
      // class-validator names a nested field by its own name only; the path says where it is.
      messages.push(parent === '' ? message : message.replace(new RegExp(`^${e.property}\\b`), field));
    }
    const nested = fieldProblems(e.children ?? [], field);
    fields.push(...nested.fields);
    messages.push(...nested.messages);
  }
  return { fields, messages };
}

/** The global validation pipe's 400: every field's problem at once, each message naming its field. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const { fields, messages } = fieldProblems(errors);
  return new BadRequestException({ message: messages, code: HTTP_ERROR_CODES.VALIDATION_FAILED, fields });
}

/** A 400 about one field, for pipes and guards outside the DTOs (path parameters, the input guard). */
export function fieldException(field: string, constraint: string, message: string): BadRequestException {
  return new BadRequestException({ message, code: HTTP_ERROR_CODES.INVALID_INPUT, fields: [{ field, constraint }] });
}

/**
 * A service's own check of one field (InvalidInputError) names the field first,
 * as every 400 message here does ("level is required…", "creditCode: …").
 * Reading it back here, in the one place, spares each call site a second
 * spelling of the field; a message that starts with no field gives none.
 */
const LEADING_FIELD = /^([a-z][A-Za-z0-9]*(?:\[\d+\])?(?:\.[a-z][A-Za-z0-9]*)*)(?::| (?:is|must|applies|has|should|cannot|does|may|not)\b)/;
const NOT_FIELDS = new Set(['the', 'a', 'an', 'row', 'this']);

/** What a service's own check says, in the words its messages use; the first that matches. */
export const MESSAGE_CONSTRAINTS: ReadonlyArray<[RegExp, string]> = [
  [/^\S+ is required\b|^\S+ must not be blank/, 'required'],
  [/^\S+ applies only to\b/, 'notApplicable'],
  [/^\S+ must not be before\b/, 'tooEarly'],
  [/^\S+ must not be (after|in the future)\b/, 'tooLate'],
  [/the person was not yet \d+ on that day/, 'ageBelowMinimum'],
  [/reached the statutory retirement date/, 'pastRetirement'],
  [/^score must lie in the band of grade/, 'gradeBand'],
];

export function fieldsOfMessage(message: string): FieldProblem[] {
  const found = LEADING_FIELD.exec(message);
  if (!found || NOT_FIELDS.has(found[1])) return [];
  const constraint = MESSAGE_CONSTRAINTS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid';
  return [{ field: found[1], constraint }];
}
