import { DesignationBody, Given } from '../support/given';
import { ADMIN_TOKEN, TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

/**
 * Issue 15 item 3, SPEC §3.4: a score lies in its grade's band (settings,
 * defaults 90/75/60), 400 naming the field otherwise; a recorded result is
 * final for the assessor and corrected only by the district office, with a
 * reason, audited; a correction away from 不合格 rejects the adjustment the
 * result proposed while it is still pending.
 */
describe('assessments: score bands and corrections', () => {
  let t: TestApp;
  let given: Given;
  let street: { id: string };
  let employerId: string;
  let assessor: string;

  const person = async (): Promise<DesignationBody> => given.designation({ talentId: (await given.talent({ employerId })).id, termStart: '2024-07-01' });
  const taskOf = async (designationId: string) => (await t.http().get(`/api/v1/assessments?designationId=${designationId}&kind=mid_term`).expect(200)).body.items[0];
  const record = (token: string, id: string, body: object) => t.http(token).post(`/api/v1/assessments/${id}/result`).send(body);
  const correct = (token: string, id: string, body: object) => t.http(token).post(`/api/v1/assessments/${id}/correction`).send(body);
  const adjustmentsOf = async (designationId: string) => (await t.http().get(`/api/v1/adjustments?designationId=${designationId}`).expect(200)).body.items;

  async function setUp(env: Record<string, string> = {}): Promise<void> {
    ({ t, given } = await districtOfficeWorld(undefined, { env }));
    street = await given.organization({ name: '中山街道', kind: 'street', contactEmails: ['zs@example.com'] });
    employerId = (await given.employer({ streetId: street.id })).id;
    assessor = (await t.http().post('/api/v1/users').send({ name: '街道评审员', role: 'assessor', organizationId: street.id }).expect(201)).body.token;
  }
  async function openTasks(n: number): Promise<string[]> {
    const ds: DesignationBody[] = [];
    for (let i = 0; i < n; i++) ds.push(await person());
    await t.http().post('/api/v1/jobs/assessments/run').send({ asOf: '2025-12-01' }).expect(200);
    t.clock.setDate('2025-12-10');
    return Promise.all(ds.map(async (d) => (await taskOf(d.id)).id));
  }

  describe('with the default bands', () => {
    beforeAll(() => setUp());
    afterAll(() => t.close());

    it('accepts a score on each edge of its band and refuses one outside it with 400 naming score', async () => {
      const [task] = await openTasks(1);
      const outside: Array<[string, number]> = [
        ['excellent', 89.99],
        ['qualified', 90],
        ['qualified', 74.99],
        ['basically_qualified', 75],
        ['basically_qualified', 59.5],
        ['unqualified', 60],
        ['unqualified', 95],
      ];
      for (const [grade, score] of outside) {
        const res = await record(assessor, task, { grade, assessedOn: '2025-12-05', score });
        expect([grade, score, res.status]).toEqual([grade, score, 400]);
        expect(String(res.body.message)).toMatch(/^score /);
        expect(String(res.body.message)).toContain(grade);
      }
      expect((await taskOf((await t.http().get(`/api/v1/assessments/${task}`).expect(200)).body.designationId)).status).not.toBe('done');
      // Each edge inside: recorded (a fresh task each, since a result is recorded once).
      const inside: Array<[string, number]> = [
        ['excellent', 90],
        ['excellent', 100],
        ['qualified', 75],
        ['qualified', 89.99],
        ['basically_qualified', 60],
        ['basically_qualified', 74.99],
        ['unqualified', 0],
        ['unqualified', 59.99],
      ];
      const tasks = await openTasks(inside.length);
      for (const [i, [grade, score]] of inside.entries()) {
        const res = await record(assessor, tasks[i], { grade, assessedOn: '2025-12-05', score });
        expect([grade, score, res.status]).toEqual([grade, score, 200]);
        expect(res.body).toMatchObject({ grade, score, status: 'done' });
      }
      // No score at all is still fine.
      const [plain] = await openTasks(1);
      await record(assessor, plain, { grade: 'qualified', assessedOn: '2025-12-05' }).expect(200);
    });

    it('lets only the district office correct, only a recorded result, with a reason, and audits it', async () => {
      const [open, done] = await openTasks(2);
      await record(assessor, done, { grade: 'qualified', assessedOn: '2025-12-05', score: 80 }).expect(200);
      // Final for the assessor: recording again is 409, correcting is not theirs.
      await record(assessor, done, { grade: 'excellent', assessedOn: '2025-12-05', score: 92 }).expect(409);
      await correct(assessor, done, { grade: 'excellent', assessedOn: '2025-12-05', score: 92, reason: '复核' }).expect(403);
      const notRecorded = await correct(ADMIN_TOKEN, open, { grade: 'excellent', assessedOn: '2025-12-05', reason: '复核' }).expect(409);
      expect(notRecorded.body.message).toContain('only a recorded result');
      for (const [body, field] of [
        [{ grade: 'excellent', assessedOn: '2025-12-05', score: 92 }, 'reason'],
        [{ grade: 'excellent', assessedOn: '2025-12-05', score: 92, reason: '   ' }, 'reason'],
        [{ grade: 'excellent', assessedOn: '2025-12-05', score: 80, reason: '复核' }, 'score'],
        [{ grade: 'great', assessedOn: '2025-12-05', reason: '复核' }, 'grade'],
      ] as Array<[object, string]>) {
        const res = await correct(ADMIN_TOKEN, done, body).expect(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
      }
      const corrected = await correct(ADMIN_TOKEN, done, { grade: 'excellent', assessedOn: '2025-12-06', score: 92, reason: '评分表合计有误，按原始评分表更正' }).expect(200);
      expect(corrected.body).toMatchObject({ grade: 'excellent', score: 92, assessedOn: '2025-12-06', status: 'done', correctionReason: '评分表合计有误，按原始评分表更正' });
      expect(corrected.body.correctedAt).toEqual(expect.any(String));
      const audit = (await t.http().get(`/api/v1/audit-events?entityType=assessment&entityId=${done}`).expect(200)).body.items;
      const event = audit.find((e: { action: string }) => e.action === 'assessment.corrected');
      expect(event).toMatchObject({ before: { grade: 'qualified', score: 80 }, after: { grade: 'excellent', score: 92, reason: '评分表合计有误，按原始评分表更正' } });
    });

    it('rejects the pending adjustment a 不合格 proposed when corrected away from it, naming the correction', async () => {
      const [task] = await openTasks(1);
      const designationId = (await t.http().get(`/api/v1/assessments/${task}`).expect(200)).body.designationId;
      await record(assessor, task, { grade: 'unqualified', assessedOn: '2025-12-05', score: 55, comments: '未完成带徒任务' }).expect(200);
      const [proposed] = await adjustmentsOf(designationId);
      expect(proposed).toMatchObject({ reason: 'assessment_failed', status: 'pending', effectiveOn: '2025-12-05' });

      await correct(ADMIN_TOKEN, task, { grade: 'basically_qualified', assessedOn: '2025-12-05', score: 66, reason: '带徒记录补交，复核为基本合格' }).expect(200);
      const [after] = await adjustmentsOf(designationId);
      expect(after).toMatchObject({ id: proposed.id, status: 'rejected' });
      expect(after.decisionComment).toContain('带徒记录补交，复核为基本合格');
      const timeline = (await t.http().get(`/api/v1/designations/${designationId}`).expect(200)).body.timeline.map((e: { kind: string }) => e.kind);
      expect(timeline).toEqual(expect.arrayContaining(['assessment_corrected', 'adjustment_withdrawn']));

      // Back to 不合格: a new proposal, as recording it would have made.
      await correct(ADMIN_TOKEN, task, { grade: 'unqualified', assessedOn: '2025-12-08', reason: '再次复核' }).expect(200);
      const pending = (await adjustmentsOf(designationId)).filter((a: { status: string }) => a.status === 'pending');
      expect(pending).toMatchObject([{ reason: 'assessment_failed', effectiveOn: '2025-12-08' }]);
    });

    it('leaves an adjustment already decided as it was', async () => {
      const [task] = await openTasks(1);
      const designationId = (await t.http().get(`/api/v1/assessments/${task}`).expect(200)).body.designationId;
      await record(assessor, task, { grade: 'unqualified', assessedOn: '2025-12-05' }).expect(200);
      const [proposed] = await adjustmentsOf(designationId);
      await t.http().post(`/api/v1/adjustments/${proposed.id}/decision`).send({ decision: 'approve' }).expect(200);
      await correct(ADMIN_TOKEN, task, { grade: 'qualified', assessedOn: '2025-12-05', reason: '复核' }).expect(200);
      expect(await adjustmentsOf(designationId)).toMatchObject([{ id: proposed.id, status: 'approved' }]);
    });
  });

  describe('with bands from the settings', () => {
    beforeAll(() => setUp({ ASSESSMENT_SCORE_EXCELLENT_MIN: '85', ASSESSMENT_SCORE_QUALIFIED_MIN: '70', ASSESSMENT_SCORE_BASICALLY_QUALIFIED_MIN: '50' }));
    afterAll(() => t.close());

    it('uses them', async () => {
      const [a, b] = await openTasks(2);
      await record(assessor, a, { grade: 'excellent', assessedOn: '2025-12-05', score: 86 }).expect(200);
      await record(assessor, b, { grade: 'basically_qualified', assessedOn: '2025-12-05', score: 70 }).expect(400);
      await record(assessor, b, { grade: 'basically_qualified', assessedOn: '2025-12-05', score: 50 }).expect(200);
    });
  });
});
