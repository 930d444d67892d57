import { ADJUSTMENT_REASONS } from '../../src/modules/adjustments/adjustment-reasons';
import { DesignationBody, Given } from '../support/given';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const OFFICE_MAIL = 'office@songjiang.example';

interface Adjustment {
  id: string;
  designationId: string;
  reason: string;
  effectiveOn: string;
  status: string;
  source: string;
}

interface AuditEvent {
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('adjustments (动态调整)', () => {
  let t: TestApp;
  let given: Given;

  beforeAll(async () => ({ t, given } = await districtOfficeWorld([OFFICE_MAIL])));
  afterAll(() => t.close());

  // A designation named 2024-06-15: term 2024-07-01 .. 2027-06-30.
  const aDesignation = () => given.designation({ designatedOn: '2024-06-15' });

  const propose = (d: { id: string }, body: Record<string, unknown>) => t.http().post(`/api/v1/designations/${d.id}/adjustments`).send(body);

  async function proposed(d: { id: string }, reason: string, effectiveOn = '2025-03-01'): Promise<Adjustment> {
    const res = await propose(d, { reason, effectiveOn }).expect(201);
    return res.body as Adjustment;
  }

  const decide = (a: { id: string }, decision: string, comment?: string) =>
    t.http().post(`/api/v1/adjustments/${a.id}/decision`).send(comment === undefined ? { decision } : { decision, comment });

  async function designationNow(d: { id: string }) {
    return (await t.http().get(`/api/v1/designations/${d.id}`).expect(200)).body as DesignationBody & {
      suspendedFrom: string | null;
      timeline: Array<{ kind: string; onDate: string; data: Record<string, unknown> }>;
    };
  }

  const timelineKinds = async (d: { id: string }) => (await designationNow(d)).timeline.map((e) => e.kind);

  async function auditOf(a: { id: string }): Promise<AuditEvent[]> {
    const res = await t.http().get(`/api/v1/audit-events?entityType=adjustment&entityId=${a.id}`).expect(200);
    return res.body.items as AuditEvent[];
  }

  async function mailsAbout(a: { id: string }): Promise<Array<{ to_addresses: string[]; subject: string }>> {
    return t.db.query(`SELECT to_addresses, subject FROM notifications WHERE dedupe_key = $1`, [`adjustment.proposed:${a.id}`]);
  }

  async function pendingOf(d: { id: string }): Promise<Adjustment[]> {
    const res = await t.http().get(`/api/v1/adjustments?status=pending&designationId=${d.id}`).expect(200);
    return res.body.items as Adjustment[];
  }

  const proposalMailCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM notifications WHERE purpose = 'adjustment.proposed'`))[0].n);

  async function tokenFor(role: string, organizationId?: string): Promise<string> {
    const res = await t.http().post('/api/v1/users').send({ name: `${role} 用户`, role, organizationId }).expect(201);
    return res.body.token as string;
  }

  describe('proposing one by hand', () => {
    it.each(ADJUSTMENT_REASONS)('records a pending %s adjustment from the district office', async (reason) => {
      const d = await aDesignation();
      const res = await propose(d, { reason, effectiveOn: '2025-03-01', note: '  单位来函  ', evidence: '松江区某单位函〔2025〕3号' }).expect(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        designationId: d.id,
        talentId: d.talentId,
        status: 'pending',
        reason,
        effectiveOn: '2025-03-01',
        source: 'manual',
        note: '单位来函',
        evidence: '松江区某单位函〔2025〕3号',
        decidedBy: null,
        decidedAt: null,
      });
    });

    it('sends no e-mail for a proposal the office made itself', async () => {
      const d = await aDesignation();
      const before = await proposalMailCount();
      const a = await proposed(d, 'violation');
      expect(await mailsAbout(a)).toEqual([]);
      expect(await proposalMailCount()).toBe(before);
    });

    it('refuses a second proposal of the same reason while one is pending, but takes a different reason', async () => {
      const d = await aDesignation();
      await proposed(d, 'position_changed', '2025-03-01');
      const again = await propose(d, { reason: 'position_changed', effectiveOn: '2025-05-01' }).expect(409);
      expect(again.body.message).toMatch(/reason/);
      await proposed(d, 'deceased', '2025-05-01');
      expect((await pendingOf(d)).map((a) => a.reason).sort()).toEqual(['deceased', 'position_changed']);
    });

    it('takes effectiveOn from designatedOn up to termEnd and refuses dates outside (422 naming the rule)', async () => {
      const d = await aDesignation();
      await proposed(d, 'violation', '2024-06-15');
      await proposed(d, 'other', '2027-06-30');
      for (const effectiveOn of ['2024-06-14', '2027-07-01']) {
        const res = await propose(d, { reason: 'deceased', effectiveOn }).expect(422);
        expect(res.body.message).toMatch(/effectiveOn/);
      }
      expect(await pendingOf(d)).toHaveLength(2);
    });

    it('takes only one of two simultaneous proposals of the same reason', async () => {
      const d = await aDesignation();
      const results = await Promise.all([propose(d, { reason: 'deceased', effectiveOn: '2025-03-01' }), propose(d, { reason: 'deceased', effectiveOn: '2025-04-01' })]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await pendingOf(d)).toHaveLength(1);
    });

    it('answers 404 for a designation that does not exist and 400 for an id that is no UUID', async () => {
      await propose({ id: UNKNOWN_ID }, { reason: 'other', effectiveOn: '2025-03-01' }).expect(404);
      const res = await propose({ id: 'not-a-uuid' }, { reason: 'other', effectiveOn: '2025-03-01' }).expect(400);
      expect(res.body.message).toMatch(/id/);
    });

    it.each([
      ['an unknown reason', { reason: 'retired_early', effectiveOn: '2025-03-01' }, 'reason'],
      ['no reason', { effectiveOn: '2025-03-01' }, 'reason'],
      ['a date that does not exist', { reason: 'other', effectiveOn: '2024-02-30' }, 'effectiveOn'],
      ['a date in another format', { reason: 'other', effectiveOn: '2025/03/01' }, 'effectiveOn'],
      ['a number for the date', { reason: 'other', effectiveOn: 20250301 }, 'effectiveOn'],
      ['no date', { reason: 'other' }, 'effectiveOn'],
      ['a number for the note', { reason: 'other', effectiveOn: '2025-03-01', note: 5 }, 'note'],
      ['an empty evidence text', { reason: 'other', effectiveOn: '2025-03-01', evidence: '' }, 'evidence'],
      ['an unknown field', { reason: 'other', effectiveOn: '2025-03-01', approvedBy: 'me' }, 'approvedBy'],
    ])('answers 400 naming the field for %s', async (_what, body, field) => {
      const d = await aDesignation();
      const res = await propose(d, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await pendingOf(d)).toEqual([]);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const d = await aDesignation();
      await t.http().post(`/api/v1/designations/${d.id}/adjustments`).set('Content-Type', 'application/json').send('{"reason": ').expect(400);
      await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send([{ reason: 'other', effectiveOn: '2025-03-01' }]).expect(400);
    });
  });

  describe('listing', () => {
    it('filters by status and designation', async () => {
      const d = await aDesignation();
      const other = await aDesignation();
      const violation = await proposed(d, 'violation');
      const deceased = await proposed(d, 'deceased');
      await proposed(other, 'deceased');
      await decide(violation, 'reject').expect(200);

      expect((await pendingOf(d)).map((a) => a.id)).toEqual([deceased.id]);
      const rejected = await t.http().get(`/api/v1/adjustments?status=rejected&designationId=${d.id}`).expect(200);
      expect(rejected.body.items).toEqual([expect.objectContaining({ id: violation.id, status: 'rejected' })]);
      const all = await t.http().get(`/api/v1/adjustments?designationId=${d.id}`).expect(200);
      expect(all.body.items.map((a: Adjustment) => a.id)).toEqual([violation.id, deceased.id]);
      expect(all.body.nextCursor).toBeNull();
    });

    it('counts adjustments per status, as the tabs show them, each status the list would give', async () => {
      const counts = async () => (await t.http().get('/api/v1/adjustments/counts').expect(200)).body.byStatus as Record<string, number>;
      const before = await counts();
      expect(Object.keys(before).sort()).toEqual(['approved', 'pending', 'rejected']);
      const d = await aDesignation();
      const violation = await proposed(d, 'violation');
      await proposed(d, 'deceased');
      await decide(violation, 'reject').expect(200);
      expect(await counts()).toEqual({ pending: before.pending + 1, approved: before.approved, rejected: before.rejected + 1 });
      const listed = async (status: string) => {
        let n = 0;
        for (let cursor: string | null = null, first = true; first || cursor; first = false) {
          const page: { items: unknown[]; nextCursor: string | null } = (await t.http().get(`/api/v1/adjustments?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200)).body;
          n += page.items.length;
          cursor = page.nextCursor;
        }
        return n;
      };
      const now = await counts();
      for (const status of ['pending', 'approved', 'rejected']) expect(await listed(status)).toBe(now[status]);
      await t.http(await tokenFor('finance')).get('/api/v1/adjustments/counts').expect(403);
    });

    it('walks every adjustment exactly once, one page at a time', async () => {
      const d = await aDesignation();
      for (const reason of ['violation', 'position_changed', 'deceased', 'other']) await proposed(d, reason);

      const walk = async (query: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { body: { items: Adjustment[]; nextCursor: string | null } } = await t
            .http()
            .get(`/api/v1/adjustments?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`)
            .expect(200);
          expect(res.body.items.length).toBeLessThanOrEqual(1);
          seen.push(...res.body.items.map((a) => a.id));
          cursor = res.body.nextCursor;
        } while (cursor !== null);
        return seen;
      };

      const mine = await walk(`&designationId=${d.id}`);
      expect(mine).toHaveLength(4);
      expect(new Set(mine).size).toBe(4);
      const everything = (await t.http().get('/api/v1/adjustments?limit=200').expect(200)).body.items.map((a: Adjustment) => a.id);
      expect(await walk('')).toEqual(everything);
    });

    it.each([
      ['status=undecided', 'status'],
      ['designationId=42', 'designationId'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['colour=red', 'colour'],
    ])('answers 400 naming the parameter for ?%s', async (query, field) => {
      const res = await t.http().get(`/api/v1/adjustments?${query}`).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });
  });

  describe('deciding', () => {
    it('suspends the designation from effectiveOn on approval and shows it on the timeline', async () => {
      const d = await aDesignation();
      const a = await proposed(d, 'moved_out_of_district', '2025-04-10');
      const res = await decide(a, 'approve', '情况属实，同意中止').expect(200);
      expect(res.body).toMatchObject({ id: a.id, status: 'approved', decidedBy: expect.any(String), decisionComment: '情况属实，同意中止' });

      const now = await designationNow(d);
      expect(now).toMatchObject({ status: 'suspended', suspendedFrom: '2025-04-10' });
      expect(now.timeline.map((e) => e.kind)).toEqual(['designated', 'adjustment_proposed', 'suspended']);
      expect(now.timeline[2].data).toMatchObject({ adjustmentId: a.id, effectiveOn: '2025-04-10' });
    });

    it('leaves the designation active on rejection, and the same reason can be proposed again', async () => {
      const d = await aDesignation();
      const a = await proposed(d, 'violation');
      expect((await decide(a, 'reject').expect(200)).body.status).toBe('rejected');

      const now = await designationNow(d);
      expect(now).toMatchObject({ status: 'active', suspendedFrom: null });
      expect(now.timeline.map((e) => e.kind)).toEqual(['designated', 'adjustment_proposed', 'adjustment_rejected']);
      const again = await proposed(d, 'violation', '2025-08-01');
      expect(again.id).not.toBe(a.id);
      expect((await pendingOf(d)).map((p) => p.id)).toEqual([again.id]);
    });

    it.each([
      ['approve', 'approve'],
      ['approve', 'reject'],
      ['reject', 'approve'],
      ['reject', 'reject'],
    ])('refuses to decide twice (%s, then %s: 409)', async (first, second) => {
      const d = await aDesignation();
      const a = await proposed(d, 'other');
      await decide(a, first).expect(200);
      const res = await decide(a, second).expect(409);
      expect(res.body.message).toMatch(/already/);
      const all = await t.http().get(`/api/v1/adjustments?designationId=${d.id}`).expect(200);
      expect(all.body.items[0].status).toBe(first === 'approve' ? 'approved' : 'rejected');
    });

    it('lets exactly one of two simultaneous decisions through', async () => {
      const d = await aDesignation();
      const a = await proposed(d, 'deceased', '2025-02-01');
      const results = await Promise.all([decide(a, 'approve'), decide(a, 'reject')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body.status as string;
      const now = await designationNow(d);
      expect(now.status).toBe(winner === 'approved' ? 'suspended' : 'active');
      expect(now.timeline.filter((e) => e.kind === 'suspended' || e.kind === 'adjustment_rejected')).toHaveLength(1);
      expect((await auditOf(a)).filter((e) => e.action !== 'adjustment.proposed')).toHaveLength(1);
    });

    it('moves suspendedFrom earlier when an earlier adjustment is approved, never later', async () => {
      const d = await aDesignation();
      const june = await proposed(d, 'position_changed', '2025-06-01');
      const march = await proposed(d, 'violation', '2025-03-01');
      const september = await proposed(d, 'deceased', '2025-09-01');

      await decide(june, 'approve').expect(200);
      expect((await designationNow(d)).suspendedFrom).toBe('2025-06-01');
      await decide(march, 'approve').expect(200);
      expect((await designationNow(d)).suspendedFrom).toBe('2025-03-01');
      await decide(september, 'approve').expect(200);
      expect(await designationNow(d)).toMatchObject({ status: 'suspended', suspendedFrom: '2025-03-01' });
    });

    it('answers 404 for an adjustment that does not exist', async () => {
      await decide({ id: UNKNOWN_ID }, 'approve').expect(404);
    });

    it.each([
      ['an unknown decision', { decision: 'maybe' }, 'decision'],
      ['no decision', {}, 'decision'],
      ['a number for the comment', { decision: 'approve', comment: 1 }, 'comment'],
      ['an unknown field', { decision: 'approve', effectiveOn: '2025-01-01' }, 'effectiveOn'],
    ])('answers 400 naming the field for %s, and decides nothing', async (_what, body, field) => {
      const d = await aDesignation();
      const a = await proposed(d, 'other');
      const res = await t.http().post(`/api/v1/adjustments/${a.id}/decision`).send(body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect((await pendingOf(d)).map((p) => p.id)).toEqual([a.id]);
    });
  });

  describe('audit trail', () => {
    it('records the proposal and the approval with before and after, by the deciding user', async () => {
      const d = await aDesignation();
      const a = await proposed(d, 'violation', '2025-03-01');
      await decide(a, 'approve').expect(200);

      const events = await auditOf(a);
      expect(events.map((e) => e.action)).toEqual(['adjustment.approved', 'adjustment.proposed']); // newest first
      const [approved, proposal] = events;
      expect(proposal).toMatchObject({ actor: expect.stringMatching(/^user:[0-9a-f-]{36}$/), before: null, after: { id: a.id, status: 'pending', reason: 'violation' } });
      expect(approved).toMatchObject({
        actor: proposal.actor,
        before: { id: a.id, status: 'pending' },
        after: { id: a.id, status: 'approved', effectiveOn: '2025-03-01', decidedBy: proposal.actor.slice('user:'.length) },
      });
    });

    it('records a rejection', async () => {
      const d = await aDesignation();
      const a = await proposed(d, 'other');
      await decide(a, 'reject', '证据不足').expect(200);
      const [rejected] = await auditOf(a);
      expect(rejected).toMatchObject({ action: 'adjustment.rejected', before: { status: 'pending' }, after: { status: 'rejected', decisionComment: '证据不足' } });
    });
  });

  describe('who may', () => {
    let financeToken: string;
    let assessorToken: string;
    let d: DesignationBody;
    let a: Adjustment;

    beforeAll(async () => {
      const street = await given.street();
      financeToken = await tokenFor('finance');
      assessorToken = await tokenFor('assessor', street.id);
      d = await aDesignation();
      a = await proposed(d, 'other');
    });

    it.each(['finance', 'assessor'])('refuses the %s role (403) everywhere', async (role) => {
      const token = role === 'finance' ? financeToken : assessorToken;
      await t.http(token).post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2025-03-01' }).expect(403);
      await t.http(token).get('/api/v1/adjustments').expect(403);
      await t.http(token).post(`/api/v1/adjustments/${a.id}/decision`).send({ decision: 'approve' }).expect(403);
      await t.http(token).post(`/api/v1/designations/${d.id}/annual-reviews`).send({ year: 2025, grade: 'qualified', reviewedOn: '2025-12-20' }).expect(403);
      expect((await pendingOf(d)).map((p) => p.id)).toEqual([a.id]);
    });

    it.each([
      ['no token', null],
      ['a token nobody was given', 'sjct_not_a_real_token_000000000000'],
    ])('answers 401 to a request with %s', async (_what, token) => {
      await t.http(token).post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2025-03-01' }).expect(401);
      await t.http(token).get('/api/v1/adjustments').expect(401);
      await t.http(token).post(`/api/v1/adjustments/${a.id}/decision`).send({ decision: 'approve' }).expect(401);
      await t.http(token).post(`/api/v1/designations/${d.id}/annual-reviews`).send({ year: 2025, grade: 'qualified', reviewedOn: '2025-12-20' }).expect(401);
    });
  });

  describe('annual reviews (日常考查)', () => {
    const review = (d: { id: string }, body: Record<string, unknown>) => t.http().post(`/api/v1/designations/${d.id}/annual-reviews`).send(body);

    afterEach(() => t.clock.setDate('2026-11-23'));

    it('records a review and shows it on the timeline', async () => {
      const d = await aDesignation();
      const res = await review(d, { year: 2025, grade: 'excellent', reviewedOn: '2025-12-20' }).expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), designationId: d.id, year: 2025, grade: 'excellent', reviewedOn: '2025-12-20', proposedAdjustmentId: null });
      const now = await designationNow(d);
      expect(now.timeline.map((e) => e.kind)).toEqual(['designated', 'annual_review']);
      expect(now.timeline[1]).toMatchObject({ onDate: '2025-12-20', data: { year: 2025, grade: 'excellent' } });
      expect(await pendingOf(d)).toEqual([]);
    });

    it('refuses a second review for the same year (409)', async () => {
      const d = await aDesignation();
      await review(d, { year: 2025, grade: 'qualified', reviewedOn: '2025-12-20' }).expect(201);
      const res = await review(d, { year: 2025, grade: 'excellent', reviewedOn: '2025-12-28' }).expect(409);
      expect(res.body.message).toMatch(/year/);
    });

    it.each([2023, 2028])('refuses the year %i, outside the 2024-2027 term (422)', async (year) => {
      const d = await aDesignation();
      const res = await review(d, { year, grade: 'qualified', reviewedOn: '2025-12-20' }).expect(422);
      expect(res.body.message).toMatch(/year/);
    });

    it('takes only one of two simultaneous reviews of the same year', async () => {
      const d = await aDesignation();
      const body = { year: 2025, grade: 'unqualified', reviewedOn: '2025-12-20' };
      const results = await Promise.all([review(d, body), review(d, body)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await pendingOf(d)).toHaveLength(1);
    });

    it('refuses a review dated before the designation (422)', async () => {
      const d = await aDesignation();
      const res = await review(d, { year: 2024, grade: 'qualified', reviewedOn: '2024-06-14' }).expect(422);
      expect(res.body.message).toMatch(/reviewedOn/);
    });

    it('refuses a review dated after today (422) and takes one dated today', async () => {
      t.clock.setDate('2025-12-20');
      const d = await aDesignation();
      const res = await review(d, { year: 2025, grade: 'qualified', reviewedOn: '2025-12-21' }).expect(422);
      expect(res.body.message).toMatch(/reviewedOn/);
      await review(d, { year: 2025, grade: 'qualified', reviewedOn: '2025-12-20' }).expect(201);
    });

    it.each([
      ['an unknown grade', { year: 2025, grade: 'good', reviewedOn: '2025-12-20' }, 'grade'],
      ['the grade in Chinese', { year: 2025, grade: '合格', reviewedOn: '2025-12-20' }, 'grade'],
      ['a year written as text', { year: '2025', grade: 'qualified', reviewedOn: '2025-12-20' }, 'year'],
      ['a fractional year', { year: 2025.5, grade: 'qualified', reviewedOn: '2025-12-20' }, 'year'],
      ['no year', { grade: 'qualified', reviewedOn: '2025-12-20' }, 'year'],
      ['a date that does not exist', { year: 2025, grade: 'qualified', reviewedOn: '2025-02-30' }, 'reviewedOn'],
      ['an unknown field', { year: 2025, grade: 'qualified', reviewedOn: '2025-12-20', score: 90 }, 'score'],
    ])('answers 400 naming the field for %s', async (_what, body, field) => {
      const d = await aDesignation();
      const res = await review(d, body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('answers 404 for a designation that does not exist', async () => {
      await review({ id: UNKNOWN_ID }, { year: 2025, grade: 'qualified', reviewedOn: '2025-12-20' }).expect(404);
    });

    it('proposes annual_review_failed on an unqualified review and mails the district office once', async () => {
      const talent = await given.talent();
      const d = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
      const res = await review(d, { year: 2024, grade: 'unqualified', reviewedOn: '2024-12-28' }).expect(201);

      const [pending] = await pendingOf(d);
      expect(pending).toMatchObject({ id: res.body.proposedAdjustmentId, reason: 'annual_review_failed', effectiveOn: '2024-12-28', source: 'annual_review', status: 'pending' });
      const mails = await mailsAbout(pending);
      expect(mails).toEqual([{ to_addresses: [OFFICE_MAIL], subject: expect.stringContaining(talent.name as string) }]);
      expect(await timelineKinds(d)).toEqual(['designated', 'annual_review', 'adjustment_proposed']);

      const mailsBefore = await proposalMailCount();
      const second = await review(d, { year: 2025, grade: 'unqualified', reviewedOn: '2025-12-20' }).expect(201);
      expect(second.body.proposedAdjustmentId).toBeNull();
      expect((await pendingOf(d)).map((a) => a.id)).toEqual([pending.id]);
      expect(await proposalMailCount()).toBe(mailsBefore);
      expect(await timelineKinds(d)).toEqual(['designated', 'annual_review', 'adjustment_proposed', 'annual_review']);
    });
  });
});
