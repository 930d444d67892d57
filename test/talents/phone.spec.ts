import { isMobilePhone, maskPhone, parsePhone } from '../../src/modules/talents/phone';

describe('parsePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['19912345678', '19912345678'],
    [' 138 1234 5678 ', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['86 138 1234 5678', '13812345678'],
  ])('normalises %j to %s', (raw, phone) => {
    expect(parsePhone(raw)).toEqual({ ok: true, phone });
  });

  it.each([
    '12812345678',
    '10012345678',
    '23812345678',
    '1381234567',
    '138123456789',
    '021-12345678',
    '138abcd5678',
    '+85213812345678',
    '+1 3812345678',
    '+86',
    '86',
    '861381234567',
    '',
  ])('refuses %j', (raw) => {
    expect(parsePhone(raw)).toEqual({
      ok: false,
      reason: 'phone must be a mainland China mobile number: 11 digits starting 13-19',
    });
    expect(isMobilePhone(raw)).toBe(false);
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks the normalised number', () => {
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
  });

  it('stars a value that is not a mobile number', () => {
    expect(maskPhone('021-12345678')).toBe('************');
  });
});
