import { Given } from '../support/given';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

describe('lifecycle job (smoke)', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => ({ t, given } = await districtOfficeWorld()));
  afterAll(() => t.close());

  it('proposes retirement 30 days ahead once, completes ended terms, and mails the district office', async () => {
    const talent = await given.talent({ birthDate: '1966-05-20' }); // retires 2026-10-20
    const d = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
    const run = (asOf: string) => t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf }).expect(200);
    expect((await run('2026-09-19')).body.result).toEqual({ suspended: 0, completed: 0, retirementProposals: 0, retirementProposalsRevised: 0, workshopsFlagged: 0 });
    expect((await run('2026-09-20')).body.result).toEqual({ suspended: 0, completed: 0, retirementProposals: 1, retirementProposalsRevised: 0, workshopsFlagged: 0 });
    expect((await run('2026-09-20')).body.result).toEqual({ suspended: 0, completed: 0, retirementProposals: 0, retirementProposalsRevised: 0, workshopsFlagged: 0 });
    const list = await t.http().get(`/api/v1/adjustments?designationId=${d.id}`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ reason: 'retired', effectiveOn: '2026-10-20', status: 'pending', source: 'lifecycle' })]);
    const mails = await t.db.query(`SELECT purpose, to_addresses FROM notifications`);
    expect(mails).toEqual([{ purpose: 'adjustment.proposed', to_addresses: ['office@songjiang.example'] }]);
    const decided = await t.http().post(`/api/v1/adjustments/${list.body.items[0].id}/decision`).send({ decision: 'approve' }).expect(200);
    expect(decided.body.status).toBe('approved');
    await t.http().post(`/api/v1/adjustments/${list.body.items[0].id}/decision`).send({ decision: 'reject' }).expect(409);
    const got = await t.http().get(`/api/v1/designations/${d.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'suspended', suspendedFrom: '2026-10-20' });
    expect(got.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['designated', 'adjustment_proposed', 'suspended']);

    const other = await given.designation({ designatedOn: '2023-01-10' }); // term 2023-02-01 .. 2026-01-31
    expect((await run('2026-02-01')).body.result).toMatchObject({ completed: 1 });
    expect((await run('2026-02-01')).body.result).toMatchObject({ completed: 0 });
    const done = await t.http().get(`/api/v1/designations/${other.id}`).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', completedOn: '2026-02-01' });
  });
});
