import {
  idNumberCheckDigit,
  makeIdNumber,
  maskIdNumber,
  parseIdNumber,
} from '../../src/modules/talents/id-number';

describe('parseIdNumber', () => {
  it.each([
    // The sample number printed in GB 11643-1999 itself, check character X.
    ['11010519491231002X', '110105', '1949-12-31', 'female'],
    ['310117198506121232', '310117', '1985-06-12', 'male'],
    ['310117199003070044', '310117', '1990-03-07', 'female'],
    ['610102200002290012', '610102', '2000-02-29', 'male'],
    ['650103202402290823', '650103', '2024-02-29', 'female'],
    ['530102199012313315', '530102', '1990-12-31', 'male'],
  ])('reads %s', (raw, regionCode, birthDate, gender) => {
    expect(parseIdNumber(raw)).toEqual({ ok: true, idNumber: raw, regionCode, birthDate, gender });
  });

  it('accepts a lower-case x and upper-cases it', () => {
    expect(parseIdNumber('11010519491231002x')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('trims surrounding whitespace', () => {
    expect(parseIdNumber('  310117198506121232 \n')).toMatchObject({ ok: true, idNumber: '310117198506121232' });
  });

  it.each(['710000199001010011', '810000199001010011', '820000199001010011', '830000199001010011', '910000199001010011'])(
    'accepts the non-mainland province code of %s',
    (raw) => {
      const number = raw.slice(0, 17) + idNumberCheckDigit(raw.slice(0, 17));
      expect(parseIdNumber(number).ok).toBe(true);
    },
  );

  it.each([
    ['310117198506121233', 'idNumber check digit is wrong'],
    ['11010519491231002Y', 'idNumber must be 17 digits followed by a digit or X'],
    ['110105194912310020', 'idNumber check digit is wrong'],
    ['110105202402300013', 'idNumber birth date is not a real calendar date'],
    ['110105202313010015', 'idNumber birth date is not a real calendar date'],
    ['110105202301000015', 'idNumber birth date is not a real calendar date'],
    ['110105202302290015', 'idNumber birth date is not a real calendar date'],
    // GB 11643-1999's own example, born 1880: a correct check digit but outside the years accepted.
    ['440524188001010014', 'idNumber birth year must be 1900-2099'],
    ['310117850612123', 'idNumber must be 18 characters long'],
    ['31011719850612123', 'idNumber must be 18 characters long'],
    ['3101171985061212320', 'idNumber must be 18 characters long'],
    ['', 'idNumber must be 18 characters long'],
    ['31011719850612A232', 'idNumber must be 17 digits followed by a digit or X'],
    ['X10117198506121232', 'idNumber must be 17 digits followed by a digit or X'],
    ['3101171985 6121232', 'idNumber must be 17 digits followed by a digit or X'],
    ['３１０１１７１９８５０６１２１２３２', 'idNumber must be 17 digits followed by a digit or X'],
    ['720105199001010014', 'idNumber region code names no known province'],
    ['000000199001010014', 'idNumber region code names no known province'],
    ['160105199001010014', 'idNumber region code names no known province'],
    ['990105199001010014', 'idNumber region code names no known province'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(parseIdNumber(raw)).toEqual({ ok: false, reason });
  });
});

describe('idNumberCheckDigit', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['31011719850612123', '2'],
    ['31011719850612124', '0'],
    ['31011719850612125', '9'],
    ['31011719850612126', '7'],
    ['31011719850612127', '5'],
    ['44052418800101001', '4'],
  ])('of %s is %s', (first17, check) => {
    expect(idNumberCheckDigit(first17)).toBe(check);
  });

  it('refuses anything but 17 digits', () => {
    expect(() => idNumberCheckDigit('3101171985061212')).toThrow();
    expect(() => idNumberCheckDigit('3101171985061212X')).toThrow();
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 2 and last 4 and the length (SPEC §5), hiding the region and the birth date', () => {
    expect(maskIdNumber('31011719850107123X')).toBe('31************123X');
    expect(maskIdNumber('310117198506121232')).toBe('31************1232');
  });

  it('stars a value shorter than an ID number whole', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('12345678901234567')).toBe('*'.repeat(17));
    expect(maskIdNumber('')).toBe('');
  });
});

describe('makeIdNumber', () => {
  it('builds a number with the right check digit', () => {
    expect(makeIdNumber('310117', '1985-06-12', '123')).toBe('310117198506121232');
    expect(makeIdNumber('110105', '19491231', '002')).toBe('11010519491231002X');
  });

  it('builds numbers parseIdNumber reads back', () => {
    expect(parseIdNumber(makeIdNumber('440300', '2009-12-31', '997'))).toEqual({
      ok: true,
      idNumber: '440300200912319976',
      regionCode: '440300',
      birthDate: '2009-12-31',
      gender: 'male',
    });
  });

  it.each([
    ['31011', '1985-06-12', '123'],
    ['310117', '1985-6-12', '123'],
    ['310117', '1985-06-12', '12'],
    ['310117', '2024-02-30', '123'],
    ['720105', '1985-06-12', '123'],
  ])('refuses %s / %s / %s', (region, birthDate, seq3) => {
    expect(() => makeIdNumber(region, birthDate, seq3)).toThrow();
  });
});
