import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OPENING_NOTES } from './payment-labels';

/** The run_period of opening lines (migration 1764000900000): no period's roster or summary holds them. */
export const OPENING_RUN_PERIOD = 'opening';

/** A checked row of the opening ledger's allowance sheet, ID number already hashed. */
export interface AllowanceRow {
  row: number;
  idNumberHash: string;
  forPeriod: string;
  amountFen: number;
}

/** A checked row of the grant sheet. */
export interface GrantRow {
  row: number;
  creditCode: string;
  workshopName: string;
  instalment: number;
  amountFen: number;
}

export interface FoundAllowance {
  row: number;
  forPeriod: string;
  talentId: string | null;
  designationId: string | null;
  openingLines: number;
  netFen: number;
}

export interface FoundGrant {
  row: number;
  instalment: number;
  employerFound: boolean;
  workshopId: string | null;
  forPeriod: string | null;
  due: boolean;
  openingLines: number;
  netFen: number;
}

// The designation whose term holds the month: a person's terms do not overlap in force, and of two
// whose terms touch one month (the earlier one cut off by an adjustment) the later one is the one owing it
// (DISTINCT ON keeps each row's first by term_start DESC). Designations are joined, not looked up row by
// row: a file holds each person's months, so one join of people and terms serves them all.
const ALLOWANCE_ROWS = `
  rows AS (SELECT r.*, to_date(r.for_period || '-01', 'YYYY-MM-DD') AS m1 FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[]) AS r(row_no, hash, for_period, amount)),
  found AS (
    SELECT DISTINCT ON (r.row_no) r.row_no, r.for_period, r.amount, t.id AS talent_id, d.id AS designation_id,
           1 + ((date_part('year', r.m1) - date_part('year', d.term_start)) * 12 + date_part('month', r.m1) - date_part('month', d.term_start))::int AS month_index,
           COALESCE(pm.opening, 0)::int AS opening_lines, COALESCE(pm.net, 0)::bigint AS net, COALESCE(pm.last_seq, 0)::int AS last_seq
      FROM rows r
      LEFT JOIN talents t ON t.id_number_hash = r.hash
      LEFT JOIN designations d ON d.talent_id = t.id AND d.term_start <= r.m1 AND d.term_end >= r.m1
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE l.kind = 'opening') AS opening, sum(l.amount_fen) AS net, max(l.person_seq) AS last_seq
          FROM payment_lines l
         WHERE l.for_period = r.for_period AND l.payee_talent_id = t.id AND l.designation_id IS NOT NULL) pm ON true
     ORDER BY r.row_no, d.term_start DESC, d.id
  )`;

/**
 * Set-based statements of the opening-ledger import: the file's rows are
 * resolved once into a temporary table (dropped at commit), checked and
 * inserted from there; only the rows refused come back to the service.
 */
@Injectable()
export class OpeningLedgerRepository {
  /** Resolves the rows (person, designation, what the ledger holds of the month) into opening_found. */
  async resolveAllowances(manager: EntityManager, rows: AllowanceRow[]): Promise<void> {
    await manager.query(`CREATE TEMP TABLE opening_found ON COMMIT DROP AS WITH ${ALLOWANCE_ROWS} SELECT * FROM found`, allowanceParams(rows));
  }

  /** The resolved rows that cannot be imported (no person, no designation, imported or paid before), in row order. */
  async refusedAllowances(manager: EntityManager): Promise<FoundAllowance[]> {
    const found: Array<Record<string, unknown>> = await manager.query(
      `SELECT * FROM opening_found WHERE talent_id IS NULL OR designation_id IS NULL OR opening_lines > 0 OR net <> 0 ORDER BY row_no`,
    );
    return found.map((f) => ({
      row: f.row_no as number,
      forPeriod: f.for_period as string,
      talentId: (f.talent_id as string | null) ?? null,
      designationId: (f.designation_id as string | null) ?? null,
      openingLines: f.opening_lines as number,
      netFen: Number(f.net),
    }));
  }

