import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Term } from './designation-term';
import type { DesignationStatus } from './dto/designation-query.dto';
import { nameContains } from '../../core/database/name-search';
import { preparedQuery, sqlLimit } from '../../core/database/prepared-query';

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
  suspends_on: string | null;
  created_at: Date;
}

/** An earlier designation of the same person in force (or undecided) in a month of a new term. */
export interface OverlapRow {
  /** 1-based position of the candidate in the list given. */
  ord: number;
  id: string;
  cohort: string;
  status: DesignationStatus;
  term_start: string;
  /** The last day of the months it is in force: termEnd, or the day before an approved adjustment's effectiveOn. */
  in_force_until: string;
  first_month: string;
  last_month: string;
}

export interface NewDesignation extends Term {
  talentId: string;
  cohort: string;
  designatedOn: string;
  monthlyAllowanceFen: number;
}

const SELECT = `
  SELECT d.id, d.talent_id, t.name AS talent_name, t.employer_id, d.cohort, d.designated_on::text, d.term_start::text, d.term_end::text,
         d.mid_term_due::text, d.end_term_due::text, d.monthly_allowance_fen::text, d.status, d.suspended_from::text, d.completed_on::text,
         -- SPEC §3.1: an approved adjustment suspends from its effectiveOn; until the lifecycle job switches
         -- the status on that day, the designation stays active and says when.
         CASE WHEN d.status = 'active' THEN (SELECT min(a.effective_on) FROM adjustments a WHERE a.designation_id = d.id AND a.status = 'approved') END::text AS suspends_on,
         d.created_at
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

  /**
   * A whole import in one statement: the designations, each one's 'designated' event and
   * audit row are written from the inserted rows themselves, so nothing is looked up
   * again by id (three statements and two 10,000-id lookups before). Returns how many.
   */
  async insertImported(manager: EntityManager, rows: NewDesignation[], record: { at: Date; actor: string; requestId: string | null }): Promise<number> {
    const col = <K extends keyof NewDesignation>(k: K) => rows.map((r) => r[k]);
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `WITH d AS (
         INSERT INTO designations (talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen)
         SELECT talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen
           FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::date[], $6::date[], $7::date[], $8::bigint[]) WITH ORDINALITY
                AS r(talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen, ord)
          ORDER BY ord
         RETURNING id, talent_id, cohort, designated_on, term_start, term_end),
       events AS (
         INSERT INTO designation_events (designation_id, on_date, kind, summary, data, at)
         SELECT d.id, d.designated_on, 'designated',
                '命名为' || d.cohort || '届松江区首席技师（批量导入），任期 ' || d.term_start || ' 至 ' || d.term_end,
                jsonb_build_object('cohort', d.cohort, 'termStart', d.term_start, 'termEnd', d.term_end, 'import', true), $9
           FROM d),
       audit AS (
         INSERT INTO audit_events (actor, action, entity_type, entity_id, after, request_id)
         SELECT $10, 'designation.imported', 'designation', d.id::text,
                jsonb_build_object('talentId', d.talent_id, 'cohort', d.cohort, 'designatedOn', d.designated_on, 'termStart', d.term_start, 'termEnd', d.term_end), $11
           FROM d)
       SELECT count(*)::int AS n FROM d`,
      [
        col('talentId'), col('cohort'), col('designatedOn'), col('termStart'), col('termEnd'), col('midTermDue'), col('endTermDue'), col('monthlyAllowanceFen'),
        record.at, record.actor, record.requestId,
      ],
    );
    return n;
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<DesignationRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE d.id = $1 ${lock ? 'FOR UPDATE OF d' : ''}`, [id]);
    return row;
  }

  async hasActive(manager: EntityManager, talentId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM designations WHERE talent_id = $1 AND status = 'active'`, [talentId]);
    return rows.length > 0;
  }

  /** Of the given talents, those holding an active designation. */
  async activeHolders(manager: EntityManager, talentIds: string[]): Promise<Set<string>> {
    const rows: Array<{ talent_id: string }> = await manager.query(
      `SELECT DISTINCT talent_id FROM designations WHERE status = 'active' AND talent_id = ANY($1::uuid[])`,
      [talentIds],
    );
    return new Set(rows.map((r) => r.talent_id));
  }

  /**
   * SPEC §3.1: for each candidate term, the same person's designations (any
   * status) in force in one of its months. Month M is in force while no approved
   * adjustment has effectiveOn ≤ the 1st of M; a pending one cuts nothing, as
   * it is undecided. Callers hold the talent's row lock, so two creations for
   * one person are serialised.
   */
  async overlapping(manager: EntityManager, candidates: Array<{ talentId: string; termStart: string; termEnd: string }>): Promise<OverlapRow[]> {
    if (candidates.length === 0) return [];
    return manager.query(
      `SELECT r.ord::int AS ord, d.id, d.cohort, d.status, d.term_start::text, f.until::text AS in_force_until,
              to_char(GREATEST(d.term_start, r.term_start), 'YYYY-MM') AS first_month, to_char(LEAST(f.until, r.term_end), 'YYYY-MM') AS last_month
         FROM unnest($1::uuid[], $2::date[], $3::date[]) WITH ORDINALITY AS r(talent_id, term_start, term_end, ord)
         JOIN designations d ON d.talent_id = r.talent_id
        CROSS JOIN LATERAL (
          SELECT LEAST(d.term_end, min(a.effective_on) - 1) AS until
            FROM adjustments a WHERE a.designation_id = d.id AND a.status = 'approved'
        ) f
        WHERE GREATEST(d.term_start, r.term_start) <= LEAST(f.until, r.term_end)
        ORDER BY r.ord, d.term_start, d.id`,
      [candidates.map((c) => c.talentId), candidates.map((c) => c.termStart), candidates.map((c) => c.termEnd)],
    );
  }

  /**
   * Only the filters given become conditions: an `$n IS NULL OR …` form would
   * keep PostgreSQL's generic plan off the (status|cohort, created_at, id) indexes.
   */
  async list(
    manager: EntityManager,
    filter: { status?: string; cohort?: string; employerId?: string; name?: string; q?: string; talentId?: string; after?: [string, string]; limit: number },
  ): Promise<DesignationRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (filter.status) where.push(`d.status = ${param(filter.status)}`);
    if (filter.cohort) where.push(`d.cohort = ${param(filter.cohort)}`);
    if (filter.employerId) where.push(`t.employer_id = ${param(filter.employerId)}::uuid`);
    if (filter.name) where.push(`t.name LIKE ${param(filter.name.replace(/[\\%_]/g, (c) => `\\${c}`) + '%')}`);
    if (filter.q) where.push(nameContains('t.name', filter.q, param));
    if (filter.talentId) where.push(`d.talent_id = ${param(filter.talentId)}::uuid`);
    // Unfiltered, the list is a walk of designations_list_idx whatever the values: its plan is prepared once.
    const unfiltered = where.length === 0;
    if (filter.after) where.push(`(d.created_at, d.id) > (${param(filter.after[0])}::timestamptz, ${param(filter.after[1])}::uuid)`);
    const text = `${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at, d.id LIMIT ${sqlLimit(filter.limit)}`;
    return unfiltered ? preparedQuery(manager, text, params) : manager.query(text, params);
  }
}
