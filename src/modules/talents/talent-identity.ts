import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BusinessDate } from '../../core/clock/business-date';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { Gender, maskIdNumber, ParsedIdNumber, parseIdNumber } from './id-number';
import { RetirementCategory, statutoryRetirementDate } from './retirement-date';

/** A person's birth date and statutory retirement date: each gives the other back, so both are as secret as the ID number. */
export interface LifeDates {
  birthDate: BusinessDate;
  statutoryRetirementDate: BusinessDate;
}

export interface SealedIdentity extends LifeDates {
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  gender: Gender;
  retirementCategory: RetirementCategory;
  /** The one plain trace of the dates: the year alone, for SQL pre-filtering (SPEC §8). */
  retirementYear: number;
}

export type IdentityResult = { ok: true; identity: SealedIdentity } | { ok: false; field: 'idNumber' | 'retirementCategory'; message: string };
export type CategoryResult = { ok: true; category: RetirementCategory } | { ok: false; message: string };

/**
 * Everything derived from an ID number. Only the sealed number, its lookup
 * hash, the mask, gender, category and retirement year are stored; the birth
 * date and the statutory retirement date are derived again from the decrypted
 * number by `lifeDatesOf`, the one place any module reads them.
 */
@Injectable()
export class TalentIdentity {
  constructor(private readonly cipher: PiiCipher) {}

  lookupHash(rawIdNumber: string): string | undefined {
    const found = this.lookupHashOf(rawIdNumber);
    return found.ok ? found.idNumberHash : undefined;
  }

  seal(rawIdNumber: string, category?: RetirementCategory): IdentityResult {
    const parsed = parseIdNumber(rawIdNumber);
    if (!parsed.ok) return { ok: false, field: 'idNumber', message: parsed.reason };
    const resolved = resolveCategory(parsed.gender, category);
    if (!resolved.ok) return { ok: false, field: 'retirementCategory', message: resolved.message };
    return { ok: true, identity: this.identityOf(parsed, resolved.category, this.cipher.encrypt(parsed.idNumber)) };
  }

  /**
   * seal() of each number (with the default category), in order: what an import of
   * thousands needs, each birth date's retirement date worked out once.
   */
  sealMany(rawIdNumbers: readonly string[]): IdentityResult[] {
    const parsed = rawIdNumbers.map(parseIdNumber);
    const encrypted = parsed.flatMap((p) => (p.ok ? [this.cipher.encrypt(p.idNumber)] : []));
    const retiresOn = new Map<string, BusinessDate>();
    let next = 0;
    return parsed.map((p): IdentityResult => {
      if (!p.ok) return { ok: false, field: 'idNumber', message: p.reason };
      const resolved = resolveCategory(p.gender, undefined);
      if (!resolved.ok) return { ok: false, field: 'retirementCategory', message: resolved.message };
      return { ok: true, identity: this.identityOf(p, resolved.category, encrypted[next++], retiresOn) };
    });
  }

  /** The lookup hash of a number, or why it is none: what matching a person needs, without sealing the number. */
  lookupHashOf(rawIdNumber: string): { ok: true; idNumberHash: string } | { ok: false; message: string } {
    const parsed = parseIdNumber(rawIdNumber);
    return parsed.ok ? { ok: true, idNumberHash: this.cipher.lookupHash(parsed.idNumber) } : { ok: false, message: parsed.reason };
  }

  /** `known` keeps retirement dates by birth date and category, for a caller sealing many. */
  private identityOf(parsed: ParsedIdNumber, category: RetirementCategory, idNumberEnc: string, known?: Map<string, BusinessDate>): SealedIdentity {
    const key = `${parsed.birthDate}:${category}`;
    let retiresOn = known?.get(key);
    if (retiresOn === undefined) {
      retiresOn = statutoryRetirementDate(parsed.birthDate, category);
      known?.set(key, retiresOn);
    }
    return {
      idNumberEnc,
      idNumberHash: this.cipher.lookupHash(parsed.idNumber),
      idNumberMasked: maskIdNumber(parsed.idNumber),
      gender: parsed.gender,
      birthDate: parsed.birthDate,
      retirementCategory: category,
      statutoryRetirementDate: retiresOn,
      retirementYear: retirementYearOf(retiresOn),
    };
  }

  /**
   * The birth and statutory retirement dates of registered people, from their
   * encrypted ID numbers and recorded categories: one query, whatever the count.
   * Talents not found are absent from the map.
   */
  async lifeDatesOf(manager: EntityManager, talentIds: readonly string[]): Promise<Map<string, LifeDates>> {
    if (talentIds.length === 0) return new Map();
    const rows: Array<{ id: string; id_number_enc: string; retirement_category: RetirementCategory }> = await manager.query(
      `SELECT id, id_number_enc, retirement_category FROM talents WHERE id = ANY($1::uuid[])`,
      [[...new Set(talentIds)]],
    );
    return new Map(rows.map((r) => [r.id, this.lifeDates(r.id_number_enc, r.retirement_category)]));
  }

  private lifeDates(idNumberEnc: string, category: RetirementCategory): LifeDates {
    const parsed = parseIdNumber(this.cipher.decrypt(idNumberEnc));
    if (!parsed.ok) throw new Error('a stored ID number no longer parses');
    return { birthDate: parsed.birthDate, statutoryRetirementDate: statutoryRetirementDate(parsed.birthDate, category) };
  }
}

export function retirementYearOf(statutoryRetirementDate: BusinessDate): number {
  return Number(statutoryRetirementDate.slice(0, 4));
}

/** SPEC §3.5: a woman's category follows her post (default female_worker); a man's is male. */
export function resolveCategory(gender: Gender, given: RetirementCategory | undefined): CategoryResult {
  if (gender === 'male') {
    return given === undefined || given === 'male' ? { ok: true, category: 'male' } : { ok: false, message: 'retirementCategory: the ID number is a man’s, whose category is male' };
  }
  if (given === 'male') return { ok: false, message: 'retirementCategory: the ID number is a woman’s: female_cadre or female_worker' };
  return { ok: true, category: given ?? 'female_worker' };
}
