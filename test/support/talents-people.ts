import { createHash } from 'node:crypto';

/** What a naive implementation would store: the plain SHA-256 of the number. */
export function plainSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
