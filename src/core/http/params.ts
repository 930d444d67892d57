import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** A path parameter that must be a UUID; a malformed one is a 400 naming it, never a database error. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(`${name} must be a UUID`) });
}
