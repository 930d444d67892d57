import { DesignationBody, Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

const OFFICE_MAIL = 'office@songjiang.example';

interface Adjustment {
  id: string;
  reason: string;
  effectiveOn: string;
  status: string;
  source: string;
}

interface LifecycleResult {
  completed: number;
  retirementProposals: number;
}

/** The daily lifecycle job as an administrator triggers it, run as if today were asOf. */
async function runLifecycle(t: TestApp, asOf: string): Promise<LifecycleResult> {
  const res = await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf });
  if (res.status !== 200) throw new Error(`lifecycle run for ${asOf}: ${res.status} ${res.text}`);
  expect(res.body).toMatchObject({ name: 'lifecycle', asOf });
  return res.body.result as LifecycleResult;
}

async function adjustmentsOf(t: TestApp, d: { id: string }): Promise<Adjustment[]> {
  const res = await t.http().get(`/api/v1/adjustments?designationId=${d.id}`).expect(200);
  return res.body.items as Adjustment[];
}

async function designationNow(t: TestApp, d: { id: string }) {
  const res = await t.http().get(`/api/v1/designations/${d.id}`).expect(200);
  return res.body as DesignationBody & { suspendedFrom: string | null; completedOn: string | null; timeline: Array<{ kind: string; onDate: string }> };
}

/** Proposal mails about a designation's adjustments, found by their dedupe keys. */
async function mailsAbout(t: TestApp, d: { id: string }) {
  const rows: Array<{ purpose: string; to_addresses: string[]; subject: string; text_body: string; dedupe_key: string; status: string; last_error: string | null }> =
    await t.db.query(
      `SELECT n.purpose, n.to_addresses, n.subject, n.text_body, n.dedupe_key, n.status, n.last_error
         FROM notifications n JOIN adjustments a ON n.dedupe_key = 'adjustment.proposed:' || a.id
        WHERE a.designation_id = $1 ORDER BY n.created_at`,
      [d.id],
    );
  return rows;
}

async function decide(t: TestApp, a: { id: string }, decision: 'approve' | 'reject'): Promise<void> {
  await t.http().post(`/api/v1/adjustments/${a.id}/decision`).send({ decision }).expect(200);
}

