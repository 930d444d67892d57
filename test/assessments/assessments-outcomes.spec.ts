import { DesignationBody, Given } from '../support/given';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

/**
 * Issue 5: an unqualified result proposes an assessment_failed adjustment and
 * e-mails the district office, and payments for the months from then on are
 * held (SPEC §3.2); a suspension cancels the designation's live tasks.
 */

const OFFICE_EMAILS = ['office@songjiang.example', 'leader@songjiang.example'];

interface Line {
  designationId?: string;
  forPeriod: string;
  kind: string;
  amountFen: number;
}

describe('assessments: what results and suspensions do', () => {
  let t: TestApp;
  let given: Given;
  let street: { id: string };
  let employerId: string;

  beforeEach(async () => {
    ({ t, given } = await districtOfficeWorld(OFFICE_EMAILS));
    street = await given.organization({ name: '广富林街道', kind: 'street', contactEmails: ['gfl@example.com'] });
    employerId = (await given.employer({ streetId: street.id })).id;
  });
  afterEach(() => t.close());

  const run = async (asOf: string) => (await t.http().post('/api/v1/jobs/assessments/run').send({ asOf }).expect(200)).body.result;
  const person = async (termStart = '2024-07-01'): Promise<{ d: DesignationBody; name: string }> => {
    const talent = await given.talent({ employerId });
    return { d: await given.designation({ talentId: talent.id, termStart }), name: String(talent.name) };
  };
  const taskOf = async (designationId: string, kind = 'mid_term') =>
    (await t.http().get(`/api/v1/assessments?designationId=${designationId}&kind=${kind}`).expect(200)).body.items[0];
  const payLines = async (period: string, kind?: string): Promise<Line[]> =>
    (await t.http().get(`/api/v1/payment-runs/${period}/lines?limit=200${kind ? `&kind=${kind}` : ''}`).expect(200)).body.items;
  const payRun = async (period: string) => {
    t.clock.setDate(`${period}-01`);
    return (await t.http().post('/api/v1/payment-runs').send({ period }).expect(200)).body;
  };

  it('turns an unqualified result into a pending assessment_failed adjustment, one district-office e-mail, and held months', async () => {
    const failed = await person();
    const rejected = await person();
    const passed = await person();
    await run('2025-12-01');
    const assessor = (await t.http().post('/api/v1/users').send({ name: '评审员', role: 'assessor', organizationId: street.id }).expect(201)).body.token;
    t.clock.setDate('2026-01-20');

    for (const p of [failed, rejected]) {
      const task = await taskOf(p.d.id);
      await t.http(assessor).post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'unqualified', assessedOn: '2026-01-18', comments: '未完成带徒任务' }).expect(200);
    }
    await t.http(assessor).post(`/api/v1/assessments/${(await taskOf(passed.d.id)).id}/result`).send({ grade: 'qualified', assessedOn: '2026-01-18' }).expect(200);

    const adjustmentOf = async (designationId: string) => (await t.http().get(`/api/v1/adjustments?designationId=${designationId}`).expect(200)).body.items;
    const [proposal] = await adjustmentOf(failed.d.id);
    expect(await adjustmentOf(failed.d.id)).toEqual([
      expect.objectContaining({ designationId: failed.d.id, reason: 'assessment_failed', effectiveOn: '2026-01-18', status: 'pending', source: 'assessment', evidence: '未完成带徒任务' }),
    ]);
    expect(await adjustmentOf(passed.d.id)).toEqual([]);
    expect((await t.http().get(`/api/v1/designations/${failed.d.id}`).expect(200)).body.status).toBe('active');

    const proposed: Array<{ to_addresses: string[]; subject: string; text_body: string; html_body: string }> = await t.db.query(
      `SELECT to_addresses, subject, text_body, html_body FROM notifications WHERE purpose = 'adjustment.proposed' ORDER BY created_at, id`,
    );
    expect(proposed).toHaveLength(2);
    const mine = proposed.filter((m) => m.subject.includes(failed.name));
    expect(mine).toHaveLength(1);
    expect(mine[0].to_addresses).toEqual(OFFICE_EMAILS);
    expect(mine[0].subject).toMatch(/^【松江区首席技师】动态调整待审核：/);
    expect(mine[0].text_body).toContain('2026-01-18');
    expect(mine[0].html_body).toContain('<p>');
    const timeline = (await t.http().get(`/api/v1/designations/${failed.d.id}`).expect(200)).body.timeline.map((e: { kind: string }) => e.kind);
    expect(timeline.filter((k: string) => k === 'assessment_result' || k === 'adjustment_proposed')).toEqual(['assessment_result', 'adjustment_proposed']);

    // Payments: months whose 1st is on or after effectiveOn (2026-02, 2026-03) are held; 2026-01 is owed.
    await payRun('2026-03');
    const held = await payLines('2026-03', 'held');
    const heldOf = (id: string) => held.filter((l) => l.designationId === id).map((l) => l.forPeriod);
    expect(heldOf(failed.d.id)).toEqual(['2026-02', '2026-03']);
    expect(heldOf(rejected.d.id)).toEqual(['2026-02', '2026-03']);
    expect(heldOf(passed.d.id)).toEqual([]);
    const all = await payLines('2026-03');
    const paidOf = (lines: Line[], id: string) => lines.filter((l) => l.designationId === id && l.kind !== 'held').map((l) => [l.forPeriod, l.kind, l.amountFen]);
    expect(paidOf(all, failed.d.id)).toContainEqual(['2026-01', 'arrears', 100000]);
    expect(paidOf(all, failed.d.id).filter(([period]) => period >= '2026-02')).toEqual([]);
    expect(paidOf(all, passed.d.id)).toContainEqual(['2026-03', 'regular', 100000]);

    // Decided: approval suspends from 2026-01-18 (nothing for 2026-02 on, nothing clawed back); rejection releases the held months.
    const decide = async (designationId: string, decision: string) =>
      t.http().post(`/api/v1/adjustments/${(await adjustmentOf(designationId))[0].id}/decision`).send({ decision }).expect(200);
    await decide(failed.d.id, 'approve');
    await decide(rejected.d.id, 'reject');
    expect(proposal.status).toBe('pending');
    await payRun('2026-04');
    const april = await payLines('2026-04');
    expect(april.filter((l) => l.kind === 'held')).toEqual([]);
    expect(paidOf(april, failed.d.id)).toEqual([]);
    expect(paidOf(april, rejected.d.id)).toEqual([
      ['2026-02', 'arrears', 100000],
      ['2026-03', 'arrears', 100000],
      ['2026-04', 'regular', 100000],
    ]);

    // The done mid-term of the suspended designation stays done, and no end-of-term opens for it.
    expect(await taskOf(failed.d.id)).toMatchObject({ status: 'done', grade: 'unqualified' });
    await run('2027-05-31');
    expect(await taskOf(failed.d.id, 'end_term')).toBeUndefined();
    expect(await taskOf(rejected.d.id, 'end_term')).toMatchObject({ status: 'open', dueOn: '2027-06-30' });
  });

  it('records one of two concurrent results and answers the other 409: one adjustment, one e-mail', async () => {
    const p = await person();
    await run('2025-12-01');
    t.clock.setDate('2025-12-20');
    const task = await taskOf(p.d.id);
    const post = () => t.http().post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'unqualified', assessedOn: '2025-12-19' });
    const statuses = (await Promise.all([post(), post(), post()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    expect((await t.http().get(`/api/v1/adjustments?designationId=${p.d.id}`).expect(200)).body.items).toHaveLength(1);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE purpose = 'adjustment.proposed'`)).toEqual([{ n: 1 }]);
    const results = (await t.http().get(`/api/v1/designations/${p.d.id}`).expect(200)).body.timeline.filter((e: { kind: string }) => e.kind === 'assessment_result');
    expect(results).toHaveLength(1);
  });

  it('does not propose assessment_failed twice while one is pending', async () => {
    const p = await person();
    await run('2025-12-01');
    t.clock.setDate('2025-12-20');
    const manual = await t.http().post(`/api/v1/designations/${p.d.id}/adjustments`).send({ reason: 'assessment_failed', effectiveOn: '2025-12-15' }).expect(201);
    const task = await taskOf(p.d.id);
    await t.http().post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'unqualified', assessedOn: '2025-12-18' }).expect(200);
    const items = (await t.http().get(`/api/v1/adjustments?designationId=${p.d.id}`).expect(200)).body.items;
    expect(items.map((a: { id: string }) => a.id)).toEqual([manual.body.id]);
    expect(await taskOf(p.d.id)).toMatchObject({ status: 'done', grade: 'unqualified' });
  });

  it('cancels a task that is open or overdue when its designation is suspended, and refuses a result for it (409)', async () => {
    const open = await person('2024-07-01'); // mid-term due 2025-12-31
    const overdue = await person('2024-06-01'); // mid-term due 2025-11-30
    const untouched = await person('2024-07-01');
    await run('2025-10-31');
    await run('2025-12-01');
    expect(await taskOf(open.d.id)).toMatchObject({ status: 'open' });
    expect(await taskOf(overdue.d.id)).toMatchObject({ status: 'overdue' });

    t.clock.setDate('2025-12-20');
    for (const [p, effectiveOn] of [
      [open, '2025-12-15'],
      [overdue, '2025-12-10'],
    ] as const) {
      const adjustment = await t.http().post(`/api/v1/designations/${p.d.id}/adjustments`).send({ reason: 'moved_out_of_district', effectiveOn }).expect(201);
      // Proposed only: the task stays live.
      expect((await taskOf(p.d.id)).status).not.toBe('cancelled');
      await t.http().post(`/api/v1/adjustments/${adjustment.body.id}/decision`).send({ decision: 'approve' }).expect(200);
      const task = await taskOf(p.d.id);
      expect(task).toMatchObject({ status: 'cancelled', grade: null });
      expect(task.cancelledReason).toEqual(expect.stringContaining(effectiveOn));
      expect((await t.http().get(`/api/v1/assessments/${task.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', cancelledReason: task.cancelledReason });

      const detail = await t.http().get(`/api/v1/designations/${p.d.id}`).expect(200);
      expect(detail.body.status).toBe('suspended');
      const cancelled = detail.body.timeline.filter((e: { kind: string }) => e.kind === 'assessment_cancelled');
      expect(cancelled).toEqual([expect.objectContaining({ onDate: effectiveOn, summary: expect.stringContaining('届中考核'), data: expect.objectContaining({ assessmentKind: 'mid_term' }) })]);

      const refused = await t.http().post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'qualified', assessedOn: '2025-12-19' }).expect(409);
      expect(refused.body.message).toMatch(/cancelled/);
      expect(await taskOf(p.d.id)).toMatchObject({ status: 'cancelled', grade: null, assessedOn: null });
    }
    expect((await t.http().get('/api/v1/assessments?status=cancelled').expect(200)).body.items.map((x: { designationId: string }) => x.designationId).sort()).toEqual(
      [open.d.id, overdue.d.id].sort(),
    );
    expect(await taskOf(untouched.d.id)).toMatchObject({ status: 'open' });

    // Cancelled tasks are not reminded, marked overdue or escalated; the live one is.
    expect(await run('2025-12-24')).toMatchObject({ reminders: 1 });
    expect(await run('2026-01-01')).toMatchObject({ overdue: 1 });
    expect(await run('2026-01-14')).toMatchObject({ escalations: 1 });
    const about = async (id: string) =>
      ((await t.db.query(`SELECT purpose FROM notifications WHERE dedupe_key LIKE $1 ORDER BY created_at, id`, [`%${id}`])) as Array<{ purpose: string }>).map((m) => m.purpose);
    expect(await about((await taskOf(open.d.id)).id)).toEqual(['assessment.opened']);
    expect(await about((await taskOf(overdue.d.id)).id)).toEqual(['assessment.opened']);
    expect(await about((await taskOf(untouched.d.id)).id)).toEqual(['assessment.opened', 'assessment.reminder', 'assessment.escalation']);
    expect(await taskOf(open.d.id)).toMatchObject({ status: 'cancelled' });
  });
});
