import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';

const WINDOW_MS = 60_000;
const MAX_FAILURES = 20;

/**
 * Slows down token guessing: after MAX_FAILURES bad tokens from one address
 * within a minute, that address gets 429 until the minute is over. Per process;
 * behind several replicas the bound is per replica.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly clock: Clock) {}

  blocked(address: string): boolean {
    const entry = this.current(address);
    return entry !== undefined && entry.count >= MAX_FAILURES;
  }

  fail(address: string): void {
    const entry = this.current(address) ?? { count: 0, since: this.clock.now().getTime() };
    entry.count++;
    this.failures.set(address, entry);
    if (this.failures.size > 10_000) this.sweep();
  }

  private current(address: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(address);
    if (entry && this.clock.now().getTime() - entry.since >= WINDOW_MS) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [address, entry] of this.failures) if (now - entry.since >= WINDOW_MS) this.failures.delete(address);
  }
}
