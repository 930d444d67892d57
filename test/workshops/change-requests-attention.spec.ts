import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';

/**
 * Attention flags in the daily lifecycle job (SPEC §3.6; issue 6 item 4): a
 * craftsman workshop whose lead passed the statutory retirement date, or has an
 * approved retired/deceased adjustment, becomes attention_required and its unit
 * union is e-mailed once per lead; an approved change request clears the flag.
 * Chief technician workshops are never flagged.
 */
const WS = '/api/v1/workshops';
const CR = '/api/v1/change-requests';
const CRAFTSMAN = '上海工匠';

describe('change requests: attention flags from the lifecycle job', () => {
  let t: TestApp;
  let given: Given;
  let employer: { id: string };
  const tokens: Record<string, string> = {};
  const w: Record<string, { id: string; name: string; leadId: string; leadName: string }> = {};

  const person = async (birthDate = '1980-05-10', honour = true) => {
    const talent = await given.talent({ employerId: employer.id, birthDate });
    if (honour) await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: CRAFTSMAN, awardedOn: '2020-05-01' }).expect(201);
    return talent as { id: string; name: string; statutoryRetirementDate: string };
  };

  /** An adjustment on the lead's designation, decided as given (or left pending). */
  const adjustment = async (talentId: string, reason: string, effectiveOn: string, decision?: 'approve' | 'reject') => {
    const designation = await given.designation({ talentId, designatedOn: '2024-06-15' });
    const adj = await t.http().post(`/api/v1/designations/${designation.id}/adjustments`).send({ reason, effectiveOn }).expect(201);
    if (decision) await t.http().post(`/api/v1/adjustments/${adj.body.id}/decision`).send({ decision }).expect(200);
    return designation;
  };

  const craftsman = async (key: string, lead: { id: string; name: string }) => {
    const name = `${key}工匠创新工作室`;
    const res = await t.http(tokens.city).post(WS).send({ kind: 'craftsman_innovation', name, employerId: employer.id, leadTalentId: lead.id, namedOn: '2023-05-01' }).expect(201);
    w[key] = { id: res.body.id, name, leadId: lead.id, leadName: lead.name };
  };

  const run = async (asOf: string): Promise<number> => {
    const res = await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf }).expect(200);
    return res.body.result.workshopsFlagged;
  };
  const status = async (key: string) => (await t.http().get(`${WS}/${w[key].id}`).expect(200)).body.status;
  const attentionMails = (key: string): Promise<Array<{ dedupe_key: string; to_addresses: string[]; subject: string; text_body: string }>> =>
    t.db.query(`SELECT dedupe_key, to_addresses, subject, text_body FROM notifications WHERE purpose = 'workshop.attention_required' AND dedupe_key LIKE $1 ORDER BY created_at`, [
      `workshop.attention_required:${w[key].id}:%`,
    ]);
  const chain = async (key: string, body: Record<string, unknown>) => {
    const filed = await t.http(tokens.unit).post(`${WS}/${w[key].id}/change-requests`).send(body).expect(201);
    await t.http(tokens.district).post(`${CR}/${filed.body.id}/decisions`).send({ decision: 'approve' }).expect(200);
    return (await t.http(tokens.city).post(`${CR}/${filed.body.id}/decisions`).send({ decision: 'approve' }).expect(200)).body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    const district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['district@example.com'] });
    const unit = await given.organization({ name: '某某公司工会', kind: 'union', level: 'unit', parentId: district.id, contactEmails: ['unit@example.com', 'unit2@example.com'] });
    employer = await given.employer({ unionId: unit.id });
    tokens.city = await userWithRole(t, 'city_office');
    tokens.district = await userWithRole(t, 'union', district.id);
    tokens.unit = await userWithRole(t, 'union', unit.id);

    // flagged on 2026-11-23
    await craftsman('retired', await person('1964-03-01')); // statutory retirement 2024-03-01
    const deceased = await person();
    await adjustment(deceased.id, 'deceased', '2026-10-01', 'approve');
    await craftsman('deceased', deceased);
    // flagged later
    const boundary = await person('1966-07-15');
    expect(boundary.statutoryRetirementDate).toBe('2026-12-15'); // male 1966-07 → 60y5m
    await craftsman('boundary', boundary);
    const laterAdjustment = await person();
    await adjustment(laterAdjustment.id, 'retired', '2027-02-01', 'approve');
    await craftsman('laterAdjustment', laterAdjustment);
    // never flagged
    const pending = await person();
    await adjustment(pending.id, 'deceased', '2026-10-01');
    await craftsman('pending', pending);
    const rejected = await person();
    await adjustment(rejected.id, 'retired', '2026-10-01', 'reject');
    await craftsman('rejected', rejected);
    const violation = await person();
    await adjustment(violation.id, 'violation', '2026-10-01', 'approve');
    await craftsman('violation', violation);
    await craftsman('fine', await person());

    // chief technician workshops whose leads are retired or deceased
    for (const [key, birthDate, reason] of [
      ['chiefRetired', '1965-06-10', null],
      ['chiefDeceased', '1980-05-10', 'deceased'],
    ] as const) {
      const lead = await person(birthDate, false);
      const designation = await given.designation({ talentId: lead.id, designatedOn: '2024-06-15' });
      const res = await t
        .http()
        .post(WS)
        .send({ kind: 'chief_technician', name: `${key}首席技师工作室`, employerId: employer.id, leadTalentId: lead.id, level: 'district', namedOn: '2025-03-01' })
        .expect(201);
      w[key] = { id: res.body.id, name: `${key}首席技师工作室`, leadId: lead.id, leadName: lead.name };
      if (reason) {
        const adj = await t.http().post(`/api/v1/designations/${designation.id}/adjustments`).send({ reason, effectiveOn: '2026-10-01' }).expect(201);
        await t.http().post(`/api/v1/adjustments/${adj.body.id}/decision`).send({ decision: 'approve' }).expect(200);
      }
    }
  });
  afterAll(() => t.close());

  it('flags the workshops whose lead is retired by the statutory date or has an approved retired/deceased adjustment, and e-mails the unit union', async () => {
    expect(await run('2026-11-23')).toBe(2);
    expect(await status('retired')).toBe('attention_required');
    expect(await status('deceased')).toBe('attention_required');
    for (const key of ['boundary', 'laterAdjustment', 'pending', 'rejected', 'violation', 'fine']) expect([key, await status(key)]).toEqual([key, 'active']);

    for (const key of ['retired', 'deceased']) {
      const mails = await attentionMails(key);
      expect(mails).toHaveLength(1);
      expect(mails[0].to_addresses).toEqual(['unit@example.com', 'unit2@example.com']);
      expect(mails[0].subject).toContain(w[key].name);
      expect(mails[0].subject).toContain('请提交管理变更申请');
      expect(mails[0].text_body).toContain(w[key].leadName);
      expect(mails[0].text_body).toContain(`/api/v1/workshops/${w[key].id}`);
    }
    // The union learns that the lead has retired, not the date: it would give the birth date back (SPEC §8).
    expect((await attentionMails('retired'))[0].text_body).toContain('已达法定退休年龄');
    expect((await attentionMails('retired'))[0].text_body).not.toContain('2024-03-01');

    const view = (await t.http().get(`${WS}/${w.retired.id}`).expect(200)).body;
    expect(view.timeline.filter((e: { kind: string }) => e.kind === 'attention_required')).toHaveLength(1);
    const audit = await t.http().get(`/api/v1/audit-events?entityType=workshop&entityId=${w.retired.id}`).expect(200);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'workshop.attention_required')).toEqual([
      expect.objectContaining({ before: { status: 'active' }, after: expect.objectContaining({ status: 'attention_required' }) }),
    ]);
  });

  it('sends ONE e-mail per workshop however often the job runs', async () => {
    expect(await run('2026-11-23')).toBe(0);
    expect(await run('2026-11-24')).toBe(0);
    expect(await run('2026-12-01')).toBe(0);
    for (const key of ['retired', 'deceased']) expect(await attentionMails(key)).toHaveLength(1);
    const view = (await t.http().get(`${WS}/${w.retired.id}`).expect(200)).body;
    expect(view.timeline.filter((e: { kind: string }) => e.kind === 'attention_required')).toHaveLength(1);
  });

  it('flags on the statutory date itself, not the day before', async () => {
    expect(await run('2026-12-14')).toBe(0);
    expect(await status('boundary')).toBe('active');
    expect(await run('2026-12-15')).toBe(1);
    expect(await status('boundary')).toBe('attention_required');
    expect(await attentionMails('boundary')).toHaveLength(1);
  });

  it('flags an approved adjustment from its effective date on', async () => {
    expect(await run('2027-01-31')).toBe(0);
    expect(await run('2027-02-01')).toBe(1);
    expect(await status('laterAdjustment')).toBe('attention_required');
  });

  it('never flags chief technician workshops, nor a lead with a pending/rejected/other adjustment', async () => {
    expect(await run('2027-06-01')).toBe(0);
    for (const key of ['chiefRetired', 'chiefDeceased', 'pending', 'rejected', 'violation', 'fine']) {
      expect([key, await status(key)]).toEqual([key, 'active']);
      expect(await attentionMails(key)).toEqual([]);
    }
  });

  it('change_lead approved with a fine new lead clears the flag, and later runs flag nothing', async () => {
    const next = await person();
    const done = await chain('retired', { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id });
    expect(done.status).toBe('approved');
    expect(await status('retired')).toBe('active');
    expect(await run('2027-06-02')).toBe(0);
    expect(await run('2028-01-01')).toBe(0);
    expect(await status('retired')).toBe('active');
    expect(await attentionMails('retired')).toHaveLength(1);
  });

  it('a new lead who is himself past retirement: cleared on approval, flagged again with one e-mail for that lead', async () => {
    const old = await person('1964-05-01');
    await chain('deceased', { reason: 'deceased', action: 'change_lead', newLeadTalentId: old.id });
    expect(await status('deceased')).toBe('active');
    expect(await run('2027-06-03')).toBe(1);
    expect(await run('2027-06-04')).toBe(0);
    expect(await status('deceased')).toBe('attention_required');
    const mails = await attentionMails('deceased');
    expect(mails.map((m) => m.dedupe_key).sort()).toEqual(
      [`workshop.attention_required:${w.deceased.id}:${w.deceased.leadId}`, `workshop.attention_required:${w.deceased.id}:${old.id}`].sort(),
    );
    expect(mails.find((m) => m.dedupe_key.endsWith(old.id))!.text_body).toContain(old.name);
  });

  it('a rejected request leaves the flag and sends no new attention e-mail; an exit ends it', async () => {
    const next = await person();
    const filed = await t.http(tokens.unit).post(`${WS}/${w.boundary.id}/change-requests`).send({ reason: 'retired', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    await t.http(tokens.district).post(`${CR}/${filed.body.id}/decisions`).send({ decision: 'reject' }).expect(200);
    expect(await status('boundary')).toBe('attention_required');
    expect(await run('2027-06-05')).toBe(0);
    expect(await attentionMails('boundary')).toHaveLength(1);

    await chain('laterAdjustment', { reason: 'retired', action: 'exit_keep_title' });
    expect(await status('laterAdjustment')).toBe('exited');
    expect(await run('2027-06-06')).toBe(0);
    expect(await status('laterAdjustment')).toBe('exited');
  });

  it('two lifecycle runs at once flag a new case once, with one e-mail', async () => {
    await craftsman('race', await person('1964-08-01'));
    const [a, b] = await Promise.all([run('2027-06-07'), run('2027-06-07')]);
    expect(a + b).toBe(1);
    expect(await attentionMails('race')).toHaveLength(1);
  });
});
