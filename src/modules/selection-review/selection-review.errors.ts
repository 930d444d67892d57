import { DomainError, DomainErrorKind } from '../../core/errors/domain-error';

/**
 * A designation rule refused one application at naming (SPEC §3.8 step 7):
 * the designation's own error, its kind kept (409 a conflict, 422 a rule), the
 * application named. A field error of POST /designations (the person's age, say)
 * is the application's problem, not the request's, so it becomes a 422.
 */
export class NamingRefusedError extends DomainError {
  readonly kind: DomainErrorKind;
  constructor(
    cause: DomainError,
    readonly applicationId: string,
    name: string,
  ) {
    super(`application ${applicationId} (${name}): ${cause.message}; nothing was named`);
    this.kind = cause.kind === 'invalid_input' ? 'rule_violated' : cause.kind;
    this.code = `NAMING_REFUSED_${cause.code}`;
  }
  readonly code: string;
}
