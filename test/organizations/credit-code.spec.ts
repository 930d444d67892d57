import {
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
  makeCreditCode,
  normalizeCreditCode,
} from '../../src/modules/organizations/credit-code';

/**
 * Codes of well-known organisations as printed on their public filings. Each
 * was checked with creditCodeCheckChar and, for the first, by hand:
 *
 *   9 1 3 5 0 1 0 0 M  0  0  0  1  0  0  Y  4     (M = 21, Y = 30)
 *   1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28  (weights)
 *   9 + 3 + 27 + 135 + 26 + 21·20 + 8 + 30·30 + 4·28 = 1640
 *   1640 mod 31 = 28 (31·52 = 1612), (31 − 28) mod 31 = 3 → check '3'
 */
const REAL_CODES = [
  ['91350100M000100Y43', 'example widely quoted with GB 32100-2015'],
  ['914403001922038216', '华为技术有限公司'],
  ['9144030071526726XG', '深圳市腾讯计算机系统有限公司'],
  ['91330100716105852F', '阿里巴巴（中国）有限公司'],
  ['91100000100003962T', '中国工商银行股份有限公司'],
  ['91110000802100433B', '北京百度网讯科技有限公司'],
  ['91310000132200821H', '上海汽车集团股份有限公司'],
  ['91110108551385082Q', '小米科技有限责任公司'],
  ['91440300708461136T', '中国平安保险（集团）股份有限公司'],
] as const;

describe('creditCodeCheckChar', () => {
  it.each(REAL_CODES)('reproduces the check character of %s (%s)', (code) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('yields 0 when the weighted sum is a multiple of 31, not 31', () => {
    // All zeros: sum 0, (31 − 0) mod 31 = 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('yields the letter Y for a remainder of 1', () => {
    // Only position 1 set to 1: sum 1, (31 − 1) mod 31 = 30 → 'Y'.
    expect(creditCodeCheckChar('10000000000000000')).toBe('Y');
  });

  it('weights the last position by 28', () => {
    // Only position 17 set to 1: sum 28, 31 − 28 = 3.
    expect(creditCodeCheckChar('00000000000000001')).toBe('3');
  });

  it('rejects input of the wrong length or outside the character set', () => {
    expect(() => creditCodeCheckChar('9135010000000')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100Y43')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100I00010004')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100m00010004')).toThrow(RangeError);
  });
});

describe('makeCreditCode', () => {
  it('appends the check character', () => {
    expect(makeCreditCode('91350100M000100Y4')).toBe('91350100M000100Y43');
  });

  it.each(['91310117MA1J3X5X4', '12310117425000123', '51310117MJ0000001', '93310117MA1FL0001', 'Y1310117000000001'])(
    'makes a valid code from %s',
    (first17) => {
      expect(isValidCreditCode(makeCreditCode(first17))).toBe(true);
    },
  );
});

describe('isValidCreditCode and creditCodeProblem', () => {
  it.each(REAL_CODES)('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('rejects a code whose check character was guessed rather than computed', () => {
    // Its real check character is N: this often-quoted example is not valid.
    expect(creditCodeProblem('91310000MA1FL0000X')).toBe('check character mismatch: the code is mistyped');
  });

  it('accepts only the computed check character out of all 31', () => {
    const code = '91350100M000100Y43';
    for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      expect(isValidCreditCode(code.slice(0, 17) + c)).toBe(c === '3');
    }
  });

  it('catches a transposition of two adjacent characters', () => {
    // 91350100M000100Y43 with Y and 4 swapped.
    expect(creditCodeProblem('91350100M0001004Y3')).toBe('check character mismatch: the code is mistyped');
  });

  it('does not reveal the expected check character, so typos are not "fixed" at the end', () => {
    expect(creditCodeProblem('91350100M000100Y44')).not.toContain("'3'");
  });

  it.each([
    ['', 'must be 18 characters, got 0'],
    ['91350100M000100Y4', 'must be 18 characters, got 17'],
    ['91350100M000100Y433', 'must be 18 characters, got 19'],
    ['91350100 000100Y43 ', 'must be 18 characters, got 19'],
  ])('rejects %j for its length', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it.each([
    ['91350100I000100Y43', 9, 'I'],
    ['91350100O000100Y43', 9, 'O'],
    ['91350100Z000100Y43', 9, 'Z'],
    ['91350100S000100Y43', 9, 'S'],
    ['91350100V000100Y43', 9, 'V'],
    ['91350100-000100Y43', 9, '-'],
    ['91350100 000100Y43', 9, ' '],
    ['91350100M000100Y4５', 18, '５'],
  ])('rejects %s: character %i %j is outside the set', (code, position, char) => {
    expect(creditCodeProblem(code)).toBe(
      `character ${position} '${char}' is not allowed: only digits and upper-case letters other than I, O, S, V and Z`,
    );
  });

  it('reports lower-case input as such instead of accepting it', () => {
    expect(creditCodeProblem('91350100m000100y43')).toBe("must be upper-case (character 9 is 'm')");
  });

  it.each(['2', '3', '8', 'A', 'N', '0'])('rejects registration authority %s', (first) => {
    const code = makeCreditCode(`${first}1350100M000100Y4`);
    expect(creditCodeProblem(code)).toBe(
      `unknown registration authority '${first}' (first character must be 1, 5, 9 or Y)`,
    );
  });

  it.each(['1', '5', '9', 'Y'])('accepts registration authority %s', (first) => {
    expect(isValidCreditCode(makeCreditCode(`${first}1350100M000100Y4`))).toBe(true);
  });

  it.each(['0', '4', '5', '8', 'A', 'Y'])('rejects organisation type %s', (second) => {
    const code = makeCreditCode(`9${second}350100M000100Y4`);
    expect(creditCodeProblem(code)).toBe(
      `unknown organisation type '${second}' (second character must be 1, 2, 3 or 9)`,
    );
  });

  it.each(['1', '2', '3', '9'])('accepts organisation type %s', (second) => {
    expect(isValidCreditCode(makeCreditCode(`9${second}350100M000100Y4`))).toBe(true);
  });

  it.each(['913A0100M000100Y4', '9131011XM000100Y4', '91Y10117MA1J3X5X4'])(
    'rejects a letter in the administrative division code of %s',
    (first17) => {
      expect(creditCodeProblem(makeCreditCode(first17))).toBe(
        'characters 3-8 must be the 6-digit administrative division code',
      );
    },
  );
});

describe('normalizeCreditCode', () => {
  it('trims and upper-cases', () => {
    expect(normalizeCreditCode('  91350100m000100y43\n')).toBe('91350100M000100Y43');
  });

  it('folds full-width characters and ideographic spaces from Chinese input methods', () => {
    expect(normalizeCreditCode('\u3000９１３５０１００ｍ０００１００ｙ４３\u3000')).toBe('91350100M000100Y43');
  });

  it('leaves excluded letters in place for creditCodeProblem to report', () => {
    expect(normalizeCreditCode('91350100o000100y43')).toBe('91350100O000100Y43');
    expect(isValidCreditCode(normalizeCreditCode('91350100o000100y43'))).toBe(false);
  });

  it('makes a normalised real code valid', () => {
    expect(isValidCreditCode(normalizeCreditCode(' 9144030071526726xg '))).toBe(true);
  });
});
