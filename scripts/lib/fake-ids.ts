/**
 * Made-up but valid identifiers for test, demo and bench data: each number's
 * check character is computed, so the service accepts it, and it belongs to no one.
 * One generator per kind; test/support/ids.ts re-exports them for the tests.
 * (Here rather than under test/: the demo loader and the bench are built by
 * tsconfig.build.json and shipped without test/.)
 */
import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { makeIdNumber, type Gender } from '../../src/modules/talents/id-number';

export type { Gender };

/** 松江区's region code. */
export const SONGJIANG = '310117';

/** How many distinct numbers fakeIdNumber makes per birth date, gender and region. */
export const ID_SERIALS_PER_DAY = 500;

/**
 * A valid 居民身份证号 of someone born on birthDate. serial (0–499) picks the
 * sequence number; its last digit is odd for men and even for women, as on a real card.
 */
export function fakeIdNumber(birthDate: string, serial: number, gender: Gender = 'male', region = SONGJIANG): string {
  if (!Number.isInteger(serial) || serial < 0 || serial >= ID_SERIALS_PER_DAY) throw new Error(`fakeIdNumber: serial ${serial} is not in 0–${ID_SERIALS_PER_DAY - 1}`);
  return makeIdNumber(region, birthDate, String(serial * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0'));
}

/**
 * A valid 统一社会信用代码 of an enterprise (91) in the region: body is the
 * 9-character organisation code, or a number that makes one (MA1 and six digits).
 */
export function fakeCreditCode(body: string | number, region = SONGJIANG): string {
  const organisation = typeof body === 'number' ? `MA1${String(body).padStart(6, '0')}` : body;
  if (!/^[0-9A-Z]{9}$/.test(organisation)) throw new Error(`fakeCreditCode: ${organisation} is not 9 characters of 0-9 A-Z`);
  return makeCreditCode(`91${region}${organisation}`);
}

/** A mobile number (139 and eight digits) distinct for each serial below 10,000. */
export function fakePhone(serial: number): string {
  return `139${String(20_250_000 + serial * 7919).padStart(8, '0')}`;
}
