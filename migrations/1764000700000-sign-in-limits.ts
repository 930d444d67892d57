import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 items 7 and 8: attempt counters shared by every replica (one row
 * per bucket, counted atomically before the password hash), the devices and
 * addresses a user has signed in from (a stranger cannot lock those out), and
 * disabled users.
 */
export class SignInLimits1764000700000 implements MigrationInterface {
  name = 'SignInLimits1764000700000';

  async up(q: QueryRunner): Promise<void> {
    // Keys are hashes: no username or address is kept in the clear.
    await q.query(`
      CREATE TABLE auth_counters (
        key_hash text PRIMARY KEY,
        window_start timestamptz(3) NOT NULL,
        count integer NOT NULL CHECK (count >= 0)
      )`);
    await q.query(`CREATE INDEX auth_counters_window_idx ON auth_counters (window_start)`);
    await q.query(`DROP TABLE sign_in_failures`);
    await q.query(`
      CREATE TABLE sign_in_devices (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('device', 'address')),
        key_hash text NOT NULL,
        last_seen_at timestamptz(3) NOT NULL,
        PRIMARY KEY (user_id, kind, key_hash)
      )`);
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz(3)`);
    await q.query(`CREATE INDEX api_tokens_user_idx ON api_tokens (user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_tokens_user_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN disabled_at`);
    await q.query(`DROP TABLE sign_in_devices, auth_counters`);
    await q.query(`
      CREATE TABLE sign_in_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username_key text NOT NULL,
        address text NOT NULL,
        at timestamptz(3) NOT NULL
      )`);
    await q.query(`CREATE INDEX sign_in_failures_username_idx ON sign_in_failures (username_key, at)`);
    await q.query(`CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (address, at)`);
  }
}
