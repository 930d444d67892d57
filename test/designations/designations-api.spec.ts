import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('designations', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  it('computes the term and the due dates from designatedOn', async () => {
    const d = await given.designation({ designatedOn: '2024-06-15' });
    expect(d).toMatchObject({ status: 'active', termStart: '2024-07-01', termEnd: '2027-06-30', midTermDue: '2025-12-31', endTermDue: '2027-06-30', monthlyAllowanceFen: 100000 });
    const got = await t.http().get(`/api/v1/designations/${d.id}`).expect(200);
    expect(got.body.timeline).toEqual([expect.objectContaining({ kind: 'designated', onDate: '2024-06-15' })]);
  });
});
