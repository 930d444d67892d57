/**
 * Identifiers for test data: the shared generators (scripts/lib/fake-ids.ts,
 * also used by the demo loader and the bench) and the test-only variants built on them.
 */
import { addDays } from '../../src/core/clock/business-date';
import { idNumberCheckDigit, makeIdNumber } from '../../src/modules/talents/id-number';
import { fakeCreditCode, fakeIdNumber, fakePhone, ID_SERIALS_PER_DAY, SONGJIANG, type Gender } from '../../scripts/lib/fake-ids';

export { fakeCreditCode, fakeIdNumber, fakePhone, SONGJIANG };
export type { Gender };

const REGIONS = [SONGJIANG, '310101', '310104', '320102'];
let idNumbersIssued = 0;

/** A valid ID number, unique in this test file, of someone born on birthDate. */
export function idNumberFor(birthDate: string, gender: Gender = 'male'): string {
  const k = idNumbersIssued++;
  return fakeIdNumber(birthDate, k % ID_SERIALS_PER_DAY, gender, REGIONS[Math.floor(k / ID_SERIALS_PER_DAY) % REGIONS.length]);
}

let importsIssued = 0;
/**
 * Valid, distinct ID numbers of people born from 1980 on, for large imports, under a
 * region code (青浦区, 310118) that idNumberFor never uses, so the two never collide.
 */
export function nextImportIdNumber(): string {
  const k = importsIssued++;
  return fakeIdNumber(addDays('1980-01-01', k % 7000), 50 + Math.floor(k / 7000), 'female', '310118');
}

let creditCodesIssued = 0;
/** A valid 统一社会信用代码, unique in this test file. */
export function creditCode(): string {
  return fakeCreditCode(++creditCodesIssued);
}

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
