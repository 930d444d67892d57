import { Given } from './given';
import { ok } from './http';
import type { TestApp } from './test-app';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

async function rowsOf<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = (await db.query(sql, params)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export interface LedgerRow {
  designation_id: string | null;
  workshop_id: string | null;
  for_period: string;
  kind: string;
  amount_fen: string;
  month_index: number;
  run_period: string;
  seq: number;
  note: string;
}

/** The whole ledger in a stable order, without ids and timestamps (they differ between databases). */
export function ledger(db: Queryable): Promise<LedgerRow[]> {
  return rowsOf<LedgerRow>(
    db,
    `SELECT designation_id, workshop_id, for_period, kind, amount_fen::text AS amount_fen, month_index, run_period, seq, note
       FROM payment_lines
      ORDER BY run_period, designation_id NULLS LAST, workshop_id NULLS LAST, for_period, month_index, seq`,
  );
}

/** The same ledger as a count and a digest, for ledgers too large to compare row by row in memory. */
export async function ledgerDigest(db: Queryable): Promise<{ lines: number; netFen: string; md5: string | null }> {
  const [row] = await rowsOf<{ lines: number; net_fen: string; md5: string | null }>(
    db,
    `SELECT count(*)::int AS lines, COALESCE(sum(amount_fen), 0)::text AS net_fen,
            md5(string_agg(concat_ws('|', designation_id, workshop_id, for_period, kind, amount_fen, month_index, run_period, seq, note), E'\\n'
                           ORDER BY run_period, designation_id, workshop_id, for_period, month_index, seq)) AS md5
       FROM payment_lines`,
  );
  return { lines: row.lines, netFen: row.net_fen, md5: row.md5 };
}

/** Held and superseded months reported by the runs (not paid), in a stable order. */
export function reports(db: Queryable): Promise<Array<Record<string, unknown>>> {
  return rowsOf(
    db,
    `SELECT run_period, designation_id, workshop_id, for_period, kind, month_index, note
       FROM payment_run_reports ORDER BY run_period, designation_id NULLS LAST, workshop_id NULLS LAST, for_period, kind`,
  );
}

export interface World {
  employerId: string;
  creditCode: string;
  /** Designations with nothing special: every month of the term is owed. */
  plain: string[];
  superseded: string;
  lowerTitle: string;
  held: string;
  suspended: string;
  workshopId: string;
}

/**
 * A small programme with every kind of month a run meets: plain designations
 * (two cohorts), one superseded by a higher title, one with a lower title, one
 * held by a pending adjustment, one suspended by an approved one, and a
 * municipal chief technician workshop earning grant instalments.
 */
export async function seedWorld(t: TestApp): Promise<World> {
  const given = new Given(t);
  const employer = await given.employer();
  const designation = async (designatedOn: string) => {
    const talent = await given.talent({ employerId: employer.id });
    return { talentId: talent.id, id: (await given.designation({ talentId: talent.id, designatedOn })).id };
  };
  const plain: Array<{ talentId: string; id: string }> = [];
  for (let i = 0; i < 8; i++) plain.push(await designation(i % 2 === 0 ? '2024-06-15' : '2024-11-20'));
  const superseded = await designation('2024-06-15');
  ok(await t.http().post(`/api/v1/talents/${superseded.talentId}/titles`).send({ title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01' }), 201);
  const lowerTitle = await designation('2024-06-15');
  ok(await t.http().post(`/api/v1/talents/${lowerTitle.talentId}/titles`).send({ title: '区拔尖人才', monthlyAmountFen: 80000, validFrom: '2024-09-01' }), 201);
  const held = await designation('2024-06-15');
  ok(await t.http().post(`/api/v1/designations/${held.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2024-10-01' }), 201);
  const suspended = await designation('2024-06-15');
  const adjustment = ok(await t.http().post(`/api/v1/designations/${suspended.id}/adjustments`).send({ reason: 'moved_out_of_district', effectiveOn: '2024-09-01' }), 201) as {
    id: string;
  };
  ok(await t.http().post(`/api/v1/adjustments/${adjustment.id}/decision`).send({ decision: 'approve' }), 200);
  const workshop = ok(
    await t.http().post('/api/v1/workshops').send({
      kind: 'chief_technician',
      name: '首席技师工作室（并发测试）',
      employerId: employer.id,
      leadTalentId: plain[0].talentId,
      level: 'municipal',
      namedOn: '2024-08-10',
    }),
    201,
  ) as { id: string };
  return {
    employerId: employer.id,
    creditCode: employer.creditCode,
    plain: plain.map((d) => d.id),
    superseded: superseded.id,
    lowerTitle: lowerTitle.id,
    held: held.id,
    suspended: suspended.id,
    workshopId: workshop.id,
  };
}