describe('lifecycle job: retirement proposals', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => ({ t, given } = await districtOfficeWorld([OFFICE_MAIL])));
  afterAll(() => t.close());

  async function chiefTechnician(person: { birthDate: string; gender?: 'male' | 'female'; retirementCategory?: string; employerId?: string }, designatedOn: string) {
    const talent = await given.talent(person);
    const designation = await given.designation({ talentId: talent.id, designatedOn });
    return { talent, designation };
  }

  // SPEC §3.5: proposed once the statutory retirement date is ≤ asOf + 30 days and within the term.
  it.each([
    { who: 'a man born 1966-05-20 (60y5m)', person: { birthDate: '1966-05-20' }, designatedOn: '2024-06-15', retiresOn: '2026-10-20', dayBefore: '2026-09-19', firstDay: '2026-09-20' },
    { who: 'a man born 1965-01-31 (60y1m, to the month end)', person: { birthDate: '1965-01-31' }, designatedOn: '2023-03-10', retiresOn: '2025-02-28', dayBefore: '2025-01-28', firstDay: '2025-01-29' },
    {
      who: 'a woman worker born 1975-01-15 (50y1m)',
      person: { birthDate: '1975-01-15', gender: 'female' as const },
      designatedOn: '2023-03-10',
      retiresOn: '2025-02-15',
      dayBefore: '2025-01-15',
      firstDay: '2025-01-16',
    },
    {
      who: 'a woman cadre born 1970-01-31 (55y1m)',
      person: { birthDate: '1970-01-31', gender: 'female' as const, retirementCategory: 'female_cadre' },
      designatedOn: '2023-03-10',
      retiresOn: '2025-02-28',
      dayBefore: '2025-01-28',
      firstDay: '2025-01-29',
    },
    { who: 'a man retiring on the last day of the term', person: { birthDate: '1966-12-30' }, designatedOn: '2024-06-15', retiresOn: '2027-06-30', dayBefore: '2027-05-30', firstDay: '2027-05-31' },
  ])('proposes retirement for $who on $firstDay, not on $dayBefore', async ({ person, designatedOn, retiresOn, dayBefore, firstDay }) => {
    const { talent, designation } = await chiefTechnician(person, designatedOn);
    expect(talent.statutoryRetirementDate).toBe(retiresOn);

    await runLifecycle(t, dayBefore);
    expect(await adjustmentsOf(t, designation)).toEqual([]);

    await runLifecycle(t, firstDay);
    expect(await adjustmentsOf(t, designation)).toEqual([expect.objectContaining({ reason: 'retired', effectiveOn: retiresOn, status: 'pending', source: 'lifecycle' })]);
    expect(await mailsAbout(t, designation)).toHaveLength(1);
  });

  it('never proposes a retirement that falls after the term', async () => {
    // Named 2024-05-15: term to 2027-05-31; a man born 1966-12-01 retires 2027-06-01.
    const { talent, designation } = await chiefTechnician({ birthDate: '1966-12-01' }, '2024-05-15');
    expect(talent.statutoryRetirementDate).toBe('2027-06-01');
    for (const asOf of ['2027-05-02', '2027-05-31', '2027-06-01', '2027-07-15']) await runLifecycle(t, asOf);
    expect(await adjustmentsOf(t, designation)).toEqual([]);
    expect(await designationNow(t, designation)).toMatchObject({ status: 'completed', completedOn: '2027-06-01' });
  });

  it('still proposes when the first run comes weeks after the retirement date', async () => {
    const { designation } = await chiefTechnician({ birthDate: '1966-05-20' }, '2024-06-15');
    await runLifecycle(t, '2026-11-05');
    expect(await adjustmentsOf(t, designation)).toEqual([expect.objectContaining({ reason: 'retired', effectiveOn: '2026-10-20', status: 'pending' })]);
  });

  it('still proposes a retirement within the term when the first run comes after the term has ended', async () => {
    // Named 2023-01-10: term to 2026-01-31; a man born 1965-09-10 retires 2025-12-10 (60y3m).
    const { talent, designation } = await chiefTechnician({ birthDate: '1965-09-10' }, '2023-01-10');
    expect(talent.statutoryRetirementDate).toBe('2025-12-10');
    await runLifecycle(t, '2026-02-10');
    expect(await adjustmentsOf(t, designation)).toEqual([expect.objectContaining({ reason: 'retired', effectiveOn: '2025-12-10', status: 'pending' })]);
    expect(await designationNow(t, designation)).toMatchObject({ status: 'completed', completedOn: '2026-02-01' });
  });

  it('proposes a retirement once however often the day is run', async () => {
    const { designation } = await chiefTechnician({ birthDate: '1966-05-20' }, '2024-06-15');
    for (let i = 0; i < 3; i++) await runLifecycle(t, '2026-09-25');
    await runLifecycle(t, '2026-10-20');
    await runLifecycle(t, '2026-12-01');
    expect(await adjustmentsOf(t, designation)).toHaveLength(1);
    expect(await mailsAbout(t, designation)).toHaveLength(1);
  });

  it('does not propose a rejected retirement again', async () => {
    const { designation } = await chiefTechnician({ birthDate: '1966-05-20' }, '2024-06-15');
    await runLifecycle(t, '2026-09-20');
    const [retired] = await adjustmentsOf(t, designation);
    await decide(t, retired, 'reject');

    for (const asOf of ['2026-09-20', '2026-10-01', '2026-10-20', '2026-12-01']) await runLifecycle(t, asOf);
    expect(await adjustmentsOf(t, designation)).toEqual([expect.objectContaining({ id: retired.id, status: 'rejected' })]);
    expect(await mailsAbout(t, designation)).toHaveLength(1);
    expect((await designationNow(t, designation)).status).toBe('active');
  });

  it('suspends the designation from the retirement date once the proposal is approved', async () => {
    const { designation } = await chiefTechnician({ birthDate: '1966-05-20' }, '2024-06-15');
    await runLifecycle(t, '2026-09-20');
    const [retired] = await adjustmentsOf(t, designation);
    await decide(t, retired, 'approve');

    const now = await designationNow(t, designation);
    expect(now).toMatchObject({ status: 'suspended', suspendedFrom: '2026-10-20' });
    expect(now.timeline.map((e) => e.kind)).toEqual(['designated', 'adjustment_proposed', 'suspended']);
  });

  it('tells the district office who, where and from when, once per proposal', async () => {
    const employer = await given.employer({ name: '上海松江精密机械有限公司' });
    const { talent, designation } = await chiefTechnician({ birthDate: '1966-05-20', employerId: employer.id }, '2024-06-15');
    await runLifecycle(t, '2026-09-20');
    const [retired] = await adjustmentsOf(t, designation);

    const mails = await mailsAbout(t, designation);
    expect(mails).toEqual([
      expect.objectContaining({ purpose: 'adjustment.proposed', dedupe_key: `adjustment.proposed:${retired.id}`, to_addresses: [OFFICE_MAIL], status: 'pending' }),
    ]);
    const [mail] = mails;
    expect(mail.subject).toContain(talent.name as string);
    for (const fact of [talent.name as string, '上海松江精密机械有限公司', '2026-10-20', '退休']) expect(mail.text_body).toContain(fact);
  });
});

