import { Given } from '../support/given';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

describe('assessments (smoke)', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => ({ t, given } = await districtOfficeWorld()));
  afterAll(() => t.close());

  const run = async (asOf: string) => (await t.http().post('/api/v1/jobs/assessments/run').send({ asOf }).expect(200)).body.result;

  it('opens the mid-term 30 days ahead, reminds, marks overdue and escalates, each once', async () => {
    const street = await given.street('永丰街道');
    const employer = await given.employer({ streetId: street.id });
    const talent = await given.talent({ employerId: employer.id });
    const d = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15', termStart: '2024-07-01' });
    expect(d.midTermDue).toBe('2025-12-31');
    expect(await run('2025-11-30')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    expect(await run('2025-12-01')).toEqual({ opened: 1, overdue: 0, reminders: 0, escalations: 0 });
    expect(await run('2025-12-01')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    expect(await run('2025-12-24')).toMatchObject({ reminders: 1 });
    expect(await run('2025-12-25')).toMatchObject({ reminders: 0 });
    expect(await run('2026-01-01')).toMatchObject({ overdue: 1 });
    expect(await run('2026-01-13')).toMatchObject({ escalations: 0 });
    expect(await run('2026-01-14')).toMatchObject({ escalations: 1 });
    expect(await run('2026-01-15')).toMatchObject({ escalations: 0 });
    const mails = await t.db.query(`SELECT purpose, to_addresses, subject FROM notifications ORDER BY created_at`);
    expect(mails.map((m: { purpose: string }) => m.purpose)).toEqual(['assessment.opened', 'assessment.reminder', 'assessment.escalation']);
    expect(mails[0].subject).toContain('届中考核待办');
    expect(mails[0].to_addresses).toEqual((await t.http().get(`/api/v1/organizations/${street.id}`)).body.contactEmails);
    expect(mails[2].to_addresses).toEqual(['office@songjiang.example']);

    const assessor = await t.http().post('/api/v1/users').send({ name: '评审员', role: 'assessor', organizationId: street.id }).expect(201);
    const tasks = await t.http(assessor.body.token).get('/api/v1/assessments').expect(200);
    expect(tasks.body.items).toHaveLength(1);
    t.clock.setDate('2026-01-20');
    const recorded = await t.http(assessor.body.token).post(`/api/v1/assessments/${tasks.body.items[0].id}/result`).send({ grade: 'unqualified', assessedOn: '2026-01-18' }).expect(200);
    expect(recorded.body.status).toBe('done');
    await t.http(assessor.body.token).post(`/api/v1/assessments/${tasks.body.items[0].id}/result`).send({ grade: 'qualified', assessedOn: '2026-01-18' }).expect(409);
    const adjustments = await t.http().get(`/api/v1/adjustments?designationId=${d.id}`).expect(200);
    expect(adjustments.body.items).toEqual([expect.objectContaining({ reason: 'assessment_failed', effectiveOn: '2026-01-18', status: 'pending', source: 'assessment' })]);
  });
});
