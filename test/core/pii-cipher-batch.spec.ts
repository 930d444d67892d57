import type { AppConfig } from '../../src/core/config/config';
import { PiiCipher } from '../../src/core/crypto/pii-cipher';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { TalentIdentity } from '../../src/modules/talents/talent-identity';

/** Issue 20: an import seals its ID numbers in one pass (sealMany); each must be what seal() gives. */
describe('sealing a file of ID numbers', () => {
  it('seals many ID numbers as seal() does each, errors included', async () => {
    const cipher = new PiiCipher({ piiKey: 'cd'.repeat(32) } as AppConfig);
    await cipher.onModuleInit();
    const identity = new TalentIdentity(cipher);
    const good = makeIdNumber('310117', '1966-05-20', '013');
    const withX = makeIdNumber('110105', '1949-12-31', '002');
    const wrongCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const raws = [good, withX, ` ${withX.toLowerCase()} `, makeIdNumber('310117', '1985-02-28', '024'), '31011719850228002', wrongCheck, '310117198502300011', 'abc', good];
    const many = identity.sealMany(raws);
    raws.forEach((raw, i) => {
      const one = identity.seal(raw);
      if (!one.ok) return expect(many[i]).toEqual(one);
      const batch = many[i] as typeof one;
      expect({ ...batch.identity, idNumberEnc: undefined }).toEqual({ ...one.identity, idNumberEnc: undefined });
      expect(cipher.decrypt(batch.identity.idNumberEnc)).toBe(cipher.decrypt(one.identity.idNumberEnc));
    });
  });
});
