import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SealedIdentity } from './talent-identity';
import { nameContains } from '../../core/database/name-search';

export interface TalentRow {
  id: string;
  name: string;
  id_number_masked: string;
  gender: 'male' | 'female';
  retirement_category: string;
  employer_id: string;
  phone_masked: string | null;
  email: string | null;
  skill_level: string | null;
  occupation: string | null;
  social_insurance_district: string;
  social_insurance_since: string | null;
  created_at: Date;
}

export interface HonourRow {
  id: string;
  talent_id: string;
  title: string;
  awarded_on: string;
  issuer: string | null;
  certificate_number: string | null;
  revoked_at: Date | null;
}

export interface TitleRow {
  id: string;
  talent_id: string;
  title: string;
  monthly_amount_fen: string;
  valid_from: string;
  valid_to: string | null;
}

export interface NewTalent extends Omit<SealedIdentity, 'birthDate' | 'statutoryRetirementDate'> {
  name: string;
  employerId: string;
  phoneEnc: string | null;
  phoneMasked: string | null;
  email: string | null;
  skillLevel: string | null;
  occupation: string | null;
  socialInsuranceDistrict: string;
}

export interface TalentChange {
  employerId?: string;
  phone?: { enc: string; masked: string };
  email?: string;
  retirement?: { category: string; year: number };
}

/**
 * Dates leave PostgreSQL as 'YYYY-MM-DD' text: business dates never pass through a JS Date.
 * No birth or retirement date is stored (SPEC §8): TalentIdentity.lifeDatesOf derives them.
 */
const TALENT_COLUMNS = `id, name, id_number_masked, gender, retirement_category,
  employer_id, phone_masked, email, skill_level, occupation, social_insurance_district, social_insurance_since::text, created_at`;

