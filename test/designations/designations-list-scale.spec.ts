import { encodeCursor } from '../../src/core/http/pagination';
import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

const PEOPLE = 100_000;

/**
 * GET /designations with a whole programme's worth of rows present (issue 3,
 * "Performance": listing with 100,000 rows, first page and a deep cursor page).
 * Speed is measured by `npm run bench`; this file checks that the pages are
 * right at that size, including rows that share a creation instant, as an
 * import's rows do.
 */
describe('designations: listing 100,000 designations', () => {
  let t: TestApp;
  let employerId: string;

  /** The (created_at, id) order the list promises, straight from the table. */
  async function inListOrder(where = 'true'): Promise<Array<{ id: string; created_at: Date }>> {
    return t.db.query(`SELECT d.id, d.created_at FROM designations d WHERE ${where} ORDER BY d.created_at, d.id`);
  }

  const cursorAfter = (row: { id: string; created_at: Date }) => encodeCursor([row.created_at.toISOString(), row.id]);

  async function page(query: string): Promise<{ ids: string[]; nextCursor: string | null }> {
    const res = await t.http().get(`/api/v1/designations?${query}`).expect(200);
    return { ids: res.body.items.map((d: { id: string }) => d.id), nextCursor: res.body.nextCursor };
  }

  beforeAll(async () => {
    t = await startTestApp();
    employerId = (await new Given(t).employer()).id;
    // Seeded in two set-based statements: through the API this would take minutes. Every third
    // designation shares its creation instant with its neighbours, and one in ten is suspended.
    await t.db.query(
      `INSERT INTO talents (name, id_number_enc, id_number_hash, id_number_masked, gender, retirement_category, retirement_year, employer_id)
       SELECT '技师' || i, 'v1:seed', md5('seed-' || i), '31************' || lpad((i % 10000)::text, 4, '0'), 'male', 'male', 2043, $1
         FROM generate_series(1, $2::int) AS i`,
      [employerId, PEOPLE],
    );
    await t.db.query(
      `INSERT INTO designations (talent_id, cohort, designated_on, term_start, term_end, mid_term_due, end_term_due, monthly_allowance_fen, status, created_at)
       SELECT id, CASE WHEN n % 2 = 0 THEN '2022' ELSE '2024' END, '2022-06-15', '2022-07-01', '2025-06-30', '2023-12-31', '2025-06-30', 100000,
              CASE WHEN n % 10 = 0 THEN 'suspended' ELSE 'active' END,
              timestamptz '2025-01-01 00:00:00+08' + (n / 3) * interval '1 millisecond'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM talents) AS t`,
    );
    await t.db.query('ANALYZE talents, designations');
  }, 120_000);
  afterAll(() => t.close());

  it('gives the oldest designations first', async () => {
    const expected = (await inListOrder()).slice(0, 200).map((r) => r.id);
    const first = await page('limit=200');
    expect(first.ids).toEqual(expected);
    expect(first.nextCursor).not.toBeNull();
    expect((await page('')).ids).toEqual(expected.slice(0, 50));
  });

  it('continues exactly where a deep cursor points, page after page', async () => {
    const all = await inListOrder();
    expect(all).toHaveLength(PEOPLE);
    const deep = await page(`limit=200&cursor=${cursorAfter(all[89_999])}`);
    expect(deep.ids).toEqual(all.slice(90_000, 90_200).map((r) => r.id));
    const next = await page(`limit=200&cursor=${deep.nextCursor}`);
    expect(next.ids).toEqual(all.slice(90_200, 90_400).map((r) => r.id));
  });

  it('ends with the last rows and a null cursor', async () => {
    const all = await inListOrder();
    const last = await page(`limit=200&cursor=${cursorAfter(all[PEOPLE - 151])}`);
    expect(last.ids).toEqual(all.slice(PEOPLE - 150).map((r) => r.id));
    expect(last.nextCursor).toBeNull();
  });

  it('pages deep into a filtered list', async () => {
    const suspended2022 = await inListOrder(`d.status = 'suspended' AND d.cohort = '2022'`);
    expect(suspended2022).toHaveLength(PEOPLE / 10);
    const deep = await page(`status=suspended&cohort=2022&employerId=${employerId}&limit=100&cursor=${cursorAfter(suspended2022[7_999])}`);
    expect(deep.ids).toEqual(suspended2022.slice(8_000, 8_100).map((r) => r.id));
  });
});