describe('lifecycle job: completing terms', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => ({ t, given } = await districtOfficeWorld([OFFICE_MAIL])));
  afterAll(() => t.close());

  async function completionAudits(d: { id: string }): Promise<Array<{ actor: string; after: Record<string, unknown> }>> {
    const res = await t.http().get(`/api/v1/audit-events?entityType=designation&entityId=${d.id}`).expect(200);
    return res.body.items.filter((e: { action: string }) => e.action === 'designation.completed');
  }

  it('completes a designation the day after termEnd, exactly once', async () => {
    const d = await given.designation({ designatedOn: '2023-01-10' }); // term 2023-02-01 .. 2026-01-31
    await runLifecycle(t, '2026-01-31');
    expect((await designationNow(t, d)).status).toBe('active');

    await runLifecycle(t, '2026-02-01');
    await runLifecycle(t, '2026-02-01');
    await runLifecycle(t, '2026-03-15');
    const now = await designationNow(t, d);
    expect(now).toMatchObject({ status: 'completed', completedOn: '2026-02-01' });
    expect(now.timeline.filter((e) => e.kind === 'completed')).toEqual([expect.objectContaining({ onDate: '2026-02-01' })]);
    expect(await completionAudits(d)).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^job:lifecycle/), after: { status: 'completed', completedOn: '2026-02-01' } })]);
  });

  it('completes on the day after termEnd even when the first run comes much later', async () => {
    const d = await given.designation({ designatedOn: '2023-01-10' });
    await runLifecycle(t, '2026-06-30');
    expect(await designationNow(t, d)).toMatchObject({ status: 'completed', completedOn: '2026-02-01' });
  });

  it('does not complete a suspended designation', async () => {
    const d = await given.designation({ designatedOn: '2023-01-10' });
    const a = await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2025-01-01' }).expect(201);
    await decide(t, a.body, 'approve');

    await runLifecycle(t, '2026-03-01');
    expect(await designationNow(t, d)).toMatchObject({ status: 'suspended', suspendedFrom: '2025-01-01', completedOn: null });
    expect(await completionAudits(d)).toEqual([]);
  });
});

