import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AttemptCounters, Bucket } from './attempt-counters';
import { decoyHash, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

/** One address may fail this many times the per-username bound: an office behind one NAT has several people. */
export const ADDRESS_FACTOR = 4;
/** All addresses together may fail this many times the bound for one username (guessing from many machines). */
export const USERNAME_FACTOR = 10;
/** A device cookie counts as known this long after its last sign-in; an address for less, since addresses change hands. */
export const DEVICE_DAYS = 365;
export const ADDRESS_DAYS = 90;
export const DEVICE_COOKIE = 'sjct_device';

const DAY_MS = 24 * 60 * 60_000;
const DEVICE_TOKEN = /^sjct_[A-Za-z0-9_-]{43}$/;

/** Where a password comes from: the client's address (see TRUST_PROXY) and the device cookie it sent, if any. */
export interface PasswordClient {
  address: string;
  deviceToken?: string;
}

/** Whose password is tried: the username as typed (lower-cased), and the user it names, if any. */
export interface Claimant {
  usernameKey: string;
  userId: string | null;
  passwordHash: string | null;
  /** A disabled user's correct password does not count as a failure, nor make the client known. */
  disabled?: boolean;
}

/** The request's address and device cookie (no cookie library: this is the one cookie the service reads). */
export function passwordClient(request: Request): PasswordClient {
  const cookie = (request.header('cookie') ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  return { address: request.ip ?? 'unknown', deviceToken: cookie?.slice(DEVICE_COOKIE.length + 1) };
}

/** Sent only to the sign-in route, unreadable by scripts, kept for DEVICE_DAYS. */
export function setDeviceCookie(request: Request, response: Response, deviceToken: string): void {
  response.cookie(DEVICE_COOKIE, deviceToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.secure,
    path: `${request.baseUrl}${request.path}`,
    maxAge: DEVICE_DAYS * DAY_MS,
  });
}

export type PasswordCheck = { ok: false } | { ok: true; deviceToken: string };

/**
 * Every password check (sign-in, changing one's own password, minting a token
 * from a console session) goes through here. The attempt is counted before
 * the scrypt hash, in one statement per attempt, so parallel guesses cannot
 * pass the limit; a refused attempt costs no hash.
 *
 * A stranger cannot lock a user out: failures are counted per username *and*
 * client (the device cookie when the user signed in from it before, else the
 * address), so guesses from elsewhere never fill the user's own bucket. Two
 * wider buckets catch spraying: per address (many usernames from one place)
 * and per username (one username from many places); a client the user has
 * signed in from before (its device cookie, or its address within
 * ADDRESS_DAYS) is exempt from those two, so a known device gets through even
 * while the username is under attack.
 */
@Injectable()
export class PasswordAttempts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly counters: AttemptCounters,
  ) {}

  /** Counts, then checks; 429 without hashing when a bucket is full. */
  async check(claimant: Claimant, password: string, client: PasswordClient): Promise<PasswordCheck> {
    const device = client.deviceToken !== undefined && DEVICE_TOKEN.test(client.deviceToken) ? client.deviceToken : undefined;
    const known = await this.knownClient(claimant.userId, device, client.address);
    const buckets = this.buckets(claimant.usernameKey, client.address, device, known);
    const taken = await this.counters.take(buckets, this.windowMs());
    if (!taken.allowed) {
      throw new HttpException(`too many wrong passwords: try again in ${this.config.auth.signInWindowMinutes} minutes`, HttpStatus.TOO_MANY_REQUESTS);
    }
    // The same work whether or not the username exists.
    const matches = await verifyPassword(password, claimant.passwordHash ?? (await decoyHash()));
    if (!matches || claimant.userId === null || claimant.passwordHash === null) return { ok: false };
    // A correct password: this attempt does not count, and the user's own bucket starts afresh.
    await this.counters.giveBack(taken);
    await this.counters.clear([buckets[0].key]);
    const deviceToken = device ?? newToken();
    if (!claimant.disabled) await this.remember(claimant.userId, deviceToken, client.address);
    return { ok: true, deviceToken };
  }

  private buckets(usernameKey: string, address: string, device: string | undefined, known: { device: boolean; address: boolean }): Bucket[] {
    const max = this.config.auth.signInMaxFailures;
    const own: Bucket = { key: `sign-in:${usernameKey}:${known.device ? `device:${hashToken(device!)}` : `address:${address}`}`, limit: max };
    if (known.device || known.address) return [own];
    return [own, { key: `sign-in-address:${address}`, limit: max * ADDRESS_FACTOR }, { key: `sign-in-username:${usernameKey}`, limit: max * USERNAME_FACTOR }];
  }

  private async knownClient(userId: string | null, device: string | undefined, address: string): Promise<{ device: boolean; address: boolean }> {
    if (userId === null) return { device: false, address: false };
    const now = this.clock.now().getTime();
    const [row] = await this.db.query<Array<{ device: boolean; address: boolean }>>(
      `SELECT bool_or(kind = 'device' AND key_hash = $2 AND last_seen_at > $4) AS device,
              bool_or(kind = 'address' AND key_hash = $3 AND last_seen_at > $5) AS address
         FROM sign_in_devices WHERE user_id = $1`,
      [userId, device === undefined ? null : hashToken(device), hashToken(address), new Date(now - DEVICE_DAYS * DAY_MS), new Date(now - ADDRESS_DAYS * DAY_MS)],
    );
    return { device: row?.device === true, address: row?.address === true };
  }

  private async remember(userId: string, deviceToken: string, address: string): Promise<void> {
    const now = this.clock.now();
    await this.db.query(
      `INSERT INTO sign_in_devices (user_id, kind, key_hash, last_seen_at) VALUES ($1, 'device', $2, $4), ($1, 'address', $3, $4)
       ON CONFLICT (user_id, kind, key_hash) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
      [userId, hashToken(deviceToken), hashToken(address), now],
    );
    await this.db.query(`DELETE FROM sign_in_devices WHERE user_id = $1 AND last_seen_at < $2`, [userId, new Date(now.getTime() - DEVICE_DAYS * DAY_MS)]);
  }

  private windowMs(): number {
    return this.config.auth.signInWindowMinutes * 60_000;
  }
}
