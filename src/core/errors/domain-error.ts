/**
 * Services throw these; only the exception filter knows HTTP. A new kind needs
 * a mapping in http-status-of() or the build fails (assertNever).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rule_violated' | 'invalid_input' | 'forbidden';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  abstract readonly code: string;
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly code: string;
  constructor(entity: string, id?: string) {
    super(id === undefined ? `${entity} not found` : `${entity} ${id} not found`);
    this.code = `${entity.toUpperCase().replace(/\W+/g, '_')}_NOT_FOUND`;
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class RuleViolationError extends DomainError {
  readonly kind = 'rule_violated';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid_input';
  readonly code = 'INVALID_INPUT';
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'FORBIDDEN';
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${String(value)}`);
}
