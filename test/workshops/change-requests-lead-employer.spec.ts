import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13 item 10, performed: a unit union names as its workshop's new lead a
 * person of another employer (who leads another union's workshop). SPEC §3.6:
 * the new lead works for the workshop's employer — checked when the request is
 * filed and again at the city office's final approval; the filing answer never
 * names a person the union may not see.
 */
const WS = '/api/v1/workshops';
const CR = '/api/v1/change-requests';

describe('change requests: the new lead works for the workshop’s employer', () => {
  let t: TestApp;
  let given: Given;
  const tokens: Record<string, string> = {};
  let ours: { employerId: string; workshopId: string; leadId: string };
  let theirs: { employerId: string; workshopId: string; leadId: string; leadName: string };

  const token = async (role: string, organizationId?: string) =>
    (await t.http().post('/api/v1/users').send({ name: `${role}用户`, role, ...(organizationId ? { organizationId } : {}) }).expect(201)).body.token as string;

  const craftsman = async (employerId: string, name: string) => {
    const talent = await given.talent({ employerId, name });
    await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: '上海工匠', awardedOn: '2020-05-01' }).expect(201);
    return talent.id;
  };

  const unionAndWorkshop = async (districtId: string, label: string, leadName: string) => {
    const union = await given.organization({ name: `${label}工会`, kind: 'union', level: 'unit', parentId: districtId, contactEmails: [`${label}@example.com`] });
    const employer = await given.employer({ name: `上海${label}有限公司`, unionId: union.id });
    const leadId = await craftsman(employer.id, leadName);
    const w = await t.http(tokens.city).post(WS).send({ kind: 'craftsman_innovation', name: `${leadName}工匠创新工作室`, employerId: employer.id, leadTalentId: leadId, namedOn: '2022-05-01' }).expect(201);
    return { unionId: union.id, employerId: employer.id, workshopId: w.body.id as string, leadId, leadName };
  };

  const file = (body: Record<string, unknown>) => t.http(tokens.unit).post(`${WS}/${ours.workshopId}/change-requests`).send(body);
  const requestsOf = async (workshopId: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM change_requests WHERE workshop_id = $1`, [workshopId]))[0].n);
  const leadOf = async (workshopId: string) => (await t.http().get(`${WS}/${workshopId}`).expect(200)).body.leadTalentId as string;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    const district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['district@example.com'] });
    tokens.city = await token('city_office');
    tokens.district = await token('union', district.id);
    const a = await unionAndWorkshop(district.id, '甲机械', '王甲');
    const b = await unionAndWorkshop(district.id, '乙电子', '李乙');
    tokens.unit = await token('union', a.unionId);
    ours = a;
    theirs = b;
  });
  afterAll(() => t.close());

  it('refuses at filing (422) a lead of another employer who leads another union’s workshop, names nobody, and files nothing', async () => {
    const res = await file({ reason: 'resigned', action: 'change_lead', newLeadTalentId: theirs.leadId }).expect(422);
    expect(res.body.message).toMatch(/newLeadTalentId.*workshop’s employer/);
    expect(res.text).not.toContain(theirs.leadName);
    expect(await requestsOf(ours.workshopId)).toBe(0);
    expect(await leadOf(theirs.workshopId)).toBe(theirs.leadId);
  });

  it('answers an unknown talent id exactly like a person of another employer (no oracle)', async () => {
    const stranger = await file({ reason: 'resigned', action: 'change_lead', newLeadTalentId: theirs.leadId }).expect(422);
    const unknown = await file({ reason: 'resigned', action: 'change_lead', newLeadTalentId: '00000000-0000-4000-8000-00000000abcd' }).expect(422);
    expect(unknown.body).toEqual(stranger.body);
  });

  it('refuses the final approval (422) when the new lead has moved to another employer since filing, and applies nothing', async () => {
    const next = await craftsman(ours.employerId, '周甲');
    const filed = await file({ reason: 'resigned', action: 'change_lead', newLeadTalentId: next }).expect(201);
    expect(filed.body).toMatchObject({ newLeadTalentId: next, newLeadName: '周甲' }); // a person of the workshop's employer: named
    await t.http(tokens.district).post(`${CR}/${filed.body.id}/decisions`).send({ decision: 'approve' }).expect(200);
    // The person changes employer meanwhile (as the designation import or PATCH /talents would record it).
    await t.db.query(`UPDATE talents SET employer_id = $2 WHERE id = $1`, [next, theirs.employerId]);

    const res = await t.http(tokens.city).post(`${CR}/${filed.body.id}/decisions`).send({ decision: 'approve', comment: '同意' }).expect(422);
    expect(res.body.message).toMatch(/workshop’s employer/);
    expect(await leadOf(ours.workshopId)).toBe(ours.leadId);
    const after = (await t.http(tokens.city).get(`${CR}/${filed.body.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'union_reviewed', cityDecision: null });
    const leads = await t.db.query(`SELECT talent_id FROM workshop_leads WHERE workshop_id = $1`, [ours.workshopId]);
    expect(leads).toEqual([{ talent_id: ours.leadId }]);
    // The city office can still reject it.
    await t.http(tokens.city).post(`${CR}/${filed.body.id}/decisions`).send({ decision: 'reject', comment: '新领衔人已调离' }).expect(200);
  });
});
