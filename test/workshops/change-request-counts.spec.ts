import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';

/**
 * Issue 15 item 8: GET /change-requests/counts — requests per status in the
 * reader's scope and the status it decides (`waiting`), so the console opens
 * the district union and the city office on their queues.
 */
describe('change requests: counts per status and the queue each reader decides', () => {
  let t: TestApp;
  let given: Given;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    const district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['d@example.com'] });
    const otherDistrict = await given.organization({ name: '青浦区总工会', kind: 'union', level: 'district', contactEmails: ['q@example.com'] });
    const unit = await given.organization({ name: '甲公司工会', kind: 'union', level: 'unit', parentId: district.id, contactEmails: ['u@example.com'] });
    const employer = await given.employer({ unionId: unit.id });
    tokens.city = await userWithRole(t, 'city_office');
    tokens.district = await userWithRole(t, 'union', district.id);
    tokens.otherDistrict = await userWithRole(t, 'union', otherDistrict.id);
    tokens.unit = await userWithRole(t, 'union', unit.id);
    const craftsman = async () => {
      const talent = await given.talent({ employerId: employer.id });
      await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: '上海工匠', awardedOn: '2020-05-01' }).expect(201);
      return talent.id;
    };
    const file = async (name: string) => {
      const w = await t.http(tokens.city).post('/api/v1/workshops').send({ kind: 'craftsman_innovation', name, employerId: employer.id, leadTalentId: await craftsman(), namedOn: '2022-05-01' }).expect(201);
      return (await t.http(tokens.unit).post(`/api/v1/workshops/${w.body.id}/change-requests`).send({ reason: 'retired', action: 'exit_keep_title' }).expect(201)).body.id as string;
    };
    const decide = (id: string, token: string, decision: string, comment?: string) => t.http(token).post(`/api/v1/change-requests/${id}/decisions`).send({ decision, comment }).expect(200);
    await file('一号工作室');
    await file('二号工作室');
    await decide(await file('三号工作室'), tokens.district, 'approve');
    await decide(await file('四号工作室'), tokens.district, 'reject', '材料不全');
  });
  afterAll(() => t.close());

  const counts = async (token?: string) => (await t.http(token).get('/api/v1/change-requests/counts').expect(200)).body;

  it('the district union waits on submitted, the city office on union_reviewed; the filing union and the admin on nothing', async () => {
    const byStatus = { submitted: 2, union_reviewed: 1, approved: 0, rejected: 1 };
    expect(await counts(tokens.district)).toEqual({ byStatus, waiting: 'submitted' });
    expect(await counts(tokens.city)).toEqual({ byStatus, waiting: 'union_reviewed' });
    expect(await counts(tokens.unit)).toEqual({ byStatus, waiting: null });
    expect(await counts()).toEqual({ byStatus, waiting: null });
  });

  it('a union outside the chain counts none of them, like its list', async () => {
    expect(await counts(tokens.otherDistrict)).toEqual({ byStatus: { submitted: 0, union_reviewed: 0, approved: 0, rejected: 0 }, waiting: 'submitted' });
    const list = await t.http(tokens.otherDistrict).get('/api/v1/change-requests').expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('the counts agree with the lists by status', async () => {
    const { byStatus } = (await counts(tokens.district)) as { byStatus: Record<string, number> };
    for (const [status, n] of Object.entries(byStatus)) {
      const list = await t.http(tokens.district).get(`/api/v1/change-requests?status=${status}`).expect(200);
      expect(list.body.items).toHaveLength(n);
    }
  });
});
