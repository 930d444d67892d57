import { createHash } from 'node:crypto';
import { idNumberCheckDigit, makeIdNumber } from '../../src/modules/talents/id-number';
import type { TestApp } from './test-app';

/** Songjiang's region code, the prefix most registered people carry. */
export const SONGJIANG = '310117';

/** A valid ID number of someone born on birthDate whose check character is X. */
export function idNumberEndingInX(birthDate: string, region = SONGJIANG): string {
  const compact = birthDate.replace(/-/g, '');
  for (let seq = 1; seq < 1000; seq++) {
    const first17 = region + compact + String(seq).padStart(3, '0');
    if (idNumberCheckDigit(first17) === 'X') return makeIdNumber(region, birthDate, first17.slice(-3));
  }
  throw new Error(`no sequence gives a check character X for ${birthDate}`);
}

/** The same number with another (wrong) check character. */
export function withWrongCheckDigit(idNumber: string): string {
  const wrong = idNumber.endsWith('1') ? '2' : '1';
  return idNumber.slice(0, 17) + wrong;
}

/** 18 characters with a correct check character but the given first 17 digits. */
export function withCheckDigit(first17: string): string {
  return first17 + idNumberCheckDigit(first17);
}

/** What a naive implementation would store: the plain SHA-256 of the number. */
export function plainSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A user of the given role, for checking who may do what; returns the token. */
export async function userWithRole(t: TestApp, role: string, organizationId?: string): Promise<string> {
  const res = await t.http().post('/api/v1/users').send({ name: `${role}用户`, role, organizationId });
  if (res.status !== 201) throw new Error(`creating a ${role} user gave ${res.status}: ${res.text}`);
  return res.body.token as string;
}
