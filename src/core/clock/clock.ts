import { BusinessDate, businessDateOf } from './business-date';

/** The one source of time for domain code, so jobs can run "as of" any date and tests can travel. */
export abstract class Clock {
  abstract now(): Date;

  today(): BusinessDate {
    return businessDateOf(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date(); // eslint-disable-line no-restricted-syntax -- the one place the wall clock is read
  }
}
