import { createCipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { AppConfig } from '../../src/core/config/config';
import { gcmEncryptBatch, ghashTable } from '../../src/core/crypto/gcm-batch';
import { PiiCipher } from '../../src/core/crypto/pii-cipher';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { TalentIdentity } from '../../src/modules/talents/talent-identity';

/** Issue 20: an import encrypts its ID numbers in one batch; what it writes must be what AES-256-GCM writes. */
describe('batch PII encryption', () => {
  const key = createSecretKey(randomBytes(32));
  const table = ghashTable(key);

  /** Values of every length from 0 to 80 bytes and beyond, ASCII and multi-byte, so every partial last block is met. */
  function values(): string[] {
    const out: string[] = [];
    for (let n = 0; n <= 80; n++) out.push('9'.repeat(n), '手'.repeat(n % 30) + 'x'.repeat(n));
    out.push('x'.repeat(1000), '\u{1F600}'.repeat(7));
    return out;
  }

  it('gives, value by value, the bytes of createCipheriv(aes-256-gcm) with the same IV, tag included', () => {
    const plains = values();
    const ivs = randomBytes(12 * plains.length);
    const { sealed, ends } = gcmEncryptBatch(key, table, plains, ivs);
    plains.forEach((plain, i) => {
      const iv = ivs.subarray(12 * i, 12 * (i + 1));
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      expect(sealed.subarray(i === 0 ? 0 : ends[i - 1], ends[i]).toString('hex')).toBe(Buffer.concat([iv, cipher.getAuthTag(), body]).toString('hex'));
    });
  });

  it('wants one IV per value', () => {
    expect(() => gcmEncryptBatch(key, table, ['a', 'b'], randomBytes(12))).toThrow(/one 12-byte IV per value/);
  });

  it('is read back by decrypt(), each value with its own IV, and a changed byte is refused', async () => {
    const cipher = new PiiCipher({ piiKey: 'cd'.repeat(32) } as AppConfig);
    await cipher.onModuleInit();
    const plains = values();
    const sealed = cipher.encryptMany(plains);
    expect(sealed.map((s) => cipher.decrypt(s))).toEqual(plains);
    expect(new Set(sealed.map((s) => Buffer.from(s.slice(3), 'base64').subarray(0, 12).toString('hex'))).size).toBe(plains.length);
    expect(cipher.encryptMany([])).toEqual([]);
    const raw = Buffer.from(sealed[20].slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
  });

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
