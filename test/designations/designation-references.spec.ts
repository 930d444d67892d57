import type { Client } from 'pg';
import { withClient } from '../../scripts/lib/pg';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Migrations 1764002400000 and 1764002410000 check the references of events,
 * payment marks and designations once per statement instead of by foreign key:
 * what the keys refused is still refused, with the same error code and
 * constraint name, and the parents can no longer disappear or be re-keyed.
 */
describe('references to designations and talents, checked per statement', () => {
  let database: TestDatabase;
  let talentId = '';
  let designationId = '';
  const missing = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    database = await createTestDatabase();
    await db(async (c) => {
      const [{ id: street }] = (await c.query(`INSERT INTO organizations (name, kind) VALUES ('岳阳街道', 'street') RETURNING id`)).rows;
      const [{ id: employer }] = (
        await c.query(
          `INSERT INTO organizations (name, kind, credit_code, street_id, sector) VALUES ('松江测试有限公司', 'employer', '91310117MA1J3ABC12', $1, 'enterprise') RETURNING id`,
          [street],
        )
      ).rows;
      [{ id: talentId }] = (
        await c.query(
          `INSERT INTO talents (name, id_number_enc, id_number_hash, id_number_masked, gender, retirement_category, retirement_year, employer_id)
           VALUES ('张三', 'v1:x', 'hash-1', '31****1234', 'male', 'male', 2045, $1) RETURNING id`,
          [employer],
        )
      ).rows;
      [{ id: designationId }] = (await c.query(`${insertDesignation} RETURNING id`, [talentId])).rows;
      await c.query(`INSERT INTO designation_events (designation_id, on_date, kind, summary) VALUES ($1, '2024-12-16', 'designated', 'x')`, [designationId]);
    });
  });
  afterAll(() => database.drop());

  const db = <T>(fn: (c: Client) => Promise<T>) => withClient(database.url, fn);
  const insertDesignation = `INSERT INTO designations (talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen)
    VALUES ($1, '2024', '2024-12-16', '2025-01-01', '2027-12-31', '2026-06-30', '2027-12-31', 100000)`;
  const refused = async (sql: string, params: unknown[], code?: string, constraint?: string) => {
    const error = await db((c) => c.query(sql, params)).then(
      () => undefined,
      (e: { code?: string; constraint?: string }) => e,
    );
    expect(error).toMatchObject({ ...(code ? { code } : {}), ...(constraint ? { constraint } : {}) });
  };

  it('refuses an event, a payment mark or a designation whose parent does not exist, even one row among good ones', async () => {
    const event = `INSERT INTO designation_events (designation_id, on_date, kind, summary) SELECT unnest($1::uuid[]), '2025-01-01', 'note', 'x'`;
    await refused(event, [[designationId, missing]], '23503', 'designation_events_designation_id_fkey');
    await refused(`INSERT INTO payment_dirty (designation_id, mark) VALUES ($1, 1)`, [missing], '23503', 'payment_dirty_designation_id_fkey');
    await refused(insertDesignation, [missing], '23503', 'designations_talent_id_fkey');
    await refused(`UPDATE designation_events SET designation_id = $1`, [missing], '23503', 'designation_events_designation_id_fkey');
    // A designation's talent never changes (migration 1764003000000), to a talent that exists or not.
    await refused(`UPDATE designations SET talent_id = $1 WHERE id = $2`, [missing, designationId], '23001');
  });

  it('accepts rows whose parents exist, written by the same statement too', async () => {
    await db((c) => c.query(`INSERT INTO designation_events (designation_id, on_date, kind, summary) VALUES ($1, '2025-01-01', 'note', 'x')`, [designationId]));
    await db((c) => c.query(`SELECT payment_mark_dirty(ARRAY[$1::uuid])`, [designationId]));
    const { rows } = await db((c) =>
      c.query(`SELECT count(*)::int AS n FROM payment_dirty WHERE designation_id = $1`, [designationId]),
    );
    expect(rows[0].n).toBe(1);
  });

  it('keeps the parents: designations and talents are never deleted, truncated or re-keyed', async () => {
    await refused(`DELETE FROM designations WHERE id = $1`, [designationId], '23001');
    await refused(`TRUNCATE designations CASCADE`, []);
    await refused(`UPDATE designations SET id = $1 WHERE id = $2`, [missing, designationId], '23503');
    await refused(`DELETE FROM talents WHERE id = $1`, [talentId], '23503', 'designations_talent_id_fkey');
    await refused(`TRUNCATE talents CASCADE`, []);
    await refused(`UPDATE talents SET id = $1 WHERE id = $2`, [missing, talentId], '23503');
  });
});
