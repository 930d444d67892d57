import { createHash, randomBytes } from 'node:crypto';

/** Tokens are 256 random bits, so a fast hash is enough to keep them out of the database. */
export function newToken(): string {
  return `sjct_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