@Injectable()
export class TalentsRepository {
  async insert(manager: EntityManager, t: NewTalent): Promise<TalentRow> {
    const [row] = await manager.query(
      `INSERT INTO talents (name, id_number_enc, id_number_hash, id_number_masked, gender, retirement_category,
         retirement_year, employer_id, phone_enc, phone_masked, email, skill_level, occupation, social_insurance_district)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
       RETURNING ${TALENT_COLUMNS}`,
      [t.name, t.idNumberEnc, t.idNumberHash, t.idNumberMasked, t.gender, t.retirementCategory, t.retirementYear,
        t.employerId, t.phoneEnc, t.phoneMasked, t.email, t.skillLevel, t.occupation, t.socialInsuranceDistrict],
    );
    return row;
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<TalentRow | undefined> {
    const [row] = await manager.query(`SELECT ${TALENT_COLUMNS} FROM talents WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row;
  }

  /** Registered talents by ID-number hash (one query for a whole import), locked when asked. */
  async findByIdNumberHashes(manager: EntityManager, hashes: string[], lock = false): Promise<Array<TalentRow & { id_number_hash: string }>> {
    if (hashes.length === 0) return [];
    return manager.query(`SELECT ${TALENT_COLUMNS}, id_number_hash FROM talents WHERE id_number_hash = ANY($1::text[]) ${lock ? 'FOR UPDATE' : ''}`, [hashes]);
  }

  async list(manager: EntityManager, f: { employerId?: string; idNumberHash?: string; name?: string; q?: string; after?: [string, string]; limit: number }): Promise<TalentRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (f.employerId) where.push(`employer_id = ${param(f.employerId)}::uuid`);
    if (f.idNumberHash) where.push(`id_number_hash = ${param(f.idNumberHash)}`);
    if (f.name) where.push(`name LIKE ${param(f.name.replace(/[\\%_]/g, (c) => `\\${c}`) + '%')}`);
    if (f.q) where.push(nameContains('name', f.q, param));
    if (f.after) where.push(`(created_at, id) > (${param(f.after[0])}::timestamptz, ${param(f.after[1])}::uuid)`);
    return manager.query(
      `SELECT ${TALENT_COLUMNS} FROM talents ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id LIMIT ${param(f.limit)}`,
      params,
    );
  }

  /** PATCH /talents/{id}: only the fields given change; the caller has locked the row. */
  async update(manager: EntityManager, id: string, c: TalentChange): Promise<TalentRow> {
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => `${column} = $${params.push(value)}`;
    const sets: string[] = [];
    if (c.employerId !== undefined) sets.push(set('employer_id', c.employerId));
    if (c.phone !== undefined) sets.push(set('phone_enc', c.phone.enc), set('phone_masked', c.phone.masked));
    if (c.email !== undefined) sets.push(set('email', c.email));
    if (c.retirement !== undefined) sets.push(set('retirement_category', c.retirement.category), set('retirement_year', c.retirement.year));
    const [rows] = await manager.query(`UPDATE talents SET ${sets.join(', ')} WHERE id = $1 RETURNING ${TALENT_COLUMNS}`, params);
    return rows[0];
  }

  async sealedPhone(manager: EntityManager, id: string): Promise<string | null> {
    const [row] = await manager.query(`SELECT phone_enc FROM talents WHERE id = $1`, [id]);
    return row?.phone_enc ?? null;
  }

  async existsByHash(manager: EntityManager, idNumberHash: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM talents WHERE id_number_hash = $1`, [idNumberHash]);
    return rows.length > 0;
  }

  async honours(manager: EntityManager, talentId: string): Promise<HonourRow[]> {
    return manager.query(`SELECT id, talent_id, title, awarded_on::text, issuer, certificate_number, revoked_at FROM honours WHERE talent_id = $1 ORDER BY awarded_on, created_at`, [talentId]);
  }

  async titles(manager: EntityManager, talentId: string): Promise<TitleRow[]> {
    return manager.query(
      `SELECT id, talent_id, title, monthly_amount_fen::text, valid_from::text, valid_to::text FROM talent_titles WHERE talent_id = $1 ORDER BY valid_from, created_at`,
      [talentId],
    );
  }

  async insertHonour(manager: EntityManager, talentId: string, h: { title: string; awardedOn: string; issuer: string | null; certificateNumber: string | null }): Promise<HonourRow | undefined> {
    const [row] = await manager.query(
      `INSERT INTO honours (talent_id, title, awarded_on, issuer, certificate_number) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (talent_id, title) WHERE revoked_at IS NULL DO NOTHING
       RETURNING id, talent_id, title, awarded_on::text, issuer, certificate_number, revoked_at`,
      [talentId, h.title, h.awardedOn, h.issuer, h.certificateNumber],
    );
    return row;
  }

  async revokeHonour(manager: EntityManager, talentId: string, honourId: string, at: Date): Promise<HonourRow | undefined> {
    const [rows] = await manager.query(
      `UPDATE honours SET revoked_at = $3 WHERE id = $2 AND talent_id = $1 AND revoked_at IS NULL
       RETURNING id, talent_id, title, awarded_on::text, issuer, certificate_number, revoked_at`,
      [talentId, honourId, at],
    );
    return rows[0];
  }

  async insertTitle(manager: EntityManager, talentId: string, t: { title: string; monthlyAmountFen: number; validFrom: string; validTo: string | null }): Promise<TitleRow> {
    const [row] = await manager.query(
      `INSERT INTO talent_titles (talent_id, title, monthly_amount_fen, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, talent_id, title, monthly_amount_fen::text, valid_from::text, valid_to::text`,
      [talentId, t.title, t.monthlyAmountFen, t.validFrom, t.validTo],
    );
    return row;
  }

  /** True when the talent holds the honour now (not revoked). */
  async holdsHonour(manager: EntityManager, talentId: string, title: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM honours WHERE talent_id = $1 AND title = $2 AND revoked_at IS NULL`, [talentId, title]);
    return rows.length > 0;
  }
}
