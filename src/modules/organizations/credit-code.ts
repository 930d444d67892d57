/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters laid out as
 *
 *   position 1      registration authority (登记管理部门代码)
 *   position 2      organisation type within that authority (机构类别代码)
 *   positions 3–8   administrative division of the registering office (GB/T 2260)
 *   positions 9–17  the organisation's own code (GB 11714 body)
 *   position 18     check character
 *
 * every character drawn from the 31-character set below, which leaves out
 * I, O, S, V and Z so that they cannot be misread as 1, 0, 5, U and 2.
 */

/** The character set, in the order whose index is each character's value. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const MODULUS = CHARSET.length; // 31

const CHECK_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const CREDIT_CODE_LENGTH = 18;

/**
 * Position 1. The standard's own table names 1 机构编制, 5 民政, 9 工商 and
 * Y 其他; the authorities added later by sector rules (3 司法行政 for law
 * firms, 8 工会, N 农业, …) are deliberately not accepted, because the employers
 * this service registers are enterprises, public institutions and social
 * organisations, and a wider list would only let typos through.
 */
const REGISTRATION_AUTHORITIES: ReadonlySet<string> = new Set(['1', '5', '9', 'Y']);

/**
 * Position 2. Under the four authorities above the standard uses 1, 2, 3 and 9
 * (e.g. 91 企业, 92 个体工商户, 93 农民专业合作社, 12 事业单位, 51 社会团体,
 * 52 民办非企业单位, 53 基金会, 19/59 其他). The pairing is not checked per
 * authority: every authority's own list falls within these four digits.
 */
const ORGANISATION_TYPES: ReadonlySet<string> = new Set(['1', '2', '3', '9']);

const CHAR_VALUES: ReadonlyMap<string, number> = new Map([...CHARSET].map((c, i) => [c, i]));

/**
 * Codes are typed by hand or pasted from 营业执照 scans and Chinese input
 * methods, which produce full-width letters and digits and ideographic spaces;
 * NFKC folds those to ASCII so that they are not rejected as foreign characters.
 */
export function normalizeCreditCode(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

/** Throws on input that cannot carry a check character: callers pass code, not user input. */
function checkSum(first17: string): number {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) {
    throw new RangeError(`a credit code check character needs exactly 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = CHAR_VALUES.get(first17[i]);
    if (value === undefined) throw new RangeError(`'${first17[i]}' is not a credit code character`);
    sum += value * CHECK_WEIGHTS[i];
  }
  return sum;
}

/** The GB 32100-2015 check character for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  return CHARSET[(MODULUS - (checkSum(first17) % MODULUS)) % MODULUS];
}

/** Appends the check character; for fixtures and demo data, not for validating input. */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

/**
 * Why the code is not a valid credit code, as a short English phrase fit for a
 * 400 message, or null when it is valid. Expects normalised input: a lower-case
 * code is reported rather than silently accepted so that stored codes are
 * always canonical.
 */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== CREDIT_CODE_LENGTH) {
    return `must be ${CREDIT_CODE_LENGTH} characters, got ${code.length}`;
  }
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (CHAR_VALUES.has(c)) continue;
    if (c !== c.toUpperCase()) return `must be upper-case (character ${i + 1} is '${c}')`;
    return `character ${i + 1} '${c}' is not allowed: only digits and upper-case letters other than I, O, S, V and Z`;
  }
  if (!REGISTRATION_AUTHORITIES.has(code[0])) {
    return `unknown registration authority '${code[0]}' (first character must be 1, 5, 9 or Y)`;
  }
  if (!ORGANISATION_TYPES.has(code[1])) {
    return `unknown organisation type '${code[1]}' (second character must be 1, 2, 3 or 9)`;
  }
  for (let i = 2; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return 'characters 3-8 must be the 6-digit administrative division code';
  }
  const expected = creditCodeCheckChar(code.slice(0, CREDIT_CODE_LENGTH - 1));
  if (code[CREDIT_CODE_LENGTH - 1] !== expected) {
    // The expected character is withheld: offering it invites "fixing" the
    // last character when the typo is really somewhere in the first 17.
    return 'check character mismatch: the code is mistyped';
  }
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}
