import { Injectable } from '@nestjs/common';
import type { BusinessDate } from '../../core/clock/business-date';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { Gender, maskIdNumber, parseIdNumber } from './id-number';
import { RetirementCategory, statutoryRetirementDate } from './retirement-date';

export interface SealedIdentity {
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  gender: Gender;
  birthDate: BusinessDate;
  retirementCategory: RetirementCategory;
  statutoryRetirementDate: BusinessDate;
}

export type IdentityResult = { ok: true; identity: SealedIdentity } | { ok: false; field: 'idNumber' | 'retirementCategory'; message: string };

/**
 * Everything derived from an ID number, ready to store: the number sealed,
 * its lookup hash and mask, gender, birth date, and the statutory retirement
 * date under the person's category.
 */
@Injectable()
export class TalentIdentity {
  constructor(private readonly cipher: PiiCipher) {}

  lookupHash(rawIdNumber: string): string | undefined {
    const parsed = parseIdNumber(rawIdNumber);
    return parsed.ok ? this.cipher.lookupHash(parsed.idNumber) : undefined;
  }

  seal(rawIdNumber: string, category?: RetirementCategory): IdentityResult {
    const parsed = parseIdNumber(rawIdNumber);
    if (!parsed.ok) return { ok: false, field: 'idNumber', message: parsed.reason };
    const resolved = resolveCategory(parsed.gender, category);
    if (!resolved.ok) return { ok: false, field: 'retirementCategory', message: resolved.message };
    return {
      ok: true,
      identity: {
        idNumberEnc: this.cipher.encrypt(parsed.idNumber),
        idNumberHash: this.cipher.lookupHash(parsed.idNumber),
        idNumberMasked: maskIdNumber(parsed.idNumber),
        gender: parsed.gender,
        birthDate: parsed.birthDate,
        retirementCategory: resolved.category,
        statutoryRetirementDate: statutoryRetirementDate(parsed.birthDate, resolved.category),
      },
    };
  }
}

/** SPEC §3.5: a woman's category follows her post (default female_worker); a man's is male. */
function resolveCategory(gender: Gender, given: RetirementCategory | undefined): { ok: true; category: RetirementCategory } | { ok: false; message: string } {
  if (gender === 'male') {
    return given === undefined || given === 'male' ? { ok: true, category: 'male' } : { ok: false, message: 'retirementCategory: the ID number is a man’s, whose category is male' };
  }
  if (given === 'male') return { ok: false, message: 'retirementCategory: the ID number is a woman’s: female_cadre or female_worker' };
  return { ok: true, category: given ?? 'female_worker' };
}
