/**
 * 居民身份证号 (GB 11643-1999, 公民身份号码): 6-digit region code, 8-digit birth
 * date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2
 * check character.
 */
import { daysInMonth, fromYmd, type BusinessDate } from '../../core/clock/business-date';

export type Gender = 'male' | 'female';

export interface ParsedIdNumber {
  ok: true;
  /** 18 characters, a trailing check character X upper-cased. */
  idNumber: string;
  regionCode: string;
  birthDate: BusinessDate;
  gender: Gender;
}

export interface IdNumberProblem {
  ok: false;
  /** Short English reason naming the part that is wrong, fit for a 400 message. */
  reason: string;
}

export type IdNumberResult = ParsedIdNumber | IdNumberProblem;

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * First two digits accepted as a province: the mainland provinces (GB/T 2260),
 * 71 Taiwan, 81/82 Hong Kong/Macao and 83 Taiwan residence permits, and 91 the
 * foreigners' permanent residence card that reuses this format. The full
 * six-digit GB/T 2260 list changes every year and old cards keep abolished
 * codes, so only the province is checked.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set(
  [
    [11, 15],
    [21, 23],
    [31, 37],
    [41, 46],
    [50, 54],
    [61, 65],
    [71, 71],
    [81, 83],
    [91, 91],
  ].flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i))),
);

const MIN_BIRTH_YEAR = 1900;
const MAX_BIRTH_YEAR = 2099;

/** The GB 11643-1999 check character for the first 17 digits. */
export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idNumberCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CHECK_WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function parseIdNumber(raw: string): IdNumberResult {
  const value = raw.trim().toUpperCase();
  if (value.length !== 18) return problem('idNumber must be 18 characters long');
  if (!/^\d{17}[\dX]$/.test(value)) return problem('idNumber must be 17 digits followed by a digit or X');

  const regionCode = value.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) return problem('idNumber region code names no known province');

  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR) return problem('idNumber birth year must be 1900-2099');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return problem('idNumber birth date is not a real calendar date');
  }

  if (idNumberCheckDigit(value.slice(0, 17)) !== value[17]) return problem('idNumber check digit is wrong');

  return {
    ok: true,
    idNumber: value,
    regionCode,
    birthDate: fromYmd({ year, month, day }),
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * SPEC §5: first 2 (the province) and last 4 visible, the rest starred, length kept,
 * e.g. `31************0015`. The region and the birth date stay hidden: with them the
 * last digits would give the number back. Anything too short to hide 12 is starred whole.
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 18) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 2) + '*'.repeat(idNumber.length - 6) + idNumber.slice(-4);
}

/**
 * Builds a valid number from its parts, for tests and demo data.
 * Throws when the parts cannot make a number parseIdNumber accepts.
 */
export function makeIdNumber(region: string, birthDate: string, seq3: string): string {
  const compactDate = birthDate.replace(/-/g, '');
  if (!/^\d{6}$/.test(region)) throw new Error(`region must be 6 digits: ${region}`);
  if (!/^\d{8}$/.test(compactDate)) throw new Error(`birthDate must be YYYY-MM-DD or YYYYMMDD: ${birthDate}`);
  if (!/^\d{3}$/.test(seq3)) throw new Error(`seq3 must be 3 digits: ${seq3}`);
  const first17 = region + compactDate + seq3;
  const idNumber = first17 + idNumberCheckDigit(first17);
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new Error(`cannot make an ID number from ${region}/${birthDate}/${seq3}: ${parsed.reason}`);
  return idNumber;
}

function problem(reason: string): IdNumberProblem {
  return { ok: false, reason };
}
