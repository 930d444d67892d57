import { Given } from '../support/given';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

/** Issue 15 item 8: GET /assessments/counts gives the tabs' counts, in the same scope as the list. */
describe('assessments: counts per status for the tabs', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => ({ t, given } = await districtOfficeWorld()));
  afterAll(() => t.close());

  const run = (asOf: string) => t.http().post('/api/v1/jobs/assessments/run').send({ asOf }).expect(200);
  const assessorOf = async (organizationId: string) => (await t.http().post('/api/v1/users').send({ name: '考核组', role: 'assessor', organizationId }).expect(201)).body.token as string;
  const designationAt = async (streetId: string, termStart: string) => {
    const employer = await given.employer({ streetId });
    const talent = await given.talent({ employerId: employer.id });
    const day = new Date(Date.parse(termStart) - 10 * 86_400_000).toISOString().slice(0, 10);
    return given.designation({ talentId: talent.id, designatedOn: day, termStart });
  };

  it('counts open, overdue and done tasks of the assessor’s own organisation only; the admin sees all', async () => {
    const mine = await given.street('永丰街道');
    const other = await given.street('方松街道');
    // mid-term due 2025-12-31 (overdue on 2026-01-05) and 2026-01-31 (open then)
    await designationAt(mine.id, '2024-07-01');
    await designationAt(mine.id, '2024-07-01');
    await designationAt(mine.id, '2024-08-01');
    await designationAt(other.id, '2024-08-01');
    await run('2025-12-01');
    await run('2026-01-05');
    const token = await assessorOf(mine.id);

    const before = await t.http(token).get('/api/v1/assessments/counts').expect(200);
    expect(before.body).toEqual({ byStatus: { open: 1, overdue: 2, done: 0, cancelled: 0 } });

    const overdue = await t.http(token).get('/api/v1/assessments?status=overdue').expect(200);
    t.clock.setDate('2026-01-06');
    await t.http(token).post(`/api/v1/assessments/${overdue.body.items[0].id}/result`).send({ grade: 'qualified', assessedOn: '2026-01-06' }).expect(200);
    const after = await t.http(token).get('/api/v1/assessments/counts').expect(200);
    expect(after.body.byStatus).toEqual({ open: 1, overdue: 1, done: 1, cancelled: 0 });

    // the counts agree with the lists
    for (const status of ['open', 'overdue', 'done'] as const) {
      const list = await t.http(token).get(`/api/v1/assessments?status=${status}`).expect(200);
      expect(list.body.items).toHaveLength(after.body.byStatus[status]);
    }
    const all = await t.http().get('/api/v1/assessments/counts').expect(200);
    expect(all.body.byStatus).toEqual({ open: 2, overdue: 1, done: 1, cancelled: 0 });
    const elsewhere = await t.http(await assessorOf(other.id)).get('/api/v1/assessments/counts').expect(200);
    expect(elsewhere.body.byStatus).toEqual({ open: 1, overdue: 0, done: 0, cancelled: 0 });
  });
});
