import { Injectable } from '@nestjs/common';
import { AttemptCounters } from './attempt-counters';

const WINDOW_MS = 60_000;
const MAX_FAILURES = 20;

/**
 * Slows down token guessing: after MAX_FAILURES unknown tokens from one
 * address within a minute, further unknown tokens from it get 429 instead of
 * 401 until the minute is over. Counted in the database (one upsert per
 * failure, none per good request), so the bound holds across replicas. A valid
 * token is never refused: the lookup that tells a valid token from a guess is
 * the cheap part, and refusing good tokens would let anyone behind the same
 * address (an office NAT, a proxy) lock everybody out.
 */
@Injectable()
export class FailedAuthLimiter {
  constructor(private readonly counters: AttemptCounters) {}

  /** Records an unknown token; true when the address was already over the limit. */
  fail(address: string): Promise<boolean> {
    return this.counters.failOnce(`bad-token:${address}`, MAX_FAILURES, WINDOW_MS);
  }
}
