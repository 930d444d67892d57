import { Given } from '../support/given';
import type { TestApp, TestAppOptions } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

/**
 * SPEC §3.4 and issue 5: the daily assessments job opens tasks, marks them
 * overdue, reminds and escalates, each e-mail once, whatever the run pattern.
 */

interface RunResult {
  opened: number;
  overdue: number;
  reminders: number;
  escalations: number;
}

interface MailRow {
  purpose: string;
  dedupe_key: string;
  to_addresses: string[];
  subject: string;
}

const OFFICE_EMAIL = 'office@songjiang.example';

/** Every date from `from` to `to`, both included. */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

describe('assessments job: schedule, organisers and e-mails', () => {
  let t: TestApp;
  let given: Given;
  let office: { id: string };

  async function start(options: TestAppOptions = {}): Promise<void> {
    ({ t, given, office } = await districtOfficeWorld([OFFICE_EMAIL], options));
  }
  afterEach(() => t?.close());

  const run = async (asOf: string): Promise<RunResult> => (await t.http().post('/api/v1/jobs/assessments/run').send({ asOf }).expect(200)).body.result;
  const mails = (): Promise<MailRow[]> => t.db.query(`SELECT purpose, dedupe_key, to_addresses, subject FROM notifications ORDER BY created_at, id`);
  const tasksOf = async (designationId: string) => (await t.http().get(`/api/v1/assessments?designationId=${designationId}`).expect(200)).body.items;

  async function streetWith(email: string, name = `街道${email}`): Promise<{ id: string }> {
    return given.organization({ name, kind: 'street', contactEmails: [email] });
  }

  it('opens the mid-term of a term starting 2024-07-01 on 2025-12-01 (due 2025-12-31) and e-mails the organiser once, however often the job runs', async () => {
    await start();
    const street = await streetWith('yongfeng@example.com', '永丰街道');
    const employer = await given.employer({ streetId: street.id });
    const talent = await given.talent({ employerId: employer.id });
    const d = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15', termStart: '2024-07-01' });
    expect(d).toMatchObject({ termStart: '2024-07-01', termEnd: '2027-06-30', midTermDue: '2025-12-31', endTermDue: '2027-06-30' });

    expect(await run('2025-11-30')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    expect(await tasksOf(d.id)).toEqual([]);

    expect(await run('2025-12-01')).toEqual({ opened: 1, overdue: 0, reminders: 0, escalations: 0 });
    expect(await run('2025-12-01')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    expect(await run('2025-12-01')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    const [task] = await tasksOf(d.id);
    expect(task).toMatchObject({
      designationId: d.id,
      talentName: talent.name,
      kind: 'mid_term',
      organizerId: street.id,
      opensOn: '2025-12-01',
      dueOn: '2025-12-31',
      status: 'open',
      grade: null,
    });

    // Every day after, up to 2026-02-01: each step happens on its day, once.
    const happened: Record<keyof RunResult, string[]> = { opened: [], overdue: [], reminders: [], escalations: [] };
    for (const day of datesBetween('2025-12-02', '2026-02-01')) {
      const result = await run(day);
      for (const key of Object.keys(happened) as Array<keyof RunResult>) {
        for (let i = 0; i < result[key]; i++) happened[key].push(day);
      }
      if (day === '2025-12-31') expect((await tasksOf(d.id))[0].status).toBe('open');
      if (day === '2026-01-01') expect((await tasksOf(d.id))[0].status).toBe('overdue');
    }
    expect(happened).toEqual({ opened: [], overdue: ['2026-01-01'], reminders: ['2025-12-24'], escalations: ['2026-01-14'] });
    // And running old days again changes nothing.
    for (const day of ['2025-12-01', '2025-12-24', '2026-01-01', '2026-01-14']) expect(await run(day)).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });

    const sent = await mails();
    expect(sent.map((m) => [m.purpose, m.dedupe_key, m.to_addresses])).toEqual([
      ['assessment.opened', `assessment.opened:${task.id}`, ['yongfeng@example.com']],
      ['assessment.reminder', `assessment.reminder:${task.id}`, ['yongfeng@example.com']],
      ['assessment.escalation', `assessment.escalation:${task.id}`, [OFFICE_EMAIL]],
    ]);
    expect(sent[0].subject).toBe(`【松江区首席技师】届中考核待办：${talent.name}（${(await t.http().get(`/api/v1/organizations/${employer.id}`)).body.name}），截止 2025-12-31`);
    expect(sent[1].subject).toMatch(/^【松江区首席技师】届中考核即将截止：/);
    expect(sent[2].subject).toMatch(/^【松江区首席技师】届中考核逾期 14 天：/);
    expect(sent[2].subject).toContain('永丰街道');
    for (const m of sent) expect(m.subject).toContain(String(talent.name));

    // Only the mid-term exists: the end-of-term is 18 months away.
    expect(await t.db.query(`SELECT kind FROM assessment_tasks`)).toEqual([{ kind: 'mid_term' }]);
    const detail = await t.http().get(`/api/v1/designations/${d.id}`).expect(200);
    const opened = detail.body.timeline.filter((e: { kind: string }) => e.kind === 'assessment_opened');
    expect(opened).toEqual([expect.objectContaining({ onDate: '2025-12-01', data: expect.objectContaining({ assessmentId: task.id, assessmentKind: 'mid_term', dueOn: '2025-12-31' }) })]);
  });

  it('has the industry authority organise the mid-term when the employer has one, the street otherwise', async () => {
    await start();
    const street = await streetWith('zhongshan@example.com', '中山街道');
    const authority = await given.organization({ name: '区经委', kind: 'industry_authority', contactEmails: ['jingwei@example.com'] });
    const withAuthority = await given.employer({ streetId: street.id, industryAuthorityId: authority.id });
    const withoutAuthority = await given.employer({ streetId: street.id });
    const a = await given.talent({ employerId: withAuthority.id });
    const b = await given.talent({ employerId: withoutAuthority.id });
    const da = await given.designation({ talentId: a.id, termStart: '2024-07-01' });
    const db = await given.designation({ talentId: b.id, termStart: '2024-07-01' });

    expect(await run('2025-12-01')).toMatchObject({ opened: 2 });
    expect(await tasksOf(da.id)).toEqual([expect.objectContaining({ kind: 'mid_term', organizerId: authority.id, dueOn: '2025-12-31' })]);
    expect(await tasksOf(db.id)).toEqual([expect.objectContaining({ kind: 'mid_term', organizerId: street.id, dueOn: '2025-12-31' })]);

    const opened = (await mails()).filter((m) => m.purpose === 'assessment.opened');
    expect(opened).toHaveLength(2);
    expect(opened.find((m) => m.subject.includes(String(a.name)))!.to_addresses).toEqual(['jingwei@example.com']);
    expect(opened.find((m) => m.subject.includes(String(b.name)))!.to_addresses).toEqual(['zhongshan@example.com']);

    // Each assessor sees exactly its organisation's task.
    const authorityAssessor = (await t.http().post('/api/v1/users').send({ name: '经委评审', role: 'assessor', organizationId: authority.id }).expect(201)).body.token;
    const streetAssessor = (await t.http().post('/api/v1/users').send({ name: '街道评审', role: 'assessor', organizationId: street.id }).expect(201)).body.token;
    expect((await t.http(authorityAssessor).get('/api/v1/assessments').expect(200)).body.items.map((i: { designationId: string }) => i.designationId)).toEqual([da.id]);
    expect((await t.http(streetAssessor).get('/api/v1/assessments').expect(200)).body.items.map((i: { designationId: string }) => i.designationId)).toEqual([db.id]);
  });

  it('has the district office organise the end-of-term, due on termEnd, opened 30 days before', async () => {
    await start();
    const street = await streetWith('xiaokunshan@example.com');
    const employer = await given.employer({ streetId: street.id });
    const talent = await given.talent({ employerId: employer.id });
    const d = await given.designation({ talentId: talent.id, termStart: '2024-07-01' });
    expect(d.endTermDue).toBe(d.termEnd);

    // The mid-term comes and is done first.
    await run('2025-12-01');
    const [mid] = await tasksOf(d.id);
    t.clock.setDate('2025-12-20');
    await t.http().post(`/api/v1/assessments/${mid.id}/result`).send({ grade: 'qualified', assessedOn: '2025-12-20' }).expect(200);

    expect(await run('2027-05-30')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    expect(await run('2027-05-31')).toEqual({ opened: 1, overdue: 0, reminders: 0, escalations: 0 });
    const end = (await tasksOf(d.id)).find((x: { kind: string }) => x.kind === 'end_term');
    expect(end).toMatchObject({ kind: 'end_term', organizerId: office.id, opensOn: '2027-05-31', dueOn: '2027-06-30', status: 'open' });
    expect(await run('2027-06-22')).toMatchObject({ reminders: 0 });
    expect(await run('2027-06-23')).toMatchObject({ reminders: 1 });
    expect(await run('2027-06-30')).toMatchObject({ overdue: 0, reminders: 0 });
    expect(await run('2027-07-01')).toMatchObject({ overdue: 1 });
    expect(await run('2027-07-14')).toMatchObject({ escalations: 1 });

    const endMails = (await mails()).filter((m) => m.dedupe_key.endsWith(end.id));
    expect(endMails.map((m) => [m.purpose, m.to_addresses])).toEqual([
      ['assessment.opened', [OFFICE_EMAIL]],
      ['assessment.reminder', [OFFICE_EMAIL]],
      ['assessment.escalation', [OFFICE_EMAIL]],
    ]);
    expect(endMails[0].subject).toMatch(new RegExp(`^【松江区首席技师】届满考核待办：${talent.name}（.+），截止 2027-06-30$`));

    // The district office's assessor sees the end-of-term, not the street's mid-term.
    const officeAssessor = (await t.http().post('/api/v1/users').send({ name: '区办评审', role: 'assessor', organizationId: office.id }).expect(201)).body.token;
    const seen = (await t.http(officeAssessor).get('/api/v1/assessments').expect(200)).body.items;
    expect(seen.map((x: { id: string }) => x.id)).toEqual([end.id]);
  });

  it('opens no task for a designation suspended before its mid-term, nor its end-of-term', async () => {
    await start();
    const street = await streetWith('sheshan@example.com');
    const employer = await given.employer({ streetId: street.id });
    const suspendedTalent = await given.talent({ employerId: employer.id });
    const suspended = await given.designation({ talentId: suspendedTalent.id, termStart: '2024-07-01' });
    const active = await given.designation({ talentId: (await given.talent({ employerId: employer.id })).id, termStart: '2024-07-01' });
    const adjustment = await t.http().post(`/api/v1/designations/${suspended.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2025-06-01', note: '违规' }).expect(201);
    await t.http().post(`/api/v1/adjustments/${adjustment.body.id}/decision`).send({ decision: 'approve' }).expect(200);
    expect((await t.http().get(`/api/v1/designations/${suspended.id}`).expect(200)).body.status).toBe('suspended');

    for (const day of ['2025-12-01', '2025-12-24', '2026-01-01', '2026-01-14', '2027-05-31', '2027-06-23', '2027-07-14']) await run(day);
    expect(await tasksOf(suspended.id)).toEqual([]);
    expect((await tasksOf(active.id)).map((x: { kind: string }) => x.kind).sort()).toEqual(['end_term', 'mid_term']);
    const about = (await mails()).filter((m) => m.purpose.startsWith('assessment.'));
    expect(about.length).toBeGreaterThan(0);
    expect(about.filter((m) => m.subject.includes(String(suspendedTalent.name)))).toEqual([]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM assessment_tasks WHERE designation_id = $1`, [suspended.id])).toEqual([{ n: 0 }]);
  });

  it('honours ASSESSMENT_OPEN_DAYS_BEFORE, ASSESSMENT_REMINDER_DAYS_BEFORE and ASSESSMENT_ESCALATION_DAYS_AFTER', async () => {
    await start({ env: { ASSESSMENT_OPEN_DAYS_BEFORE: '10', ASSESSMENT_REMINDER_DAYS_BEFORE: '3', ASSESSMENT_ESCALATION_DAYS_AFTER: '5' } });
    expect(t.config.assessments).toEqual({ openDaysBefore: 10, reminderDaysBefore: 3, escalationDaysAfter: 5, scoreBands: { excellent: 90, qualified: 75, basicallyQualified: 60 } });
    const street = await streetWith('dongjing@example.com');
    const d = await given.designation({ talentId: (await given.talent({ employerId: (await given.employer({ streetId: street.id })).id })).id, termStart: '2024-07-01' });

    const happened: Record<keyof RunResult, string[]> = { opened: [], overdue: [], reminders: [], escalations: [] };
    for (const day of datesBetween('2025-12-01', '2026-01-20')) {
      const result = await run(day);
      for (const key of Object.keys(happened) as Array<keyof RunResult>) {
        for (let i = 0; i < result[key]; i++) happened[key].push(day);
      }
    }
    expect(happened).toEqual({ opened: ['2025-12-21'], reminders: ['2025-12-28'], overdue: ['2026-01-01'], escalations: ['2026-01-05'] });
    expect(await tasksOf(d.id)).toEqual([expect.objectContaining({ opensOn: '2025-12-21', dueOn: '2025-12-31', status: 'overdue' })]);
    const escalation = (await mails()).find((m) => m.purpose === 'assessment.escalation')!;
    expect(escalation.subject).toContain('逾期 5 天');
  });

  it('gives concurrent runs of the same day one task per designation and one e-mail each', async () => {
    await start();
    const street = await streetWith('jiuting@example.com');
    const employer = await given.employer({ streetId: street.id });
    const designations = [];
    for (let i = 0; i < 4; i++) designations.push(await given.designation({ talentId: (await given.talent({ employerId: employer.id })).id, termStart: '2024-07-01' }));

    const together = async (asOf: string): Promise<RunResult[]> => Promise.all([run(asOf), run(asOf), run(asOf)]);
    const sum = (results: RunResult[], key: keyof RunResult) => results.reduce((n, r) => n + r[key], 0);

    expect(sum(await together('2025-12-01'), 'opened')).toBe(4);
    expect(sum(await together('2025-12-24'), 'reminders')).toBe(4);
    expect(sum(await together('2026-01-01'), 'overdue')).toBe(4);
    expect(sum(await together('2026-01-14'), 'escalations')).toBe(4);

    expect(await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT designation_id)::int AS d FROM assessment_tasks`)).toEqual([{ n: 4, d: 4 }]);
    const counts = await t.db.query(`SELECT purpose, count(*)::int AS n FROM notifications GROUP BY purpose ORDER BY purpose`);
    expect(counts).toEqual([
      { purpose: 'assessment.escalation', n: 4 },
      { purpose: 'assessment.opened', n: 4 },
      { purpose: 'assessment.reminder', n: 4 },
    ]);
    for (const d of designations) {
      const detail = await t.http().get(`/api/v1/designations/${d.id}`).expect(200);
      expect(detail.body.timeline.filter((e: { kind: string }) => e.kind === 'assessment_opened')).toHaveLength(1);
    }
  });

  it('catches up after days without a run: the task keeps its scheduled opening date and the escalation states the real delay', async () => {
    await start();
    const street = await streetWith('xinbang@example.com', '新浜镇');
    const employer = await given.employer({ streetId: street.id });
    const onTime = await given.designation({ talentId: (await given.talent({ employerId: employer.id })).id, termStart: '2024-07-01' }); // due 2025-12-31
    const lateTalent = await given.talent({ employerId: employer.id });
    const late = await given.designation({ talentId: lateTalent.id, termStart: '2024-06-01' }); // due 2025-11-30
    expect(late.midTermDue).toBe('2025-11-30');

    // The service was down from 2025-10-30 to 2025-12-04.
    expect(await run('2025-12-05')).toEqual({ opened: 2, overdue: 0, reminders: 0, escalations: 0 });
    expect(await tasksOf(onTime.id)).toEqual([expect.objectContaining({ opensOn: '2025-12-01', dueOn: '2025-12-31', status: 'open' })]);
    expect(await tasksOf(late.id)).toEqual([expect.objectContaining({ opensOn: '2025-10-31', dueOn: '2025-11-30', status: 'overdue' })]);
    // An assessment held on 2025-12-03, while the service was down, is recorded with its real date.
    t.clock.setDate('2025-12-05');
    const [task] = await tasksOf(onTime.id);
    await t.http().post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'qualified', assessedOn: '2025-12-03' }).expect(200);
    await t.http().post(`/api/v1/assessments/${(await tasksOf(late.id))[0].id}/result`).send({ grade: 'qualified', assessedOn: '2025-10-30' }).expect(422);

    // Down again until 2025-12-20: the late task, 20 days overdue by then, is escalated once, saying so.
    expect(await run('2025-12-20')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 1 });
    expect(await run('2025-12-21')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    const escalations = (await mails()).filter((m) => m.purpose === 'assessment.escalation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0].subject).toBe(`【松江区首席技师】届中考核逾期 20 天：${lateTalent.name}（${(await t.http().get(`/api/v1/organizations/${employer.id}`)).body.name}）（组织单位：新浜镇）`);
    const opened = (await t.http().get(`/api/v1/designations/${late.id}`).expect(200)).body.timeline.filter((e: { kind: string }) => e.kind === 'assessment_opened');
    expect(opened).toEqual([expect.objectContaining({ onDate: '2025-10-31' })]);
  });

  it('opens the end-of-term task late when the service was down over termEnd and the lifecycle job completed the term first', async () => {
    // Reproduced: term ending 2025-06-30, both jobs first run again on 2025-07-03; no end-of-term task was ever opened.
    await start();
    const street = await streetWith('yongfeng@example.com');
    const employer = await given.employer({ streetId: street.id });
    const d = await given.designation({ talentId: (await given.talent({ employerId: employer.id })).id, designatedOn: '2022-06-15' });
    expect(d.endTermDue).toBe('2025-06-30');
    await run('2023-12-01');
    const [mid] = await tasksOf(d.id);
    await t.http().post(`/api/v1/assessments/${mid.id}/result`).send({ grade: 'qualified', assessedOn: '2023-12-10' }).expect(200);

    await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2025-07-03' }).expect(200);
    expect((await t.http().get(`/api/v1/designations/${d.id}`).expect(200)).body.status).toBe('completed');
    expect(await run('2025-07-03')).toEqual({ opened: 1, overdue: 0, reminders: 0, escalations: 0 });
    const end = (await tasksOf(d.id)).filter((x: { kind: string }) => x.kind === 'end_term');
    expect(end).toEqual([expect.objectContaining({ opensOn: '2025-05-31', dueOn: '2025-06-30', status: 'overdue', organizerId: office.id })]);
    expect((await mails()).filter((m) => m.purpose === 'assessment.opened' && m.dedupe_key.includes(end[0].id))).toHaveLength(1);
    // One task per designation and kind, ever: later runs open nothing more.
    expect((await run('2025-07-04')).opened).toBe(0);
    expect((await run('2025-07-20')).escalations).toBe(1);
    expect(await tasksOf(d.id)).toHaveLength(2);
  });

  it('opens no late task for a completed term whose designation an approved adjustment ended before the opening day', async () => {
    await start();
    const street = await streetWith('maogang@example.com');
    const d = await given.designation({ talentId: (await given.talent({ employerId: (await given.employer({ streetId: street.id })).id })).id, designatedOn: '2022-06-15' });
    await run('2023-12-01');
    await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf: '2025-07-03' }).expect(200);
    const adjustment = await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2025-05-01' }).expect(201);
    await t.http().post(`/api/v1/adjustments/${adjustment.body.id}/decision`).send({ decision: 'approve' }).expect(200);
    expect((await t.http().get(`/api/v1/designations/${d.id}`).expect(200)).body.status).toBe('completed');
    expect((await run('2025-07-03')).opened).toBe(0);
    expect((await tasksOf(d.id)).map((x: { kind: string }) => x.kind)).toEqual(['mid_term']);
  });

  it('leaves no live task for a designation suspended while the job is opening its task', async () => {
    await start();
    const street = await streetWith('shihudang@example.com');
    const d = await given.designation({ talentId: (await given.talent({ employerId: (await given.employer({ streetId: street.id })).id })).id, termStart: '2024-07-01' });
    // A suspension in flight (not yet committed) when the job runs.
    const suspension = t.db.createQueryRunner();
    await suspension.connect();
    try {
      await suspension.startTransaction();
      await suspension.query(`UPDATE designations SET status = 'suspended', suspended_from = '2025-11-20' WHERE id = $1`, [d.id]);
      const job = run('2025-12-01');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await suspension.commitTransaction();
      await job;
    } finally {
      await suspension.release();
    }
    const live = (await tasksOf(d.id)).filter((x: { status: string }) => x.status === 'open' || x.status === 'overdue');
    expect(live).toEqual([]);
    expect(await run('2025-12-24')).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
  });

  it('opens the task all the same when the organiser has no contact address, and shows the mail as failed', async () => {
    await start();
    const street = await given.organization({ name: '车墩镇', kind: 'street' });
    const d = await given.designation({ talentId: (await given.talent({ employerId: (await given.employer({ streetId: street.id })).id })).id, termStart: '2024-07-01' });
    expect(await run('2025-12-01')).toMatchObject({ opened: 1 });
    expect(await tasksOf(d.id)).toEqual([expect.objectContaining({ status: 'open', organizerId: street.id })]);
    const failed = (await t.http().get('/api/v1/notifications?status=failed').expect(200)).body.items;
    expect(failed).toEqual([expect.objectContaining({ purpose: 'assessment.opened', to: [], lastError: expect.stringContaining(street.id) })]);
    expect(await run('2025-12-01')).toMatchObject({ opened: 0 });
    expect((await t.http().get('/api/v1/notifications?status=failed').expect(200)).body.items).toHaveLength(1);
  });

  it('keeps one task per designation and kind, ever, by database constraint', async () => {
    await start();
    const street = await streetWith('fangsong@example.com');
    const d = await given.designation({ talentId: (await given.talent({ employerId: (await given.employer({ streetId: street.id })).id })).id, termStart: '2024-07-01' });
    await run('2025-12-01');
    const [task] = await tasksOf(d.id);
    t.clock.setDate('2025-12-10');
    await t.http().post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'excellent', assessedOn: '2025-12-09' }).expect(200);
    // A done task is not reopened, reminded or escalated.
    for (const day of ['2025-12-02', '2025-12-24', '2026-01-01', '2026-01-14']) expect(await run(day)).toEqual({ opened: 0, overdue: 0, reminders: 0, escalations: 0 });
    expect((await tasksOf(d.id))[0]).toMatchObject({ status: 'done', grade: 'excellent' });
    await expect(
      t.db.query(`INSERT INTO assessment_tasks (designation_id, kind, organizer_id, opens_on, due_on) VALUES ($1, 'mid_term', $2, '2025-12-02', '2025-12-31')`, [d.id, street.id]),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505', constraint: 'assessment_tasks_once' }) });
  });
});
