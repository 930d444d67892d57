import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * 管理变更申请 through the union approval chain (SPEC §3.6, §5; issue 6):
 * unit union files → district union reviews → city office decides and the
 * change is applied in the same transaction.
 */
const WS = '/api/v1/workshops';
const CR = '/api/v1/change-requests';
const CRAFTSMAN = '上海工匠';

interface Mail {
  purpose: string;
  to_addresses: string[];
  subject: string;
  text_body: string;
  html_body: string;
}

describe('change requests: the approval chain and applying it', () => {
  let t: TestApp;
  let given: Given;
  let unitUnion: { id: string };
  let employer: { id: string };
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};

  const user = async (key: string, role: string, organizationId?: string) => {
    const res = await t.http().post('/api/v1/users').send({ name: `${key}用户`, role, ...(organizationId ? { organizationId } : {}) }).expect(201);
    tokens[key] = res.body.token;
    userIds[key] = res.body.id;
  };

  /** A talent at the employer; with the 上海工匠 honour unless told otherwise. */
  const person = async (opts: { birthDate?: string; honour?: string | null } = {}) => {
    const talent = await given.talent({ employerId: employer.id, birthDate: opts.birthDate ?? '1980-05-10' });
    const title = opts.honour === undefined ? CRAFTSMAN : opts.honour;
    let honourId: string | null = null;
    if (title !== null) honourId = (await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title, awardedOn: '2020-05-01' }).expect(201)).body.id;
    return { id: talent.id, name: talent.name as string, honourId };
  };

  let seq = 0;
  const workshop = async (leadBirthDate?: string) => {
    const lead = await person({ birthDate: leadBirthDate });
    const name = `工匠创新工作室${++seq}`;
    const res = await t
      .http(tokens.city)
      .post(WS)
      .send({ kind: 'craftsman_innovation', name, employerId: employer.id, leadTalentId: lead.id, namedOn: '2022-05-01' })
      .expect(201);
    return { id: res.body.id as string, name, lead };
  };

  const file = (workshopId: string, body: Record<string, unknown>, token = tokens.unit) => t.http(token).post(`${WS}/${workshopId}/change-requests`).send(body);
  const decide = (id: string, token: string, decision: 'approve' | 'reject', comment?: string) =>
    t.http(token).post(`${CR}/${id}/decisions`).send(comment === undefined ? { decision } : { decision, comment });
  const getWorkshop = async (id: string) => (await t.http(tokens.city).get(`${WS}/${id}`).expect(200)).body;
  const mailsOf = (requestId: string): Promise<Mail[]> =>
    t.db.query(`SELECT purpose, to_addresses, subject, text_body, html_body FROM notifications WHERE dedupe_key LIKE $1 ORDER BY created_at, id`, [`%:${requestId}`]);
  const openCount = async (workshopId: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM change_requests WHERE workshop_id = $1 AND status IN ('submitted','union_reviewed')`, [workshopId]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    const district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['district@example.com'] });
    unitUnion = await given.organization({ name: '上海某某精密机械有限公司工会', kind: 'union', level: 'unit', parentId: district.id, contactEmails: ['unit@example.com'] });
    employer = await given.employer({ unionId: unitUnion.id });
    await user('city', 'city_office');
    await user('district', 'union', district.id);
    await user('unit', 'union', unitUnion.id);
  });
  beforeEach(() => t.clock.setDate('2026-11-23'));
  afterAll(() => t.close());

  it('full chain: change_lead → union_reviewed → approved; lead changed, history kept, flag cleared, three mails, timeline and audit', async () => {
    const w = await workshop('1964-03-01'); // statutory retirement 2024-03-01
    await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-11-23' }).expect(200);
    expect((await getWorkshop(w.id)).status).toBe('attention_required');
    const next = await person();

    t.clock.setDate('2026-11-24');
    const filed = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    expect(filed.body).toMatchObject({ id: expect.any(String), status: 'submitted', workshopId: w.id, action: 'change_lead', reason: 'retired', newLeadTalentId: next.id });
    const id = filed.body.id as string;

    t.clock.setDate('2026-11-26');
    const reviewed = await decide(id, tokens.district, 'approve', '情况属实，同意变更领衔人').expect(200);
    expect(reviewed.body).toMatchObject({ id, status: 'union_reviewed', unionDecision: 'approve', unionComment: '情况属实，同意变更领衔人' });
    // nothing applied yet
    expect(await getWorkshop(w.id)).toMatchObject({ status: 'attention_required', leadTalentId: w.lead.id });

    t.clock.setDate('2026-12-01');
    const done = await decide(id, tokens.city, 'approve', '审定同意').expect(200);
    expect(done.body).toMatchObject({ id, status: 'approved', cityDecision: 'approve', cityComment: '审定同意' });

    const after = await t.http(tokens.unit).get(`${WS}/${w.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'active', leadTalentId: next.id, leadTalentName: next.name });
    expect(after.body.leadHistory).toEqual([
      { talentId: w.lead.id, talentName: w.lead.name, fromDate: '2022-05-01', toDate: '2026-12-01', changeRequestId: null },
      { talentId: next.id, talentName: next.name, fromDate: '2026-12-01', toDate: null, changeRequestId: id },
    ]);

    const steps = (after.body.timeline as Array<{ kind: string; onDate: string; summary: string; data: Record<string, unknown> }>).filter((e) => e.data.changeRequestId === id);
    expect(steps.map((e) => [e.kind, e.onDate])).toEqual([
      ['change_request.filed', '2026-11-24'],
      ['change_request.union_approved', '2026-11-26'],
      ['change_request.city_approved', '2026-12-01'],
    ]);
    expect(steps[1].summary).toContain('情况属实，同意变更领衔人');
    expect(steps[2].summary).toContain('审定同意');

    const mails = await mailsOf(id);
    expect(mails.map((m) => [m.purpose, m.to_addresses])).toEqual([
      ['change_request.submitted', ['district@example.com']],
      ['change_request.union_reviewed', ['city@example.com']],
      ['change_request.approved', ['unit@example.com']],
    ]);
    for (const m of mails) {
      expect(m.subject).toContain(w.name);
      expect(m.subject).toContain('管理变更申请');
      expect(m.text_body).toContain(next.name);
      expect(m.text_body).toContain(`/api/v1/change-requests/${id}/form`);
    }
    expect(mails[2].text_body).toContain('审定同意');

    const audit = await t.http().get(`/api/v1/audit-events?entityType=change_request&entityId=${id}`).expect(200);
    const events = [...(audit.body.items as Array<{ action: string; actor: string; after: Record<string, unknown> }>)].reverse(); // newest first
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['change_request.filed', `user:${userIds.unit}`],
      ['change_request.union_approved', `user:${userIds.district}`],
      ['change_request.city_approved', `user:${userIds.city}`],
    ]);
    expect(events[1].after).toMatchObject({ status: 'union_reviewed', unionComment: '情况属实，同意变更领衔人' });
    expect(events[2].after).toMatchObject({ status: 'approved', cityComment: '审定同意' });
  });

  it('reject at the district stage ends it: rejected, the filing union is told, nothing applied, a new request may be filed', async () => {
    const w = await workshop();
    const next = await person();
    const filed = await file(w.id, { reason: 'resigned', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    const res = await decide(filed.body.id, tokens.district, 'reject', '材料不全').expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', unionDecision: 'reject', unionComment: '材料不全', cityDecision: null });
    expect((await mailsOf(filed.body.id)).map((m) => [m.purpose, m.to_addresses])).toEqual([
      ['change_request.submitted', ['district@example.com']],
      ['change_request.rejected', ['unit@example.com']],
    ]);
    const after = await getWorkshop(w.id);
    expect(after).toMatchObject({ status: 'active', leadTalentId: w.lead.id });
    expect(after.leadHistory).toHaveLength(1);
    expect(after.timeline.filter((e: { data: Record<string, unknown> }) => e.data.changeRequestId === filed.body.id).map((e: { kind: string }) => e.kind)).toEqual([
      'change_request.filed',
      'change_request.union_rejected',
    ]);
    const audit = await t.http().get(`/api/v1/audit-events?entityType=change_request&entityId=${filed.body.id}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['change_request.union_rejected', 'change_request.filed']);
    expect(audit.body.items[0].after).toMatchObject({ status: 'rejected', unionComment: '材料不全' });

    // the city office cannot revive it, the district union cannot decide again
    await decide(filed.body.id, tokens.city, 'approve').expect(409);
    await decide(filed.body.id, tokens.district, 'approve').expect(409);
    const again = await file(w.id, { reason: 'resigned', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    expect(again.body.id).not.toBe(filed.body.id);
  });

  it('reject at the city stage: rejected after union_reviewed, lead unchanged, the filing union is told; a new request may be filed', async () => {
    const w = await workshop();
    const next = await person();
    const filed = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    await decide(filed.body.id, tokens.district, 'approve', '同意').expect(200);
    const res = await decide(filed.body.id, tokens.city, 'reject', '新领衔人条件不符').expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', unionDecision: 'approve', cityDecision: 'reject', cityComment: '新领衔人条件不符' });
    expect((await mailsOf(filed.body.id)).map((m) => [m.purpose, m.to_addresses])).toEqual([
      ['change_request.submitted', ['district@example.com']],
      ['change_request.union_reviewed', ['city@example.com']],
      ['change_request.rejected', ['unit@example.com']],
    ]);
    const after = await getWorkshop(w.id);
    expect(after).toMatchObject({ status: 'active', leadTalentId: w.lead.id });
    expect(after.leadHistory).toHaveLength(1);
    const kinds = after.timeline.filter((e: { data: Record<string, unknown> }) => e.data.changeRequestId === filed.body.id).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['change_request.filed', 'change_request.union_approved', 'change_request.city_rejected']);
    await decide(filed.body.id, tokens.city, 'approve').expect(409);
    await file(w.id, { reason: 'retired', action: 'exit_keep_title' }).expect(201);
  });

  it('one open request per workshop: a second one is 409 while submitted and while union_reviewed', async () => {
    const w = await workshop();
    const next = await person();
    const filed = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    const second = await file(w.id, { reason: 'deceased', action: 'exit_keep_title' }).expect(409);
    expect(second.body).toMatchObject({ statusCode: 409 });
    await decide(filed.body.id, tokens.district, 'approve').expect(200);
    await file(w.id, { reason: 'deceased', action: 'exit_revoke' }).expect(409);
    expect(await openCount(w.id)).toBe(1);
    // once approved, the workshop takes a new one
    await decide(filed.body.id, tokens.city, 'approve').expect(200);
    await file(w.id, { reason: 'other', reasonDetail: '工作室场地搬迁', action: 'exit_keep_title' }).expect(201);
  });

  it('two concurrent filings: one 201, one 409, one open request', async () => {
    const w = await workshop();
    const [a, b] = await Promise.all([
      file(w.id, { reason: 'retired', action: 'exit_keep_title' }),
      file(w.id, { reason: 'deceased', action: 'exit_revoke' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await openCount(w.id)).toBe(1);
  });

  it('the city office deciding before the district union: 409, and nothing changes', async () => {
    const w = await workshop();
    const next = await person();
    const filed = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    for (const decision of ['approve', 'reject'] as const) await decide(filed.body.id, tokens.city, decision).expect(409);
    const got = await t.http(tokens.city).get(`${CR}/${filed.body.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'submitted', unionDecision: null, cityDecision: null });
    expect((await getWorkshop(w.id)).leadTalentId).toBe(w.lead.id);
  });

  it('deciding an already decided request is 409 at every stage', async () => {
    const w = await workshop();
    const filed = await file(w.id, { reason: 'retired', action: 'exit_keep_title' }).expect(201);
    await decide(filed.body.id, tokens.district, 'approve').expect(200);
    await decide(filed.body.id, tokens.district, 'approve').expect(409);
    await decide(filed.body.id, tokens.district, 'reject').expect(409);
    await decide(filed.body.id, tokens.city, 'approve').expect(200);
    await decide(filed.body.id, tokens.city, 'approve').expect(409);
    await decide(filed.body.id, tokens.city, 'reject').expect(409);
    await decide(filed.body.id, tokens.district, 'reject').expect(409);
    expect((await mailsOf(filed.body.id)).map((m) => m.purpose)).toEqual(['change_request.submitted', 'change_request.union_reviewed', 'change_request.approved']);
  });

  it('a new lead lacking 上海工匠 (none, another honour, or revoked) is 422 at filing', async () => {
    const w = await workshop();
    const none = await person({ honour: null });
    const other = await person({ honour: '上海市劳动模范' });
    const revoked = await person();
    await t.http().delete(`/api/v1/talents/${revoked.id}/honours/${revoked.honourId}`).expect(204);
    for (const p of [none, other, revoked]) {
      const res = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: p.id }).expect(422);
      expect(res.body.message).toContain(CRAFTSMAN);
      expect(res.body.message).toContain('newLeadTalentId');
    }
    const unknown = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: '00000000-0000-4000-8000-000000000000' }).expect(422);
    expect(unknown.body.message).toContain('newLeadTalentId');
    expect(await openCount(w.id)).toBe(0);
  });

  it('the honour removed between filing and final approval: 422 at the city approval, nothing applied', async () => {
    const w = await workshop();
    const next = await person();
    const filed = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    await decide(filed.body.id, tokens.district, 'approve', '同意').expect(200);
    await t.http().delete(`/api/v1/talents/${next.id}/honours/${next.honourId}`).expect(204);

    const res = await decide(filed.body.id, tokens.city, 'approve', '审定同意').expect(422);
    expect(res.body.message).toContain(CRAFTSMAN);
    const got = await t.http(tokens.city).get(`${CR}/${filed.body.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'union_reviewed', cityDecision: null, cityComment: null });
    const after = await getWorkshop(w.id);
    expect(after).toMatchObject({ status: 'active', leadTalentId: w.lead.id });
    expect(after.leadHistory).toEqual([expect.objectContaining({ talentId: w.lead.id, toDate: null })]);
    expect(after.timeline.map((e: { kind: string }) => e.kind)).not.toContain('change_request.city_approved');
    expect((await mailsOf(filed.body.id)).map((m) => m.purpose)).toEqual(['change_request.submitted', 'change_request.union_reviewed']);

    // the honour given again, the city office may approve it
    await t.http().post(`/api/v1/talents/${next.id}/honours`).send({ title: CRAFTSMAN, awardedOn: '2026-11-20' }).expect(201);
    await decide(filed.body.id, tokens.city, 'approve', '审定同意').expect(200);
    expect((await getWorkshop(w.id)).leadTalentId).toBe(next.id);
  });

  it.each([
    ['exit_keep_title', 'exited'],
    ['exit_revoke', 'revoked'],
  ])('%s → %s, lead kept, and the workshop takes no further requests (409)', async (action, status) => {
    const w = await workshop('1964-03-01');
    const filed = await file(w.id, { reason: 'deceased', action }).expect(201);
    expect(filed.body.newLeadTalentId).toBeNull();
    await decide(filed.body.id, tokens.district, 'approve').expect(200);
    const done = await decide(filed.body.id, tokens.city, 'approve').expect(200);
    expect(done.body.status).toBe('approved');
    const after = await getWorkshop(w.id);
    expect(after).toMatchObject({ status, leadTalentId: w.lead.id });
    expect(after.leadHistory).toEqual([expect.objectContaining({ talentId: w.lead.id, toDate: null })]);
    const next = await person();
    for (const body of [
      { reason: 'retired', action: 'exit_keep_title' },
      { reason: 'retired', action: 'exit_revoke' },
      { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id },
    ]) {
      await file(w.id, body).expect(409);
    }
    // the lifecycle job leaves a closed workshop alone
    await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-11-23' }).expect(200);
    expect((await getWorkshop(w.id)).status).toBe(status);
  });

  describe('bad input', () => {
    let w: { id: string; lead: { id: string } };
    let next: { id: string };
    beforeAll(async () => {
      w = await workshop();
      next = await person();
    });

    it.each([
      ['reason other without reasonDetail', { reason: 'other', action: 'exit_keep_title' }, 'reasonDetail'],
      ['reason other with a blank reasonDetail', { reason: 'other', reasonDetail: '   ', action: 'exit_keep_title' }, 'reasonDetail'],
      ['change_lead without newLeadTalentId', { reason: 'retired', action: 'change_lead' }, 'newLeadTalentId'],
      ['an unknown reason', { reason: 'bored', action: 'exit_keep_title' }, 'reason'],
      ['an unknown action', { reason: 'retired', action: 'merge' }, 'action'],
      ['a newLeadTalentId that is not a uuid', { reason: 'retired', action: 'change_lead', newLeadTalentId: 'x' }, 'newLeadTalentId'],
      ['no body', {}, 'reason'],
    ])('%s: 400 naming the field', async (_label, body, field) => {
      const res = await file(w.id, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it.each(['exit_keep_title', 'exit_revoke'])('newLeadTalentId with %s: 400', async (action) => {
      const res = await file(w.id, { reason: 'retired', action, newLeadTalentId: next.id }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('newLeadTalentId');
    });

    it('newLeadTalentId = the current lead: 422', async () => {
      const res = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: w.lead.id }).expect(422);
      expect(res.body.message).toContain('newLeadTalentId');
    });

    it('a decision that is not approve/reject: 400; a non-uuid request id: 400; an unknown one: 404', async () => {
      const filed = await file(w.id, { reason: 'retired', action: 'exit_keep_title' }).expect(201);
      for (const body of [{ decision: 'maybe' }, {}, { decision: 'approve', comment: 42 }]) await t.http(tokens.district).post(`${CR}/${filed.body.id}/decisions`).send(body).expect(400);
      await t.http(tokens.district).post(`${CR}/nope/decisions`).send({ decision: 'approve' }).expect(400);
      await t.http(tokens.district).post(`${CR}/00000000-0000-4000-8000-000000000000/decisions`).send({ decision: 'approve' }).expect(404);
      await decide(filed.body.id, tokens.district, 'reject').expect(200);
    });

    it('reason other with reasonDetail is accepted and kept', async () => {
      const w2 = await workshop();
      const res = await file(w2.id, { reason: 'other', reasonDetail: '  领衔人调往外省工作  ', action: 'exit_keep_title' }).expect(201);
      expect(res.body).toMatchObject({ reason: 'other', reasonDetail: '领衔人调往外省工作' });
    });

    it('an unknown workshop: 404', async () => {
      await file('00000000-0000-4000-8000-000000000000', { reason: 'retired', action: 'exit_keep_title' }).expect(404);
    });

    it('a chief_technician workshop: 422', async () => {
      const talent = await given.talent({ employerId: employer.id });
      await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
      const chief = await t
        .http()
        .post(WS)
        .send({ kind: 'chief_technician', name: '张伟首席技师工作室', employerId: employer.id, leadTalentId: talent.id, level: 'district', namedOn: '2025-03-01' })
        .expect(201);
      expect(chief.body.unionId).toBe(unitUnion.id);
      await file(chief.body.id, { reason: 'retired', action: 'exit_keep_title' }).expect(422);
      await file(chief.body.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(422);
      expect(await openCount(chief.body.id)).toBe(0);
    });
  });
});
