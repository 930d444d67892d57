import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Term } from './designation-term';
import type { DesignationStatus } from './dto/designation-query.dto';

export interface DesignationRow {
  id: string;
  talent_id: string;
  talent_name: string;
  employer_id: string;
  cohort: string;
  designated_on: string;
  term_start: string;
  term_end: string;
  mid_term_due: string;
  end_term_due: string;
  monthly_allowance_fen: string;
  status: DesignationStatus;
  suspended_from: string | null;
  completed_on: string | null;
  created_at: Date;
}

export interface NewDesignation extends Term {
  talentId: string;
  cohort: string;
  designatedOn: string;
  monthlyAllowanceFen: number;
}

const SELECT = `
  SELECT d.id, d.talent_id, t.name AS talent_name, t.employer_id, d.cohort, d.designated_on::text, d.term_start::text, d.term_end::text,
         d.mid_term_due::text, d.end_term_due::text, d.monthly_allowance_fen::text, d.status, d.suspended_from::text, d.completed_on::text, d.created_at
    FROM designations d JOIN talents t ON t.id = d.talent_id`;

@Injectable()
export class DesignationsRepository {
  async insert(manager: EntityManager, d: NewDesignation): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO designations (talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [d.talentId, d.cohort, d.designatedOn, d.termStart, d.termEnd, d.midTermDue, d.endTermDue, d.monthlyAllowanceFen],
    );
    return id;
  }

  /** One statement for a whole import; returns the new ids in input order. */
  async insertMany(manager: EntityManager, rows: NewDesignation[]): Promise<string[]> {
    const col = <K extends keyof NewDesignation>(k: K) => rows.map((r) => r[k]);
    const inserted: Array<{ id: string; ord: string }> = await manager.query(
      `INSERT INTO designations (talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen)
       SELECT talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen
         FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::date[], $6::date[], $7::date[], $8::bigint[]) WITH ORDINALITY
              AS r(talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen, ord)
        ORDER BY ord
       RETURNING id`,
      [col('talentId'), col('cohort'), col('designatedOn'), col('termStart'), col('termEnd'), col('midTermDue'), col('endTermDue'), col('monthlyAllowanceFen')],
    );
    return inserted.map((r) => r.id);
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<DesignationRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE d.id = $1 ${lock ? 'FOR UPDATE OF d' : ''}`, [id]);
    return row;
  }

  async hasActive(manager: EntityManager, talentId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM designations WHERE talent_id = $1 AND status = 'active'`, [talentId]);
    return rows.length > 0;
  }

  /**
   * Only the filters given become conditions: an `$n IS NULL OR …` form would
   * keep PostgreSQL's generic plan off the (status|cohort, created_at, id) indexes.
   */
  async list(
    manager: EntityManager,
    filter: { status?: string; cohort?: string; employerId?: string; name?: string; after?: [string, string]; limit: number },
  ): Promise<DesignationRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (filter.status) where.push(`d.status = ${param(filter.status)}`);
    if (filter.cohort) where.push(`d.cohort = ${param(filter.cohort)}`);
    if (filter.employerId) where.push(`t.employer_id = ${param(filter.employerId)}::uuid`);
    if (filter.name) where.push(`t.name LIKE ${param(filter.name.replace(/[\\%_]/g, (c) => `\\${c}`) + '%')}`);
    if (filter.after) where.push(`(d.created_at, d.id) > (${param(filter.after[0])}::timestamptz, ${param(filter.after[1])}::uuid)`);
    return manager.query(
      `${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at, d.id LIMIT ${param(filter.limit)}`,
      params,
    );
  }
}
