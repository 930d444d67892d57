import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';

export interface Bucket {
  /** What is counted, e.g. `sign-in:wang:address:10.0.0.1`; stored only as a hash. */
  key: string;
  limit: number;
}

/** The attempt taken: what to hand back when it turns out not to count. */
export interface Taken {
  allowed: boolean;
  held: Array<{ keyHash: string; windowStart: Date }>;
}

function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Fixed-window counters in PostgreSQL, so every replica sees the same counts.
 * Each attempt is counted by one statement that increments and returns the
 * count, before the work it guards: parallel attempts get distinct counts and
 * cannot slip past a limit between a check and a write.
 */
@Injectable()
export class AttemptCounters {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt in every bucket. Refused when any bucket is now over
   * its limit; a refused attempt is handed back at once, so only attempts that
   * did the work (and failed) stay counted.
   */
  async take(buckets: Bucket[], windowMs: number): Promise<Taken> {
    const now = this.clock.now();
    const limits = new Map(buckets.map((b) => [keyHash(b.key), b.limit]));
    // Sorted, so two statements lock shared rows in the same order and never deadlock.
    const rows: Array<{ key_hash: string; count: number; window_start: Date }> = await this.db.query(
      `INSERT INTO auth_counters AS c (key_hash, window_start, count)
       SELECT k, $2, 1 FROM unnest($1::text[]) AS k ORDER BY k
       ON CONFLICT (key_hash) DO UPDATE
          SET count = CASE WHEN c.window_start <= $3 THEN 1 ELSE c.count + 1 END,
              window_start = CASE WHEN c.window_start <= $3 THEN $2 ELSE c.window_start END
       RETURNING key_hash, count, window_start`,
      [[...limits.keys()].sort(), now, new Date(now.getTime() - windowMs)],
    );
    const held = rows.map((r) => ({ keyHash: r.key_hash, windowStart: r.window_start }));
    const allowed = rows.every((r) => r.count <= (limits.get(r.key_hash) ?? 0));
    if (!allowed) await this.giveBack({ allowed, held });
    this.sweepNowAndThen(windowMs);
    return { allowed, held };
  }

  /** Hands an attempt back (it succeeded, or was refused before doing the work); a window that has moved on is left alone. */
  async giveBack(taken: Taken): Promise<void> {
    // One row per statement: no statement holds two row locks, so none waits in a cycle.
    for (const { keyHash: key, windowStart } of [...taken.held].sort((a, b) => a.keyHash.localeCompare(b.keyHash))) {
      await this.db.query(`UPDATE auth_counters SET count = count - 1 WHERE key_hash = $1 AND window_start = $2 AND count > 0`, [key, windowStart]);
    }
  }

  /** Forgets the buckets' counts (a correct password clears the failures of its own username and device). */
  async clear(keys: string[]): Promise<void> {
    await this.db.query(`DELETE FROM auth_counters WHERE key_hash = ANY($1::text[])`, [keys.map(keyHash)]);
  }

  /**
   * Counts a failure in one bucket unless it is already full: one upsert per
   * failure, and none that writes once the bucket is full. Returns whether the
   * bucket was already full.
   */
  async failOnce(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = this.clock.now();
    const rows: unknown[] = await this.db.query(
      `INSERT INTO auth_counters AS c (key_hash, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key_hash) DO UPDATE
          SET count = CASE WHEN c.window_start <= $3 THEN 1 ELSE c.count + 1 END,
              window_start = CASE WHEN c.window_start <= $3 THEN $2 ELSE c.window_start END
        WHERE c.count < $4 OR c.window_start <= $3
       RETURNING count`,
      [keyHash(key), now, new Date(now.getTime() - windowMs), limit],
    );
    this.sweepNowAndThen(windowMs);
    return rows.length === 0;
  }

  /** Counters of windows long past are dead rows: about one attempt in a hundred deletes them. */
  private sweepNowAndThen(windowMs: number): void {
    if (Math.random() >= 0.01) return;
    const before = new Date(this.clock.now().getTime() - Math.max(windowMs, 24 * 60 * 60_000));
    void this.db.query(`DELETE FROM auth_counters WHERE window_start < $1`, [before]).catch(() => undefined);
  }
}