  /**
   * The resolved rows, once none is refused, in the same transaction (the
   * caller holds the runs' lock, so the ledger has not moved since). Each
   * line takes the next place in its person-month, with the net after it
   * (the ledger's chain, migration 1764000100000), and its designation is
   * marked changed: the next run looks at its whole term again, so an opening
   * line for a month before the latest run's is counted too.
   */
  async insertAllowances(manager: EntityManager): Promise<void> {
    await manager.query(
      `WITH ins AS (
         INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen, note)
         SELECT '${OPENING_RUN_PERIOD}', designation_id, talent_id, for_period, 'opening', amount, month_index, 1, last_seq + 1, net + amount, $1
           FROM opening_found ORDER BY for_period, talent_id
         RETURNING designation_id)
       SELECT payment_mark_dirty(ARRAY(SELECT DISTINCT designation_id FROM ins))`,
      [OPENING_NOTES.allowance],
    );
  }

  async resolveGrants(manager: EntityManager, rows: GrantRow[], monthStart: string): Promise<FoundGrant[]> {
    const found: Array<Record<string, unknown>> = await manager.query(
      `WITH ${GRANT_ROWS} SELECT * FROM found ORDER BY row_no`,
      [...grantParams(rows), monthStart],
    );
    return found.map((f) => ({
      row: f.row_no as number,
      instalment: f.instalment as number,
      employerFound: f.employer_found as boolean,
      workshopId: (f.workshop_id as string | null) ?? null,
      forPeriod: (f.for_period as string | null) ?? null,
      due: f.due === true,
      openingLines: f.opening_lines as number,
      netFen: Number(f.net),
    }));
  }

  async insertGrants(manager: EntityManager, rows: GrantRow[]): Promise<void> {
    await manager.query(
      `WITH ${GRANT_ROWS}
       INSERT INTO payment_lines (run_period, workshop_id, payee_employer_id, for_period, kind, amount_fen, month_index, seq, note)
       SELECT '${OPENING_RUN_PERIOD}', workshop_id, employer_id, for_period, 'opening', amount, instalment, 1, replace($7, '{instalment}', instalment::text)
         FROM found ORDER BY workshop_id, instalment`,
      [...grantParams(rows), null, OPENING_NOTES.grant],
    );
  }
}

const GRANT_ROWS = `
  rows AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::bigint[]) AS r(row_no, code, name, instalment, amount)),
  found AS (
    SELECT r.row_no, r.instalment, r.amount, e.id IS NOT NULL AS employer_found, w.id AS workshop_id, w.employer_id,
           to_char(w.m1, 'YYYY-MM') AS for_period, w.m1 <= $6::date AS due,
           COALESCE(pl.opening, 0)::int AS opening_lines, COALESCE(pl.net, 0)::bigint AS net
      FROM rows r
      LEFT JOIN LATERAL (SELECT e.id FROM organizations e WHERE e.kind = 'employer' AND e.credit_code = r.code LIMIT 1) e ON true
      LEFT JOIN LATERAL (
        SELECT w.id, w.employer_id, grant_instalment_month(w.named_on, r.instalment) AS m1
          FROM workshops w WHERE w.employer_id = e.id AND w.name = r.name AND w.kind = 'chief_technician'
         ORDER BY w.named_on, w.id LIMIT 1) w ON true
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE l.kind = 'opening') AS opening, sum(l.amount_fen) AS net
          FROM payment_lines l WHERE l.workshop_id = w.id AND l.month_index = r.instalment) pl ON true
  )`;

/** Array literals written here rather than by pg, which quotes and escapes every element: at 100,000 rows that was a tenth of the import. */
function allowanceParams(rows: AllowanceRow[]): unknown[] {
  return [plainArray(rows.map((r) => r.row)), plainArray(rows.map((r) => r.idNumberHash)), plainArray(rows.map((r) => r.forPeriod)), plainArray(rows.map((r) => r.amountFen))];
}

/**
 * A PostgreSQL array literal of values that need no quotes: integers, lowercase hex digests, checked
 * YYYY-MM months. No letter beyond a–f gets through, so no element can read as NULL.
 */
function plainArray(values: ReadonlyArray<string | number>): string {
  const text = values.join(',');
  if (!/^[0-9a-f,-]*$/.test(text)) throw new Error('plainArray: a value would need quoting');
  return `{${text}}`;
}

function grantParams(rows: GrantRow[]): unknown[] {
  return [rows.map((r) => r.row), rows.map((r) => r.creditCode), rows.map((r) => r.workshopName), rows.map((r) => r.instalment), rows.map((r) => String(r.amountFen))];
}
