import { MigrationInterface, QueryRunner } from 'typeorm';

/** Console sign-in: usernames and password hashes on users, sessions, and failed sign-ins for rate limiting. */
export class Accounts1763900500000 implements MigrationInterface {
  name = 'Accounts1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN username text, ADD COLUMN password_hash text, ADD COLUMN password_set_at timestamptz(3)`);
    // Case-insensitive: 'Wang' and 'wang' are one person signing in.
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username)) WHERE username IS NOT NULL`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_password_needs_username CHECK (password_hash IS NULL OR username IS NOT NULL)`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        ended_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL`);
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_failures, sessions`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_password_needs_username`);
    await q.query(`DROP INDEX users_username_key`);
    await q.query(`ALTER TABLE users DROP COLUMN username, DROP COLUMN password_hash, DROP COLUMN password_set_at`);
  }
}
