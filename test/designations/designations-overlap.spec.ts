import { cohortRows, toCsv } from '../support/designations-csv';
import { DesignationBody, Given, idNumberFor } from '../support/given';
import type { TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { districtOfficeWorld } from '../support/world';

/**
 * SPEC §3.1 (issue 12): no two designations of one person are in force in the
 * same month, whatever the earlier one's status says; dates are believable;
 * status follows the adjustment dates.
 */
type Designation = DesignationBody & { suspendsOn: string | null; suspendedFrom: string | null; timeline: Array<{ kind: string; onDate: string }> };

describe('designations: one person, one designation a month; believable dates', () => {
  let t: TestApp;
  let given: Given;
  const TODAY = '2026-11-23';

  const designate = (body: Record<string, unknown>) => t.http().post('/api/v1/designations').send(body);
  const now = async (d: { id: string }): Promise<Designation> => (await t.http().get(`/api/v1/designations/${d.id}`).expect(200)).body;
  const runLifecycle = (asOf: string) => t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf }).expect(200);

  async function adjust(d: { id: string }, effectiveOn: string, decision: 'approve' | 'reject' | null = 'approve', reason = 'position_changed'): Promise<string> {
    const a = await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason, effectiveOn }).expect(201);
    if (decision) await t.http().post(`/api/v1/adjustments/${a.body.id}/decision`).send({ decision }).expect(200);
    return a.body.id;
  }

  async function refused(body: Record<string, unknown>, status: number): Promise<string> {
    const res = await designate(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status } });
    return String(res.body.message);
  }

  beforeAll(async () => ({ t, given } = await districtOfficeWorld(['office@example.com'], { clock: new TestClock(TODAY) })));
  afterEach(() => t.clock.setDate(TODAY));
  afterAll(() => t.close());

  describe('overlapping terms', () => {
    it('keeps a designation with a future adjustment active (suspendsOn) and refuses a second one until and after that day for the months in force', async () => {
      // Reproduced: approval flipped it to suspended at once, a second designation was accepted, and both paid the same months.
      const first = await given.designation({ designatedOn: '2025-06-15' });
      expect(first).toMatchObject({ status: 'active', suspendsOn: null });
      await adjust(first, '2027-01-01');
      expect(await now(first)).toMatchObject({ status: 'active', suspendsOn: '2027-01-01', suspendedFrom: null });
      expect(await refused({ talentId: first.talentId, cohort: '2026', designatedOn: '2026-06-15' }, 409)).toContain('active designation');

      await runLifecycle('2027-01-01');
      expect(await now(first)).toMatchObject({ status: 'suspended', suspendsOn: null, suspendedFrom: '2027-01-01' });
      const message = await refused({ talentId: first.talentId, cohort: '2026', designatedOn: '2026-06-15' }, 409);
      expect(message).toContain(first.id);
      expect(message).toContain('2026-07 to 2026-12');
      await refused({ talentId: first.talentId, cohort: '2026', designatedOn: '2026-11-20' }, 409);
      const second = await designate({ talentId: first.talentId, cohort: '2026', designatedOn: '2026-11-20', termStart: '2027-01-01' }).expect(201);
      expect(second.body).toMatchObject({ status: 'active', termStart: '2027-01-01', suspendsOn: null });
    });

    it('refuses to re-designate a suspended designation with the same designatedOn (its paid months are in force)', async () => {
      // Reproduced: 17 arrears months already paid under the first designation were paid again.
      const first = await given.designation({ designatedOn: '2024-06-15' });
      await adjust(first, '2025-12-01');
      expect(await now(first)).toMatchObject({ status: 'suspended', suspendedFrom: '2025-12-01', suspendsOn: null });
      const message = await refused({ talentId: first.talentId, cohort: '2024', designatedOn: '2024-06-15' }, 409);
      expect(message).toMatch(new RegExp(`^talentId: .*${first.id}.*2024-07 to 2025-11`));
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM designations WHERE talent_id = $1', [first.talentId]);
      expect(count).toBe(1);
    });

    it('counts months under a pending adjustment as undecided, hence taken', async () => {
      const first = await given.designation({ designatedOn: '2024-06-15' });
      await adjust(first, '2026-01-01');
      await adjust(first, '2025-06-01', null, 'violation');
      expect(await refused({ talentId: first.talentId, cohort: '2025', designatedOn: '2025-06-15' }, 409)).toContain(first.id);
    });

    it('judges by the dates whatever the earlier status says: a completed designation still holds its months', async () => {
      const first = await given.designation({ designatedOn: '2024-06-15' });
      await t.db.query(`UPDATE designations SET status = 'completed' WHERE id = $1`, [first.id]);
      expect(await refused({ talentId: first.talentId, cohort: '2026', designatedOn: '2026-06-15' }, 409)).toContain(first.id);
    });

    it('lets a person be designated again for months after the earlier term', async () => {
      const first = await given.designation({ designatedOn: '2020-06-15' });
      await runLifecycle('2023-07-01');
      expect((await now(first)).status).toBe('completed');
      await designate({ talentId: first.talentId, cohort: '2023', designatedOn: '2023-06-15' }).expect(201);
    });

    it('refuses an import row that overlaps an earlier designation of a registered person, naming it', async () => {
      const employer = await given.employer();
      const idNumber = idNumberFor('1982-02-02');
      const talent = await given.talent({ idNumber, name: '韩立新', employerId: employer.id });
      const first = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
      await adjust(first, '2025-12-01');
      const csv = toCsv([{ name: '韩立新', idNumber, employerCreditCode: employer.creditCode, cohort: '2024', designatedOn: '2024-06-15' }]);
      const res = await t.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv').send(csv).expect(400);
      expect(res.body.errors).toEqual([{ row: 2, field: 'designatedOn', constraint: 'overlap', message: expect.stringContaining(first.id) }]);
    });
  });

  describe('status follows the dates', () => {
    it('suspends on effectiveOn exactly once, with a timeline event, and leaves assessment tasks open until then', async () => {
      const d = await given.designation({ designatedOn: '2025-03-10' }); // mid-term due 2026-09-30, opens 2026-08-31
      await t.http().post('/api/v1/jobs/assessments/run').send({ asOf: '2026-09-01' }).expect(200);
      const tasks = async () => (await t.http().get(`/api/v1/assessments?designationId=${d.id}`).expect(200)).body.items as Array<{ kind: string; status: string }>;
      expect(await tasks()).toEqual([expect.objectContaining({ kind: 'mid_term', status: 'open' })]);

      await adjust(d, '2026-12-15');
      expect(await now(d)).toMatchObject({ status: 'active', suspendsOn: '2026-12-15' });
      expect(await tasks()).toEqual([expect.objectContaining({ kind: 'mid_term', status: 'open' })]);

      await runLifecycle('2026-12-14');
      expect(await now(d)).toMatchObject({ status: 'active', suspendsOn: '2026-12-15' });
      const first = await runLifecycle('2026-12-15');
      expect(first.body.result.suspended).toBe(1);
      const again = await runLifecycle('2026-12-15');
      expect(again.body.result.suspended).toBe(0);
      const after = await now(d);
      expect(after).toMatchObject({ status: 'suspended', suspendedFrom: '2026-12-15', suspendsOn: null });
      expect(after.timeline.filter((e) => e.kind === 'suspended')).toEqual([expect.objectContaining({ onDate: '2026-12-15' })]);
      expect(await tasks()).toEqual([expect.objectContaining({ kind: 'mid_term', status: 'cancelled' })]);
    });

    it('keeps a completed designation completed when a later adjustment is approved', async () => {
      const d = await given.designation({ designatedOn: '2022-06-15' }); // term ends 2025-06-30
      await runLifecycle('2025-07-01');
      await adjust(d, '2025-01-01');
      expect(await now(d)).toMatchObject({ status: 'completed', suspendsOn: null });
      await runLifecycle(TODAY);
      expect((await now(d)).status).toBe('completed');
    });

    it('shows suspendsOn in lists too', async () => {
      const d = await given.designation({ designatedOn: '2025-08-15', cohort: '2188' });
      await adjust(d, '2027-02-01');
      const list = await t.http().get('/api/v1/designations?cohort=2188').expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: d.id, status: 'active', suspendsOn: '2027-02-01' })]);
    });
  });

  describe('believable dates', () => {
    it('refuses designatedOn 1900-01-01 for a person born in 1981, naming designatedOn', async () => {
      const talent = await given.talent({ birthDate: '1981-04-04' });
      expect(await refused({ talentId: talent.id, cohort: '2016', designatedOn: '1900-01-01' }, 400)).toMatch(/^designatedOn.*2016-01-01/);
    });

    it('accepts EARLIEST_DESIGNATION itself and refuses the day before', async () => {
      const talent = await given.talent();
      await refused({ talentId: talent.id, cohort: '2015', designatedOn: '2015-12-31' }, 400);
      await designate({ talentId: talent.id, cohort: '2016', designatedOn: '2016-01-01' }).expect(201);
    });

    it('refuses a designatedOn after today and accepts today', async () => {
      const talent = await given.talent();
      expect(await refused({ talentId: talent.id, cohort: '2026', designatedOn: '2026-11-24' }, 400)).toMatch(/^designatedOn.*today/);
      await designate({ talentId: talent.id, cohort: '2026', designatedOn: TODAY }).expect(201);
    });

    it('refuses a person not yet 16 on designatedOn, and accepts the 16th birthday', async () => {
      const talent = await given.talent({ birthDate: '2009-05-20' });
      expect(await refused({ talentId: talent.id, cohort: '2025', designatedOn: '2025-05-19' }, 400)).toMatch(/^designatedOn.*16/);
      await designate({ talentId: talent.id, cohort: '2025', designatedOn: '2025-05-20' }).expect(201);
    });

    it('gives the import row errors for the same dates and writes nothing', async () => {
      const employer = await given.employer();
      const list = cohortRows(5, { employerCreditCode: employer.creditCode, cohort: '2024', designatedOn: '2024-06-15' });
      list[1].designatedOn = '1900-01-01';
      list[2].designatedOn = '2026-12-01';
      list[3].idNumber = idNumberFor('2010-01-01');
      list[4].idNumber = idNumberFor('1950-01-01');
      const before = await t.db.query('SELECT count(*)::int AS n FROM designations');
      const res = await t.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv').send(toCsv(list)).expect(400);
      expect(res.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
        [3, 'designatedOn'],
        [4, 'designatedOn'],
        [5, 'designatedOn'],
        [6, 'designatedOn'],
      ]);
      expect(await t.db.query('SELECT count(*)::int AS n FROM designations')).toEqual(before);
    });
  });
});
