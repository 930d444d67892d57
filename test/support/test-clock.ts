import { Clock } from '../../src/core/clock/clock';

/** A clock tests can set and move; starts at noon Shanghai time on the given date. */
export class TestClock extends Clock {
  private instant: Date;

  constructor(date = '2026-11-23') {
    super();
    this.instant = TestClock.noon(date);
  }

  static noon(date: string): Date {
    return new Date(`${date}T12:00:00+08:00`);
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  setDate(date: string): void {
    this.instant = TestClock.noon(date);
  }

  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}
