import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('payment runs (smoke)', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  const run = async (period: string) => (await t.http().post('/api/v1/payment-runs').send({ period }).expect(200)).body;
  const lines = async (period: string) => (await t.http().get(`/api/v1/payment-runs/${period}/lines?limit=200`).expect(200)).body.items;

  it('pays a late-registered designation its arrears and the month, once', async () => {
    const d = await given.designation({ designatedOn: '2024-06-15' });
    t.clock.setDate('2024-10-01');
    const summary = await run('2024-10');
    expect(summary).toMatchObject({ period: '2024-10', status: 'open', totals: { allowanceFen: 400000, grantFen: 0, clawbackFen: 0 }, counts: { regular: 1, arrears: 3 } });
    expect((await lines('2024-10')).map((l: { forPeriod: string; kind: string; amountFen: number; monthIndex: number }) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([
      ['2024-07', 'arrears', 100000, 1],
      ['2024-08', 'arrears', 100000, 2],
      ['2024-09', 'arrears', 100000, 3],
      ['2024-10', 'regular', 100000, 4],
    ]);
    const again = await run('2024-10');
    expect(again.totals).toEqual(summary.totals);
    expect(again.runs).toBe(2);
    expect(await lines('2024-10')).toHaveLength(4);

    await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'retired', effectiveOn: '2024-09-01' }).expect(201);
    const held = await run('2024-10');
    expect(held.counts).toMatchObject({ held: 2, clawback: 0 });
  });

  it('lists run periods newest first with their summaries, and a designation’s whole ledger across periods', async () => {
    t.clock.setDate('2025-03-01');
    const d = await given.designation({ designatedOn: '2025-01-10' });
    await run('2025-03');
    t.clock.setDate('2025-04-01');
    const april = await run('2025-04');
    const periods: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ period: string }>; nextCursor: string | null } } = await t.http().get(`/api/v1/payment-runs?limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      periods.push(...res.body.items.map((p) => p.period));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(periods).toEqual(['2025-04', '2025-03', '2024-10']);
    expect((await t.http().get('/api/v1/payment-runs?limit=1').expect(200)).body.items[0]).toEqual(april);
    const ledger = (await t.http().get(`/api/v1/designations/${d.id}/payments`).expect(200)).body;
    expect(ledger.nextCursor).toBeNull();
    expect(ledger.items.map((l: { runPeriod: string; forPeriod: string; kind: string; amountFen: number }) => [l.runPeriod, l.forPeriod, l.kind, l.amountFen])).toEqual([
      ['2025-03', '2025-02', 'arrears', 100000],
      ['2025-03', '2025-03', 'regular', 100000],
      ['2025-04', '2025-04', 'regular', 100000],
    ]);
    await t.http().get('/api/v1/designations/00000000-0000-4000-8000-000000000000/payments').expect(404);
    await t.http().get('/api/v1/payment-runs?cursor=garbage').expect(400);
  });
});
