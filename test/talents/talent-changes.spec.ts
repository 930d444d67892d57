import { Given, idNumberFor } from '../support/given';
import type { TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';
import { districtOfficeWorld } from '../support/world';

interface AuditEvent {
  action: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Issue 12 item 8: people change, on the record. */
describe('talents: changes after registration', () => {
  let t: TestApp;
  let given: Given;

  const auditOf = async (talentId: string): Promise<AuditEvent[]> =>
    (await t.http().get(`/api/v1/audit-events?entityType=talent&entityId=${talentId}`).expect(200)).body.items;
  const updates = async (talentId: string) => (await auditOf(talentId)).filter((e) => e.action === 'talent.updated');
  const runLifecycle = async (asOf: string) => (await t.http().post('/api/v1/jobs/lifecycle/run').send({ asOf }).expect(200)).body.result;
  const adjustmentsOf = async (designationId: string) =>
    (await t.http().get(`/api/v1/adjustments?designationId=${designationId}`).expect(200)).body.items as Array<{ id: string; reason: string; effectiveOn: string; status: string; decidedBy: string | null; decisionComment: string | null }>;

  beforeAll(async () => ({ t, given } = await districtOfficeWorld()));
  afterAll(() => t.close());

  describe('PATCH /talents/{id}', () => {
    it('changes employer, phone and e-mail, and audits only what changed, masked', async () => {
      const [from, to] = [await given.employer(), await given.employer()];
      const person = await given.talent({ employerId: from.id, phone: '13812345678', email: 'a@example.com' });
      const res = await t.http().patch(`/api/v1/talents/${person.id}`).send({ employerId: to.id, phone: '139 8765 4321', email: 'B@Example.com' }).expect(200);
      expect(res.body).toMatchObject({ id: person.id, employerId: to.id, phoneMasked: '139****4321', email: 'b@example.com', honours: [], titles: [] });
      expect(await updates(person.id)).toEqual([
        expect.objectContaining({
          before: { employerId: from.id, phoneMasked: '138****5678', email: 'a@example.com' },
          after: { employerId: to.id, phoneMasked: '139****4321', email: 'b@example.com' },
        }),
      ]);
      expect(JSON.stringify(await auditOf(person.id))).not.toContain('13987654321');
      // The same values again change nothing and write no audit row.
      await t.http().patch(`/api/v1/talents/${person.id}`).send({ employerId: to.id, email: 'b@example.com' }).expect(200);
      expect(await updates(person.id)).toHaveLength(1);
    });

    it('records a new phone whose mask is the old one’s', async () => {
      const person = await given.talent({ phone: '13812345678' });
      await t.http().patch(`/api/v1/talents/${person.id}`).send({ phone: '13899995678' }).expect(200);
      expect(await updates(person.id)).toEqual([expect.objectContaining({ before: { phoneMasked: '138****5678' }, after: { phoneMasked: '138****5678' } })]);
      await t.http().patch(`/api/v1/talents/${person.id}`).send({ phone: '138 9999 5678' }).expect(200);
      expect(await updates(person.id)).toHaveLength(1);
    });

    it('recomputes the statutory retirement date from a new category, audits the category but not the dates', async () => {
      const woman = await given.talent({ birthDate: '1976-01-10', gender: 'female' });
      expect(woman).toMatchObject({ retirementCategory: 'female_worker', statutoryRetirementDate: '2026-08-10' });
      const res = await t.http().patch(`/api/v1/talents/${woman.id}`).send({ retirementCategory: 'female_cadre' }).expect(200);
      expect(res.body).toMatchObject({ retirementCategory: 'female_cadre', statutoryRetirementDate: '2032-08-10', birthDate: '1976-01-10' });
      expect((await t.http().get(`/api/v1/talents/${woman.id}`).expect(200)).body.statutoryRetirementDate).toBe('2032-08-10');
      const [audit] = await updates(woman.id);
      expect(audit).toMatchObject({ before: { retirementCategory: 'female_worker' }, after: { retirementCategory: 'female_cadre' } });
      expect(JSON.stringify(audit)).not.toMatch(/2026-08-10|2032-08-10|1976-01-10/);
    });

    it.each([
      ['an empty body', {}, 400, 'employerId'],
      ['an unknown field', { name: '改名' }, 400, 'name'],
      ['a bad phone', { phone: '12345' }, 400, 'phone'],
      ['a bad e-mail', { email: 'nope' }, 400, 'email'],
      ['an unknown category', { retirementCategory: 'pensioner' }, 400, 'retirementCategory'],
      ['a woman’s category for a man', { retirementCategory: 'female_cadre' }, 400, 'retirementCategory'],
      ['an employer that does not exist', { employerId: '00000000-0000-4000-8000-000000000000' }, 422, 'employerId'],
    ])('refuses %s, naming the field, and changes nothing', async (_what, body, status, field) => {
      const man = await given.talent();
      const res = await t.http().patch(`/api/v1/talents/${man.id}`).send(body).expect(status);
      expect(String(res.body.message)).toContain(field);
      expect(await updates(man.id)).toEqual([]);
    });

    it('refuses the man’s category for a woman, answers 404 for nobody, and is for admin only', async () => {
      const woman = await given.talent({ gender: 'female' });
      expect(String((await t.http().patch(`/api/v1/talents/${woman.id}`).send({ retirementCategory: 'male' }).expect(400)).body.message)).toContain('retirementCategory');
      await t.http().patch('/api/v1/talents/00000000-0000-4000-8000-000000000000').send({ email: 'x@example.com' }).expect(404);
      for (const role of ['finance', 'city_office']) {
        await t.http(await userWithRole(t, role)).patch(`/api/v1/talents/${woman.id}`).send({ email: 'x@example.com' }).expect(403);
      }
    });
  });

  describe('a new category and the lifecycle job', () => {
    it('withdraws a pending retirement proposal whose recomputed date left the term, and proposes again when it comes back', async () => {
      const woman = await given.talent({ birthDate: '1976-01-10', gender: 'female' }); // worker: 2026-08-10
      const d = await given.designation({ talentId: woman.id, designatedOn: '2024-06-15' }); // term to 2027-06-30
      await runLifecycle('2026-07-15');
      const [proposal] = await adjustmentsOf(d.id);
      expect(proposal).toMatchObject({ reason: 'retired', effectiveOn: '2026-08-10', status: 'pending' });

      await t.http().patch(`/api/v1/talents/${woman.id}`).send({ retirementCategory: 'female_cadre' }).expect(200); // 2032-08-10
      expect(await runLifecycle('2026-07-16')).toMatchObject({ retirementProposals: 0, retirementProposalsRevised: 1 });
      expect(await adjustmentsOf(d.id)).toEqual([expect.objectContaining({ id: proposal.id, status: 'rejected', decidedBy: null, decisionComment: expect.stringContaining('退休类别') })]);
      const timeline = (await t.http().get(`/api/v1/designations/${d.id}`).expect(200)).body.timeline as Array<{ kind: string }>;
      expect(timeline.map((e) => e.kind)).toContain('adjustment_withdrawn');
      expect(await runLifecycle('2026-07-17')).toMatchObject({ retirementProposals: 0, retirementProposalsRevised: 0 });

      // Back to the worker's post: the withdrawn proposal does not stop a new one.
      await t.http().patch(`/api/v1/talents/${woman.id}`).send({ retirementCategory: 'female_worker' }).expect(200);
      expect(await runLifecycle('2026-07-18')).toMatchObject({ retirementProposals: 1 });
      expect((await adjustmentsOf(d.id)).filter((a) => a.status === 'pending')).toEqual([expect.objectContaining({ effectiveOn: '2026-08-10' })]);
    });

    it('moves a pending proposal with a stale date to the recomputed one, on the record', async () => {
      const woman = await given.talent({ birthDate: '1971-10-10', gender: 'female', retirementCategory: 'female_cadre' }); // 2027-04-10
      const d = await given.designation({ talentId: woman.id, designatedOn: '2024-06-15' });
      await runLifecycle('2027-03-15');
      const [proposal] = await adjustmentsOf(d.id);
      expect(proposal).toMatchObject({ effectiveOn: '2027-04-10', status: 'pending' });
      // As a proposal made before the category was corrected would stand.
      await t.db.query(`UPDATE adjustments SET effective_on = '2027-05-01' WHERE id = $1`, [proposal.id]);

      expect(await runLifecycle('2027-03-16')).toMatchObject({ retirementProposalsRevised: 1, retirementProposals: 0 });
      expect(await adjustmentsOf(d.id)).toEqual([expect.objectContaining({ id: proposal.id, status: 'pending', effectiveOn: '2027-04-10' })]);
      const audit = (await t.http().get(`/api/v1/audit-events?entityType=adjustment&entityId=${proposal.id}`).expect(200)).body.items as AuditEvent[];
      expect(audit[0]).toMatchObject({ action: 'adjustment.redated', before: expect.objectContaining({ effectiveOn: '2027-05-01' }), after: expect.objectContaining({ effectiveOn: '2027-04-10' }) });
    });
  });

  describe('imports', () => {
    it('records each person the designation import moves to another employer, before and after', async () => {
      const [from, to] = [await given.employer(), await given.employer()];
      const idNumber = idNumberFor('1979-04-12');
      const known = await given.talent({ name: '陈建华', idNumber, employerId: from.id });
      const stays = await given.talent({ name: '周不动', idNumber: idNumberFor('1980-01-02'), employerId: to.id });
      const csv = `name,idNumber,employerCreditCode,cohort,designatedOn\n陈建华,${idNumber},${to.creditCode},2024,2024-06-15\n`;
      await t.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv').send(csv).expect(201);
      expect(await updates(known.id)).toEqual([
        expect.objectContaining({ before: { employerId: from.id }, after: { employerId: to.id, via: 'designations.import' } }),
      ]);
      expect(await updates(stays.id)).toEqual([]);
      expect((await t.http().get(`/api/v1/talents/${known.id}`).expect(200)).body.employerId).toBe(to.id);
    });

    it('records each person whose social-insurance district changes, once, besides the import summary', async () => {
      const [na, nb] = [idNumberFor('1981-02-03'), idNumberFor('1982-03-04')];
      const a = await given.talent({ idNumber: na });
      const b = await given.talent({ idNumber: nb });
      const file = `idNumber,district,since\n${na},青浦区,2025-03-01\n${nb},松江区,2025-04-01\n`;
      const upload = () => t.http().post('/api/v1/social-insurance/import').set('Content-Type', 'text/csv').send(file).expect(200);
      await upload();
      expect(await updates(a.id)).toEqual([
        expect.objectContaining({
          before: { socialInsuranceDistrict: '松江区', socialInsuranceSince: null },
          after: { socialInsuranceDistrict: '青浦区', socialInsuranceSince: '2025-03-01', via: 'social_insurance.import' },
        }),
      ]);
      expect(await updates(b.id)).toEqual([
        expect.objectContaining({ before: { socialInsuranceDistrict: '松江区', socialInsuranceSince: null }, after: expect.objectContaining({ socialInsuranceDistrict: '松江区', socialInsuranceSince: '2025-04-01' }) }),
      ]);
      await upload(); // the same file again changes nobody
      expect([...(await updates(a.id)), ...(await updates(b.id))]).toHaveLength(2);
      const summaries = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'social_insurance.imported'`);
      expect(summaries).toEqual([{ n: 2 }]);
    });
  });
});
