import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('change requests (smoke)', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  it('goes unit union → district union → city office and changes the lead', async () => {
    await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    const district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['district@example.com'] });
    const unit = await given.organization({ name: '某某公司工会', kind: 'union', level: 'unit', parentId: district.id, contactEmails: ['unit@example.com'] });
    const employer = await given.employer({ unionId: unit.id });
    const lead = await given.talent({ employerId: employer.id, birthDate: '1964-03-01' });
    const next = await given.talent({ employerId: employer.id });
    for (const p of [lead, next]) await t.http().post(`/api/v1/talents/${p.id}/honours`).send({ title: '上海工匠', awardedOn: '2020-05-01' }).expect(201);
    const user = async (role: string, organizationId?: string) => (await t.http().post('/api/v1/users').send({ name: role, role, organizationId }).expect(201)).body.token;
    const [city, districtUser, unitUser] = [await user('city_office'), await user('union', district.id), await user('union', unit.id)];
    const w = await t.http(city).post('/api/v1/workshops').send({ kind: 'craftsman_innovation', name: '张工匠创新工作室', employerId: employer.id, leadTalentId: lead.id, namedOn: '2022-05-01' }).expect(201);

    const flagged = await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-11-23' }).expect(200);
    expect(flagged.body.result.workshopsFlagged).toBe(1);
    expect((await t.http(city).get(`/api/v1/workshops/${w.body.id}`)).body.status).toBe('attention_required');

    const filed = await t.http(unitUser).post(`/api/v1/workshops/${w.body.id}/change-requests`).send({ reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    expect(filed.body.status).toBe('submitted');
    await t.http(unitUser).post(`/api/v1/workshops/${w.body.id}/change-requests`).send({ reason: 'retired', action: 'exit_keep_title' }).expect(409);
    await t.http(city).post(`/api/v1/change-requests/${filed.body.id}/decisions`).send({ decision: 'approve' }).expect(409);
    await t.http(districtUser).post(`/api/v1/change-requests/${filed.body.id}/decisions`).send({ decision: 'approve', comment: '同意' }).expect(200);
    const done = await t.http(city).post(`/api/v1/change-requests/${filed.body.id}/decisions`).send({ decision: 'approve', comment: '审定同意' }).expect(200);
    expect(done.body.status).toBe('approved');
    const after = (await t.http(unitUser).get(`/api/v1/workshops/${w.body.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'active', leadTalentId: next.id });
    expect(after.leadHistory).toEqual([
      expect.objectContaining({ talentId: lead.id, toDate: '2026-11-23' }),
      expect.objectContaining({ talentId: next.id, fromDate: '2026-11-23', toDate: null, changeRequestId: filed.body.id }),
    ]);
    const mails = await t.db.query(`SELECT purpose, to_addresses FROM notifications WHERE purpose LIKE 'change_request.%' ORDER BY created_at`);
    expect(mails).toEqual([
      { purpose: 'change_request.submitted', to_addresses: ['district@example.com'] },
      { purpose: 'change_request.union_reviewed', to_addresses: ['city@example.com'] },
      { purpose: 'change_request.approved', to_addresses: ['unit@example.com'] },
    ]);
    const form = await t.http(unitUser).get(`/api/v1/change-requests/${filed.body.id}/form`).expect(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.text).toContain('上海市工匠创新工作室管理变更申请表');
    expect(form.text).toContain('审定同意');
  });
});
