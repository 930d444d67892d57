import { creditCode, DesignationBody, Given } from '../support/given';
import { ADMIN_TOKEN, TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';
import { userWithRole } from '../support/http';

/**
 * Issue 5 "assessor workspace": an assessor reads and records only the tasks its
 * organisation organises (others: 404, never their data; other endpoints: 403),
 * results are validated, recorded once, and land on the designation's timeline.
 */

interface TaskView {
  id: string;
  designationId: string;
  talentName: string;
  employerName: string;
  kind: string;
  organizerId: string;
  opensOn: string;
  dueOn: string;
  status: string;
  grade: string | null;
  score: number | null;
  comments: string | null;
  assessedOn: string | null;
}

describe('assessments: assessor workspace and results', () => {
  let t: TestApp;
  let given: Given;
  let streetA: { id: string };
  let streetB: { id: string };
  let authority: { id: string };
  let office: { id: string };
  const inA: Array<{ d: DesignationBody; name: string }> = [];
  let inB: { d: DesignationBody; name: string };
  let inAuthority: { d: DesignationBody; name: string };
  let assessorA: string;
  let assessorB: string;
  let assessorAuthority: string;
  let assessorOffice: string;

  const list = async (token: string, query = ''): Promise<{ items: TaskView[]; nextCursor: string | null }> =>
    (await t.http(token).get(`/api/v1/assessments${query}`).expect(200)).body;
  const taskOf = async (designationId: string, kind = 'mid_term'): Promise<TaskView> =>
    (await list(ADMIN_TOKEN, `?designationId=${designationId}&kind=${kind}`)).items[0];

  beforeAll(async () => {
    ({ t, given, office } = await districtOfficeWorld());
    streetA = await given.organization({ name: '岳阳街道', kind: 'street', contactEmails: ['yueyang@example.com'] });
    streetB = await given.organization({ name: '泗泾镇', kind: 'street', contactEmails: ['sijing@example.com'] });
    authority = await given.organization({ name: '区卫健委', kind: 'industry_authority', contactEmails: ['wjw@example.com'] });
    const employerA = await given.employer({ streetId: streetA.id });
    const employerB = await given.organization({ name: '上海泗泾秘密精工有限公司', kind: 'employer', creditCode: creditCode(), streetId: streetB.id });
    const employerAuth = await given.employer({ streetId: streetA.id, industryAuthorityId: authority.id });
    for (let i = 0; i < 5; i++) {
      const talent = await given.talent({ employerId: employerA.id });
      inA.push({ d: await given.designation({ talentId: talent.id, termStart: '2024-07-01' }), name: String(talent.name) });
    }
    const bTalent = await given.talent({ employerId: employerB.id, name: '郁秘密' });
    inB = { d: await given.designation({ talentId: bTalent.id, termStart: '2024-07-01' }), name: String(bTalent.name) };
    const authTalent = await given.talent({ employerId: employerAuth.id });
    inAuthority = { d: await given.designation({ talentId: authTalent.id, termStart: '2024-07-01' }), name: String(authTalent.name) };
    // A later cohort: its mid-term (due 2026-06-30) is still closed.
    await given.designation({ talentId: (await given.talent({ employerId: employerA.id })).id, termStart: '2025-01-01' });

    expect((await t.http().post('/api/v1/jobs/assessments/run').send({ asOf: '2025-12-01' }).expect(200)).body.result).toMatchObject({ opened: 7 });
    assessorA = await userWithRole(t, 'assessor', streetA.id);
    assessorB = await userWithRole(t, 'assessor', streetB.id);
    assessorAuthority = await userWithRole(t, 'assessor', authority.id);
    assessorOffice = await userWithRole(t, 'assessor', office.id);
    t.clock.setDate('2025-12-10');
  });
  afterAll(() => t.close());

  describe('scope', () => {
    it('lists only the tasks of the assessor’s own organisation; admin sees all', async () => {
      const a = await list(assessorA);
      expect(a.items.map((x) => x.designationId).sort()).toEqual(inA.map((x) => x.d.id).sort());
      expect(a.items.every((x) => x.organizerId === streetA.id)).toBe(true);
      expect(a.items[0]).toEqual(
        expect.objectContaining({ id: expect.any(String), talentName: expect.any(String), kind: 'mid_term', opensOn: '2025-12-01', dueOn: '2025-12-31', status: 'open', grade: null }),
      );
      expect((await list(assessorB)).items.map((x) => [x.designationId, x.talentName])).toEqual([[inB.d.id, inB.name]]);
      expect((await list(assessorAuthority)).items.map((x) => x.designationId)).toEqual([inAuthority.d.id]);
      expect((await list(assessorOffice)).items).toEqual([]);
      const all = await list(ADMIN_TOKEN, '?limit=200');
      expect(all.items).toHaveLength(7);
      expect(new Set(all.items.map((x) => x.organizerId))).toEqual(new Set([streetA.id, streetB.id, authority.id]));
    });

    it('answers 404 for another organisation’s task, reading or recording, and never shows its data', async () => {
      const bTask = await taskOf(inB.d.id);
      const read = await t.http(assessorA).get(`/api/v1/assessments/${bTask.id}`).expect(404);
      const write = await t.http(assessorA).post(`/api/v1/assessments/${bTask.id}/result`).send({ grade: 'unqualified', assessedOn: '2025-12-05' }).expect(404);
      const unknown = await t.http(assessorA).get('/api/v1/assessments/00000000-0000-4000-8000-000000000000').expect(404);
      for (const res of [read, write]) {
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
        expect(res.text).not.toContain(inB.name);
        expect(res.text).not.toContain('泗泾');
        expect(res.text).not.toContain(streetB.id);
        expect(res.text).not.toContain(inB.d.id);
        // The same answer as for a task that does not exist at all.
        expect(res.body.message.replace(bTask.id, 'ID')).toBe(unknown.body.message.replace('00000000-0000-4000-8000-000000000000', 'ID'));
      }
      // Filtering by B's designation shows nothing either.
      expect((await list(assessorA, `?designationId=${inB.d.id}`)).items).toEqual([]);
      // B's task is untouched: nothing recorded, no adjustment proposed.
      expect(await taskOf(inB.d.id)).toMatchObject({ status: 'open', grade: null });
      expect((await t.http().get(`/api/v1/adjustments?designationId=${inB.d.id}`).expect(200)).body.items).toEqual([]);
      // The authority's assessor cannot reach the street's tasks either, nor the office's assessor the mid-terms.
      const aTask = await taskOf(inA[0].d.id);
      await t.http(assessorAuthority).get(`/api/v1/assessments/${aTask.id}`).expect(404);
      await t.http(assessorOffice).post(`/api/v1/assessments/${aTask.id}/result`).send({ grade: 'qualified', assessedOn: '2025-12-05' }).expect(404);
      // Its own task it can read.
      expect((await t.http(assessorB).get(`/api/v1/assessments/${bTask.id}`).expect(200)).body).toMatchObject({ id: bTask.id, talentName: inB.name });
    });

    it('gives an assessor 403 everywhere else and no token 401', async () => {
      const d = inA[0].d;
      const adjustment = await t.http().post(`/api/v1/designations/${inA[4].d.id}/adjustments`).send({ reason: 'other', effectiveOn: '2026-06-01' }).expect(201);
      const forbidden: Array<[string, string, object?]> = [
        ['get', '/api/v1/designations'],
        ['get', `/api/v1/designations/${d.id}`],
        ['post', '/api/v1/designations', { talentId: d.talentId, cohort: '2024', designatedOn: '2024-06-15' }],
        ['post', `/api/v1/designations/${d.id}/annual-reviews`, { year: 2025, grade: 'qualified', reviewedOn: '2025-12-01' }],
        ['post', `/api/v1/designations/${d.id}/adjustments`, { reason: 'other', effectiveOn: '2025-12-01' }],
        ['get', '/api/v1/adjustments'],
        ['post', `/api/v1/adjustments/${adjustment.body.id}/decision`, { decision: 'approve' }],
        ['post', '/api/v1/payment-runs', { period: '2025-12' }],
        ['get', '/api/v1/payment-runs/2025-12'],
        ['get', '/api/v1/payment-runs/2025-12/lines?kind=held'],
        ['post', '/api/v1/users', { name: '冒名', role: 'admin' }],
        ['post', '/api/v1/organizations', { name: '某街道', kind: 'street' }],
        ['get', `/api/v1/talents/${d.talentId}`],
        ['get', '/api/v1/notifications'],
        ['get', '/api/v1/audit-events'],
        ['post', '/api/v1/jobs/assessments/run', { asOf: '2025-12-02' }],
      ];
      for (const [method, path, body] of forbidden) {
        const req = method === 'get' ? t.http(assessorA).get(path) : t.http(assessorA).post(path).send(body ?? {});
        const res = await req;
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.text).not.toContain(inA[0].name);
      }
      // Nothing happened behind the 403s.
      expect((await t.http().get(`/api/v1/adjustments/?designationId=${inA[4].d.id}`).expect(200)).body.items[0].status).toBe('pending');
      await t.http().get('/api/v1/payment-runs/2025-12').expect(404);
      await t.http().post(`/api/v1/adjustments/${adjustment.body.id}/decision`).send({ decision: 'reject' }).expect(200);

      await t.http(null).get('/api/v1/assessments').expect(401);
      await t.http('sjct_not_a_real_token').get('/api/v1/assessments').expect(401);
      await t.http(null).post(`/api/v1/assessments/${(await taskOf(d.id)).id}/result`).send({ grade: 'qualified', assessedOn: '2025-12-05' }).expect(401);
      // Other roles may not use the workspace.
      const finance = await userWithRole(t, 'finance');
      await t.http(finance).get('/api/v1/assessments').expect(403);
    });
  });

  describe('list filters and pagination', () => {
    it('filters by kind, status and designationId', async () => {
      expect((await list(ADMIN_TOKEN, '?kind=end_term')).items).toEqual([]);
      expect((await list(ADMIN_TOKEN, '?kind=mid_term&limit=200')).items).toHaveLength(7);
      expect((await list(assessorA, `?designationId=${inA[1].d.id}`)).items.map((x) => x.designationId)).toEqual([inA[1].d.id]);
      expect((await list(assessorA, '?status=overdue')).items).toEqual([]);
      expect((await list(assessorA, '?status=open')).items).toHaveLength(5);
      await t.http().get('/api/v1/assessments?kind=annual').expect(400);
      await t.http().get('/api/v1/assessments?status=late').expect(400);
      const badId = await t.http().get('/api/v1/assessments?designationId=42').expect(400);
      expect(JSON.stringify(badId.body.message)).toContain('designationId');
    });

    it('pages with a cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: TaskView[]; nextCursor: string | null } = await list(assessorA, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);
      expect(seen.sort()).toEqual((await list(assessorA)).items.map((x) => x.id).sort());

      // The admin walks all seven, one at a time, and the cursor keeps the assessor's scope for the assessor.
      const adminSeen: string[] = [];
      cursor = null;
      do {
        const page: { items: TaskView[]; nextCursor: string | null } = await list(ADMIN_TOKEN, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        adminSeen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(adminSeen).size).toBe(7);
      const first = await list(ADMIN_TOKEN, '?limit=1');
      const viaCursor = await list(assessorB, `?cursor=${first.nextCursor}`);
      expect(viaCursor.items.every((x) => x.organizerId === streetB.id)).toBe(true);

      await t.http().get('/api/v1/assessments?cursor=not-a-cursor').expect(400);
      await t.http().get('/api/v1/assessments?limit=201').expect(400);
      await t.http().get('/api/v1/assessments?limit=0').expect(400);
    });
  });

  describe('recording a result', () => {
    const post = (token: string, id: string, body: unknown) => t.http(token).post(`/api/v1/assessments/${id}/result`).send(body as object);
    const message = (res: { body: { message: unknown } }) => JSON.stringify(res.body.message);

    it('rejects malformed results with 400 naming the field, and business-rule breaches with 422', async () => {
      const task = await taskOf(inA[2].d.id);
      const bad: Array<[unknown, string]> = [
        [{ assessedOn: '2025-12-05' }, 'grade'],
        [{ grade: 'good', assessedOn: '2025-12-05' }, 'grade'],
        [{ grade: '合格', assessedOn: '2025-12-05' }, 'grade'],
        [{ grade: 'qualified' }, 'assessedOn'],
        [{ grade: 'qualified', assessedOn: '2024-02-30' }, 'assessedOn'],
        [{ grade: 'qualified', assessedOn: '2025-13-01' }, 'assessedOn'],
        [{ grade: 'qualified', assessedOn: '2025/12/05' }, 'assessedOn'],
        [{ grade: 'qualified', assessedOn: 20251205 }, 'assessedOn'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', score: 101 }, 'score'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', score: -1 }, 'score'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', score: 'abc' }, 'score'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', score: '90' }, 'score'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', score: 88.123 }, 'score'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', comments: 42 }, 'comments'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', comments: 'x'.repeat(4001) }, 'comments'],
        [{ grade: 'qualified', assessedOn: '2025-12-05', passed: true }, 'passed'],
      ];
      for (const [body, field] of bad) {
        const res = await post(assessorA, task.id, body);
        expect([body, res.status]).toEqual([body, 400]);
        expect(message(res)).toContain(field);
      }
      const beforeOpening = await post(assessorA, task.id, { grade: 'qualified', assessedOn: '2025-11-30' }).expect(422);
      expect(message(beforeOpening)).toContain('2025-12-01');
      const future = await post(assessorA, task.id, { grade: 'qualified', assessedOn: '2025-12-11' }).expect(422);
      expect(message(future)).toMatch(/future/);
      await t.http(assessorA).post('/api/v1/assessments/not-a-uuid/result').send({ grade: 'qualified', assessedOn: '2025-12-05' }).expect(400);
      await post(assessorA, '00000000-0000-4000-8000-000000000000', { grade: 'qualified', assessedOn: '2025-12-05' }).expect(404);
      const invalidJson = await t.http(assessorA).post(`/api/v1/assessments/${task.id}/result`).set('Content-Type', 'application/json').send('{"grade":');
      expect(invalidJson.status).toBe(400);
      // Nothing was recorded by any of these.
      expect(await taskOf(inA[2].d.id)).toMatchObject({ status: 'open', grade: null, assessedOn: null });
    });

    it('records once (409 the second time), on the opening day or today, and puts the result on the timeline', async () => {
      const onOpening = await taskOf(inA[2].d.id);
      const recorded = await post(assessorA, onOpening.id, { grade: 'excellent', assessedOn: '2025-12-01', score: 95.5, comments: '  技术攻关成效显著  ' }).expect(200);
      expect(recorded.body).toMatchObject({
        id: onOpening.id,
        status: 'done',
        grade: 'excellent',
        assessedOn: '2025-12-01',
        score: 95.5,
        comments: '技术攻关成效显著',
        talentName: inA[2].name,
      });
      const again = await post(assessorA, onOpening.id, { grade: 'qualified', assessedOn: '2025-12-02' }).expect(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect(await taskOf(inA[2].d.id)).toMatchObject({ grade: 'excellent', assessedOn: '2025-12-01', score: 95.5 });

      const today = await taskOf(inA[3].d.id);
      await post(assessorA, today.id, { grade: 'basically_qualified', assessedOn: '2025-12-10' }).expect(200);

      // The admin records too.
      const byAdmin = await taskOf(inAuthority.d.id);
      await post(ADMIN_TOKEN, byAdmin.id, { grade: 'qualified', assessedOn: '2025-12-09', score: 80 }).expect(200);

      const detail = await t.http().get(`/api/v1/designations/${inA[2].d.id}`).expect(200);
      const results = detail.body.timeline.filter((e: { kind: string }) => e.kind === 'assessment_result');
      expect(results).toEqual([
        expect.objectContaining({
          onDate: '2025-12-01',
          summary: expect.stringContaining('届中考核结果：优秀'),
          data: expect.objectContaining({ assessmentId: onOpening.id, assessmentKind: 'mid_term', grade: 'excellent', score: 95.5 }),
        }),
      ]);
      const kinds = detail.body.timeline.map((e: { kind: string }) => e.kind);
      expect(kinds.indexOf('assessment_opened')).toBeLessThan(kinds.indexOf('assessment_result'));
      const audit = await t.http().get(`/api/v1/audit-events?entityType=assessment&entityId=${onOpening.id}`).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('assessment.recorded');

      // A passing grade proposes nothing.
      for (const d of [inA[2].d, inA[3].d, inAuthority.d]) expect((await t.http().get(`/api/v1/adjustments?designationId=${d.id}`).expect(200)).body.items).toEqual([]);
      expect((await list(assessorA, '?status=done')).items.map((x) => x.designationId).sort()).toEqual([inA[2].d.id, inA[3].d.id].sort());
      expect((await list(ADMIN_TOKEN, '?status=done&kind=mid_term')).items).toHaveLength(3);
    });

    it('sends no reminder or escalation for a task already done, and marks only live tasks overdue', async () => {
      const run = async (asOf: string) => (await t.http().post('/api/v1/jobs/assessments/run').send({ asOf }).expect(200)).body.result;
      // 7 mid-terms opened: 3 are done by now, 4 still open.
      expect(await run('2025-12-24')).toMatchObject({ reminders: 4 });
      expect(await run('2026-01-01')).toMatchObject({ overdue: 4 });
      expect(await run('2026-01-14')).toMatchObject({ escalations: 4 });
      const done = await taskOf(inA[2].d.id);
      const mails: Array<{ purpose: string }> = await t.db.query(`SELECT purpose FROM notifications WHERE dedupe_key LIKE $1`, [`%${done.id}`]);
      expect(mails.map((m) => m.purpose)).toEqual(['assessment.opened']);
      // An overdue task can still be recorded.
      t.clock.setDate('2026-01-20');
      const late = await taskOf(inA[0].d.id);
      expect(late.status).toBe('overdue');
      expect((await post(assessorA, late.id, { grade: 'qualified', assessedOn: '2026-01-19' }).expect(200)).body.status).toBe('done');
    });
  });
});
