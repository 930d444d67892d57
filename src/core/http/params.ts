import { ParseUUIDPipe } from '@nestjs/common';
import { fieldException } from '../errors/error-body';

/** A path parameter that must be a UUID; a malformed one is a 400 naming it, never a database error. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => fieldException(name, 'isUuid', `${name} must be a UUID`) });
}
