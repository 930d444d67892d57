import { DesignationTimeline } from '../../src/modules/designations/designation-timeline';
import { DesignationBody, Given } from '../support/given';
import { userWithRole } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Page {
  items: Array<DesignationBody & { cohort: string; employerId: string; talentName: string }>;
  nextCursor: string | null;
}

describe('designations: rules and listing', () => {
  let t: TestApp;
  let given: Given;
  let finance: string;
  let cityOffice: string;

  const designate = (body: Record<string, unknown>, token?: string | null) => t.http(token).post('/api/v1/designations').send(body);

  /** A designation request that must be refused; returns the message as one string. */
  async function refused(body: Record<string, unknown>, status: number): Promise<string> {
    const res = await designate(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, error: expect.any(String) } });
    return String(res.body.message);
  }

  /** What the lifecycle job or an approved adjustment would do to a designation; neither is reachable through the API yet. */
  const markAs = (d: { id: string }, status: 'suspended' | 'completed') => t.db.query('UPDATE designations SET status = $2 WHERE id = $1', [d.id, status]);

  async function list(query: string, token?: string): Promise<Page> {
    const res = await t.http(token).get(`/api/v1/designations${query}`);
    if (res.status !== 200) throw new Error(`GET /designations${query} gave ${res.status}: ${res.text}`);
    return res.body as Page;
  }

  /** Follows nextCursor to the end and returns every id seen, in order. */
  async function walk(filter: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?${filter}${filter ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await list(query);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return ids;
  }

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    finance = await userWithRole(t, 'finance');
    cityOffice = await userWithRole(t, 'city_office');
  });
  afterAll(() => t.close());

  describe('the term', () => {
    it.each([
      ['2024-06-15', undefined, { termStart: '2024-07-01', termEnd: '2027-06-30', midTermDue: '2025-12-31', endTermDue: '2027-06-30' }],
      ['2024-12-31', undefined, { termStart: '2025-01-01', termEnd: '2027-12-31', midTermDue: '2026-06-30', endTermDue: '2027-12-31' }],
      ['2024-01-31', undefined, { termStart: '2024-02-01', termEnd: '2027-01-31', midTermDue: '2025-07-31', endTermDue: '2027-01-31' }],
      ['2026-08-05', undefined, { termStart: '2026-09-01', termEnd: '2029-08-31', midTermDue: '2028-02-29', endTermDue: '2029-08-31' }],
      ['2024-06-15', '2024-06-01', { termStart: '2024-06-01', termEnd: '2027-05-31', midTermDue: '2025-11-30', endTermDue: '2027-05-31' }],
      ['2024-06-15', '2024-09-01', { termStart: '2024-09-01', termEnd: '2027-08-31', midTermDue: '2026-02-28', endTermDue: '2027-08-31' }],
    ])('a designation named on %s with termStart %s gets its term and due dates', async (designatedOn, termStart, expected) => {
      const d = await given.designation({ designatedOn, termStart });
      expect(d).toMatchObject({ status: 'active', designatedOn, ...expected });
    });

    it.each([
      ['2024-05-01', 'before the month of designatedOn'],
      ['2024-07-15', 'not the first of a month'],
      ['2024-02-30', 'not a real date'],
      ['2024-7-1', 'not written YYYY-MM-DD'],
    ])('refuses termStart %s (%s), naming termStart', async (termStart) => {
      const talent = await given.talent();
      expect(await refused({ talentId: talent.id, cohort: '2024', designatedOn: '2024-06-15', termStart }, 400)).toContain('termStart');
    });
  });

  describe('the monthly allowance', () => {
    it('defaults to 100000 fen and takes an explicit amount', async () => {
      expect((await given.designation()).monthlyAllowanceFen).toBe(100000);
      expect((await given.designation({ monthlyAllowanceFen: 120000 })).monthlyAllowanceFen).toBe(120000);
    });

    it.each([
      ['a fractional amount', 1000.5],
      ['an amount as text', '100000'],
      ['a negative amount', -100],
    ])('refuses %s, naming monthlyAllowanceFen', async (_what, monthlyAllowanceFen) => {
      const talent = await given.talent();
      expect(await refused({ talentId: talent.id, cohort: '2024', designatedOn: '2024-06-15', monthlyAllowanceFen }, 400)).toContain('monthlyAllowanceFen');
    });
  });

  describe('one active designation per person', () => {
    it('refuses a second active designation with 409', async () => {
      const first = await given.designation({ designatedOn: '2024-06-15' });
      const message = await refused({ talentId: first.talentId, cohort: '2025', designatedOn: '2025-03-01' }, 409);
      expect(message).toContain('active designation');
    });

    it('lets exactly one of two simultaneous designations through, never a 5xx', async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const talent = await given.talent();
        const body = { talentId: talent.id, cohort: '2024', designatedOn: '2024-06-15' };
        const statuses = (await Promise.all([designate(body), designate(body)])).map((r) => r.status).sort();
        expect(statuses).toEqual([201, 409]);
        const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM designations WHERE talent_id = $1', [talent.id]);
        expect(count).toBe(1);
      }
    });

    it('allows a new designation once the earlier one is completed or suspended, in months after it', async () => {
      const first = await given.designation({ designatedOn: '2020-06-15' });
      await markAs(first, 'completed');
      const second = await given.designation({ talentId: first.talentId, designatedOn: '2023-06-15' });
      const adjustment = await t.http().post(`/api/v1/designations/${second.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2024-01-01' }).expect(201);
      await t.http().post(`/api/v1/adjustments/${adjustment.body.id}/decision`).send({ decision: 'approve' }).expect(200);
      await given.designation({ talentId: first.talentId, designatedOn: '2024-06-15' });
    });
  });

  describe('who can be designated', () => {
    it('refuses a person who reached the statutory retirement date before designatedOn with 400 naming designatedOn', async () => {
      const retired = await given.talent({ birthDate: '1960-03-08', gender: 'male' });
      expect(retired.statutoryRetirementDate).toBe('2020-03-08');
      const message = await refused({ talentId: retired.id, cohort: '2024', designatedOn: '2024-06-15' }, 400);
      expect(message).toMatch(/^designatedOn: .*retirement/);
    });

    it('draws the line at the retirement date itself: on that day the person is retired', async () => {
      const man = await given.talent({ birthDate: '1964-06-15', gender: 'male' });
      expect(man.statutoryRetirementDate).toBe('2024-06-15');
      await refused({ talentId: man.id, cohort: '2024', designatedOn: '2024-06-15' }, 400);
      await designate({ talentId: man.id, cohort: '2024', designatedOn: '2024-06-14' }).expect(201);
    });

    it('refuses an unknown talent with 422 naming talentId', async () => {
      expect(await refused({ talentId: UNKNOWN_ID, cohort: '2024', designatedOn: '2024-06-15' }, 422)).toContain('talentId');
    });
  });

  describe('bad input', () => {
    let talentId: string;
    beforeAll(async () => {
      talentId = (await given.talent()).id;
    });

    it.each([
      ['designatedOn 2024-02-30', { designatedOn: '2024-02-30' }, 'designatedOn'],
      ['designatedOn in another format', { designatedOn: '15/06/2024' }, 'designatedOn'],
      ['designatedOn as a timestamp', { designatedOn: '2024-06-15T00:00:00Z' }, 'designatedOn'],
      ['a missing designatedOn', { designatedOn: undefined }, 'designatedOn'],
      ['cohort abc', { cohort: 'abc' }, 'cohort'],
      ['cohort as a number', { cohort: 2024 }, 'cohort'],
      ['a missing cohort', { cohort: undefined }, 'cohort'],
      ['a malformed talentId', { talentId: 'abc' }, 'talentId'],
      ['a missing talentId', { talentId: undefined }, 'talentId'],
      ['an unknown field', { status: 'completed' }, 'status'],
    ])('refuses %s with a 400 naming the field', async (_what, fields, field) => {
      const message = await refused({ talentId, cohort: '2024', designatedOn: '2024-06-15', ...fields }, 400);
      expect(message).toContain(field);
    });

    it('writes nothing for a refused designation', async () => {
      await refused({ talentId, cohort: 'abc', designatedOn: '2024-06-15' }, 400);
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM designations WHERE talent_id = $1', [talentId]);
      expect(count).toBe(0);
    });

    it('is for the district office only', async () => {
      await designate({ talentId, cohort: '2024', designatedOn: '2024-06-15' }, finance).expect(403);
      await designate({ talentId, cohort: '2024', designatedOn: '2024-06-15' }, cityOffice).expect(403);
      await designate({ talentId, cohort: '2024', designatedOn: '2024-06-15' }, null).expect(401);
    });
  });

  describe('listing', () => {
    let employerA: string;
    let employerB: string;
    let ofA: DesignationBody[];
    let ofB: DesignationBody[];

    beforeAll(async () => {
      employerA = (await given.employer()).id;
      employerB = (await given.employer()).id;
      ofA = [];
      ofB = [];
      for (let i = 0; i < 4; i++) ofA.push(await given.designation({ talentId: (await given.talent({ employerId: employerA })).id, designatedOn: '2021-09-10' }));
      for (let i = 0; i < 3; i++) ofB.push(await given.designation({ talentId: (await given.talent({ employerId: employerB })).id, designatedOn: '2022-09-10' }));
      await markAs(ofA[1], 'suspended');
    });

    it('filters by cohort, employer and status', async () => {
      expect((await list('?cohort=2021')).items.map((d) => d.id)).toEqual(ofA.map((d) => d.id));
      expect((await list(`?employerId=${employerB}`)).items.map((d) => d.id)).toEqual(ofB.map((d) => d.id));
      expect((await list('?status=suspended&cohort=2021')).items.map((d) => d.id)).toEqual([ofA[1].id]);
      expect((await list('?status=completed&cohort=2021')).items).toEqual([]);
      expect((await list(`?status=active&employerId=${employerA}`)).items.map((d) => d.id)).toEqual([ofA[0].id, ofA[2].id, ofA[3].id]);
      expect((await list('?cohort=1999')).items).toEqual([]);
      expect((await list(`?employerId=${UNKNOWN_ID}`)).items).toEqual([]);
    });

    it('searches by the start of the person’s name; LIKE wildcards in the search are plain characters', async () => {
      const talent = await given.talent({ name: '欧阳_百分%之百' });
      const d = await given.designation({ talentId: talent.id, designatedOn: '2020-09-10' });
      expect((await list('?name=' + encodeURIComponent('欧阳_'))).items.map((x) => x.id)).toEqual([d.id]);
      expect((await list('?name=' + encodeURIComponent('欧阳_百分%'))).items.map((x) => x.id)).toEqual([d.id]);
      expect((await list('?name=' + encodeURIComponent('欧阳x'))).items).toEqual([]);
      expect((await list('?name=' + encodeURIComponent('_'))).items).toEqual([]);
      expect((await list('?name=' + encodeURIComponent('%'))).items).toEqual([]);
      await t.http().get('/api/v1/designations?name=' + 'x'.repeat(51)).expect(400);
    });

    it('shows each designation with its person, employer and term', async () => {
      const [first] = (await list(`?employerId=${employerA}&limit=1`)).items;
      expect(first).toMatchObject({ id: ofA[0].id, talentId: ofA[0].talentId, employerId: employerA, cohort: '2021', designatedOn: '2021-09-10', termStart: '2021-10-01', termEnd: '2024-09-30', status: 'active' });
      expect(first.talentName).toEqual(expect.any(String));
    });

    it('walks every designation exactly once with ?limit=2', async () => {
      const walked = await walk('', 2);
      const all: Array<{ id: string }> = await t.db.query('SELECT id FROM designations');
      expect(new Set(walked).size).toBe(walked.length);
      expect([...walked].sort()).toEqual(all.map((r) => r.id).sort());
      expect(await walk('cohort=2021', 2)).toEqual(ofA.map((d) => d.id));
      expect(await walk(`employerId=${employerB}`, 2)).toEqual(ofB.map((d) => d.id));
    });

    it('ends with a null cursor on the last page', async () => {
      const page = await list(`?employerId=${employerB}&limit=3`);
      expect(page.items).toHaveLength(3);
      expect(page.nextCursor).toBeNull();
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${Buffer.from('["x"]').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('["not a time","not a uuid"]').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor'],
      ['status=retired', 'status'],
      ['cohort=abc', 'cohort'],
      ['employerId=abc', 'employerId'],
      ['colour=red', 'colour'],
    ])('refuses ?%s with a 400', async (query, field) => {
      const res = await t.http().get(`/api/v1/designations?${query}`).expect(400);
      expect(String(res.body.message)).toContain(field);
    });

    it('lets finance list and read, but not the city office or an anonymous caller', async () => {
      expect((await list('?cohort=2022', finance)).items).toHaveLength(3);
      await t.http(finance).get(`/api/v1/designations/${ofB[0].id}`).expect(200);
      await t.http(cityOffice).get('/api/v1/designations').expect(403);
      await t.http(cityOffice).get(`/api/v1/designations/${ofB[0].id}`).expect(403);
      await t.http(null).get('/api/v1/designations').expect(401);
    });
  });

  describe('one designation with its timeline', () => {
    it('shows the designation and everything that happened to it, oldest first', async () => {
      const d = await given.designation({ designatedOn: '2024-06-15', cohort: '2024' });
      const timeline = t.app.get(DesignationTimeline);
      await timeline.append(t.db.manager, d.id, { kind: 'note', onDate: '2025-01-10', summary: '岗位调整为数控车间主任' });
      t.clock.advance(60_000);
      await timeline.append(t.db.manager, d.id, { kind: 'annual_review', onDate: '2025-06-30', summary: '2025 年度日常考查：合格' });
      const res = await t.http().get(`/api/v1/designations/${d.id}`).expect(200);
      expect(res.body).toMatchObject({ id: d.id, talentId: d.talentId, status: 'active', termStart: '2024-07-01', termEnd: '2027-06-30' });
      expect(res.body.timeline.map((e: { kind: string; onDate: string }) => [e.kind, e.onDate])).toEqual([
        ['designated', '2024-06-15'],
        ['note', '2025-01-10'],
        ['annual_review', '2025-06-30'],
      ]);
      expect(res.body.timeline[0]).toEqual({ at: expect.any(String), onDate: '2024-06-15', kind: 'designated', summary: expect.stringContaining('2024'), data: expect.objectContaining({ cohort: '2024' }) });
    });

    it('records the designation in the audit trail', async () => {
      const d = await given.designation();
      const res = await t.http().get(`/api/v1/audit-events?entityType=designation&entityId=${d.id}`).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ action: 'designation.created', after: expect.objectContaining({ id: d.id, status: 'active' }) })]);
    });

    it('answers an unknown designation with 404 and a malformed id with 400', async () => {
      await t.http().get(`/api/v1/designations/${UNKNOWN_ID}`).expect(404);
      const res = await t.http().get('/api/v1/designations/123').expect(400);
      expect(res.body.message).toBe('id must be a UUID');
    });
  });
});