describe('lifecycle job: what a run reports and how runs race', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => ({ t, given } = await districtOfficeWorld([OFFICE_MAIL])));
  afterAll(() => t.close());

  const proposalMails = async () => Number((await t.db.query(`SELECT count(*) AS n FROM notifications WHERE purpose = 'adjustment.proposed'`))[0].n);
  const completionAudits = async () => Number((await t.db.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'designation.completed'`))[0].n);

  it('counts the terms it completed and the retirements it proposed', async () => {
    await given.designation({ designatedOn: '2023-01-10' }); // ends 2026-01-31
    await given.designation({ designatedOn: '2023-01-20' }); // ends 2026-01-31
    const retiring = await given.talent({ birthDate: '1965-09-10' }); // retires 2025-12-10
    await given.designation({ talentId: retiring.id, designatedOn: '2024-06-15' });
    await given.designation({ designatedOn: '2024-06-15' }); // nothing to do

    expect(await runLifecycle(t, '2025-11-09')).toEqual({ suspended: 0, completed: 0, retirementProposals: 0, retirementProposalsRevised: 0, workshopsFlagged: 0 });
    expect(await runLifecycle(t, '2025-11-10')).toEqual({ suspended: 0, completed: 0, retirementProposals: 1, retirementProposalsRevised: 0, workshopsFlagged: 0 });
    expect(await runLifecycle(t, '2026-02-01')).toEqual({ suspended: 0, completed: 2, retirementProposals: 0, retirementProposalsRevised: 0, workshopsFlagged: 0 });
    expect(await runLifecycle(t, '2026-02-01')).toEqual({ suspended: 0, completed: 0, retirementProposals: 0, retirementProposalsRevised: 0, workshopsFlagged: 0 });
  });

  it('gives one proposal, one e-mail and one completion when two runs for the same day race', async () => {
    const ending = await given.designation({ designatedOn: '2023-06-10' }); // ends 2026-06-30
    const retiring = await given.talent({ birthDate: '1966-05-20' }); // retires 2026-10-20
    const d = await given.designation({ talentId: retiring.id, designatedOn: '2024-06-15' });
    const [mailsBefore, auditsBefore] = [await proposalMails(), await completionAudits()];

    const results = await Promise.all([runLifecycle(t, '2026-09-20'), runLifecycle(t, '2026-09-20')]);
    expect(results.reduce((sum, r) => sum + r.retirementProposals, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.completed, 0)).toBe(1);

    expect(await adjustmentsOf(t, d)).toEqual([expect.objectContaining({ reason: 'retired', effectiveOn: '2026-10-20' })]);
    expect(await proposalMails()).toBe(mailsBefore + 1);
    expect(await completionAudits()).toBe(auditsBefore + 1);
    const done = await designationNow(t, ending);
    expect(done).toMatchObject({ status: 'completed', completedOn: '2026-07-01' });
    expect(done.timeline.filter((e) => e.kind === 'completed')).toHaveLength(1);
  });

  it('runs through BullMQ when REDIS_URL is set, in-process otherwise', async () => {
    const health = await t.http(null).get('/health').expect(200);
    expect(health.body.queue).toBe(process.env.REDIS_URL ? 'up' : 'inline');
  });

  it('answers 400 for a date that does not exist and 404 for a job that does not', async () => {
    const bad = await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-02-30' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('asOf');
    const extra = await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-02-01', dryRun: true }).expect(400);
    expect(JSON.stringify(extra.body.message)).toContain('dryRun');
    await t.http().post('/api/v1/jobs/retirement/run').send({ asOf: '2026-02-01' }).expect(404);
  });

  it('lets only the district office run it', async () => {
    const finance = await t.http().post('/api/v1/users').send({ name: '财务', role: 'finance' }).expect(201);
    await t.http(finance.body.token).post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-02-01' }).expect(403);
    await t.http(null).post('/api/v1/jobs/lifecycle/run').send({ asOf: '2026-02-01' }).expect(401);
  });
});

describe('lifecycle job: no district office to tell', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  it('keeps the proposal and a failed e-mail naming the missing address, visible to the office', async () => {
    const talent = await given.talent({ birthDate: '1966-05-20' });
    const d = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
    expect(await runLifecycle(t, '2026-09-20')).toEqual({ suspended: 0, completed: 0, retirementProposals: 1, retirementProposalsRevised: 0, workshopsFlagged: 0 });

    const [retired] = await adjustmentsOf(t, d);
    expect(retired).toMatchObject({ reason: 'retired', status: 'pending' });
    const [mail] = await mailsAbout(t, d);
    expect(mail).toMatchObject({ dedupe_key: `adjustment.proposed:${retired.id}`, to_addresses: [], status: 'failed', last_error: expect.stringContaining('district_office') });

    const failed = await t.http().get('/api/v1/notifications?status=failed').expect(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ purpose: 'adjustment.proposed', status: 'failed', lastError: expect.stringContaining('district_office') })]);
    const pending = await t.http().get('/api/v1/notifications?status=pending').expect(200);
    expect(pending.body.items).toEqual([]);
  });
});
