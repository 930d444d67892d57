import { QueryFailedError } from 'typeorm';
import { Given } from '../support/given';
import { TestClock } from '../support/test-clock';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const WORKSHOPS = '/api/v1/workshops';

interface GrantLine {
  workshopId: string | null;
  kind: string;
  amountFen: number;
  monthIndex: number;
}

/**
 * SPEC §3.3, issue 12 item 3: a chief technician workshop's grant is fixed
 * when it is registered; a later GRANT_* setting applies only to workshops
 * registered after it. One chief technician workshop per designation.
 */
describe('workshops: grants fixed at registration, one chief technician workshop per designation', () => {
  let database: TestDatabase;
  const clock = new TestClock();
  let t: TestApp;
  let given: Given;
  let employer: { id: string };
  let workshop: { id: string; designationId: string };

  const start = async (env: Record<string, string> = {}) => {
    t = await startTestApp({ database, clock, env });
    given = new Given(t);
  };
  const grantLines = async (period: string, workshopId: string): Promise<GrantLine[]> =>
    ((await t.http().get(`/api/v1/payment-runs/${period}/lines?limit=200`).expect(200)).body.items as GrantLine[]).filter((l) => l.workshopId === workshopId);
  const designatedLead = async () => {
    const talent = await given.talent({ employerId: employer.id });
    const designation = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
    return { talentId: talent.id, designationId: designation.id };
  };
  const chief = (leadTalentId: string, extra: Record<string, unknown> = {}) => ({
    kind: 'chief_technician',
    name: '首席技师工作室',
    employerId: employer.id,
    leadTalentId,
    level: 'district',
    namedOn: '2024-10-15',
    ...extra,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    clock.setDate('2024-10-20');
    await start();
    employer = await given.employer();
    const lead = await designatedLead();
    const res = await t.http().post(WORKSHOPS).send(chief(lead.talentId)).expect(201);
    expect(res.body.grantTotalFen).toBe(5_000_000);
    workshop = { id: res.body.id, designationId: lead.designationId };
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('shows grantTotalFen on the workshop, in the list too; null for a craftsman workshop', async () => {
    expect((await t.http().get(`${WORKSHOPS}/${workshop.id}`).expect(200)).body.grantTotalFen).toBe(5_000_000);
    const listed = (await t.http().get(`${WORKSHOPS}?kind=chief_technician&limit=100`).expect(200)).body.items as Array<{ id: string; grantTotalFen: number }>;
    expect(listed.find((w) => w.id === workshop.id)?.grantTotalFen).toBe(5_000_000);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM workshops WHERE kind = 'craftsman_innovation' AND grant_total_fen IS NOT NULL`);
    expect(row.n).toBe(0);
  });

  it('refuses a second chief technician workshop for the same designation: 409 naming the first', async () => {
    const [{ lead_talent_id: leadTalentId }] = await t.db.query(`SELECT lead_talent_id FROM workshops WHERE id = $1`, [workshop.id]);
    const again = await t.http().post(WORKSHOPS).send(chief(leadTalentId, { name: '另一个首席技师工作室', level: 'municipal', namedOn: '2024-11-01' })).expect(409);
    expect(again.body.message).toContain(workshop.designationId);
    expect(again.body.message).toContain(workshop.id);
    // The database refuses it too, whoever inserts it.
    const direct = await t.db
      .query(
        `INSERT INTO workshops (kind, name, employer_id, lead_talent_id, level, named_on, designation_id, grant_total_fen)
         SELECT kind, name || '（重复）', employer_id, lead_talent_id, level, named_on, designation_id, grant_total_fen FROM workshops WHERE id = $1`,
        [workshop.id],
      )
      .then(
        () => undefined,
        (e: QueryFailedError) => (e.driverError as { constraint?: string }).constraint,
      );
    expect(direct).toBe('workshops_one_chief_technician_per_designation');
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM workshops WHERE designation_id = $1`, [workshop.designationId]);
    expect(row.n).toBe(1);
  });

  it('keeps paying the total fixed at registration after a restart with another GRANT_DISTRICT_FEN; new workshops get the new one', async () => {
    clock.setDate('2024-11-02');
    await t.http().post('/api/v1/payment-runs').send({ period: '2024-11' }).expect(200);
    expect(await grantLines('2024-11', workshop.id)).toEqual([expect.objectContaining({ kind: 'grant', amountFen: 1_666_666, monthIndex: 1 })]);

    await t.close();
    await start({ GRANT_DISTRICT_FEN: '6000000' });

    // Re-running the period owes nothing more: no top-up of the instalment already paid.
    const rerun = (await t.http().post('/api/v1/payment-runs').send({ period: '2024-11' }).expect(200)).body;
    expect(rerun.totals.grantFen).toBe(1_666_666);
    expect(await grantLines('2024-11', workshop.id)).toHaveLength(1);

    // The second instalment, a year on: a third of the registered 5,000,000, not of 6,000,000.
    clock.setDate('2025-11-03');
    await t.http().post('/api/v1/payment-runs').send({ period: '2025-11' }).expect(200);
    expect(await grantLines('2025-11', workshop.id)).toEqual([expect.objectContaining({ kind: 'grant', amountFen: 1_666_666, monthIndex: 2 })]);

    const lead = await designatedLead();
    const later = await t.http().post(WORKSHOPS).send(chief(lead.talentId, { namedOn: '2025-11-01' })).expect(201);
    expect(later.body.grantTotalFen).toBe(6_000_000);

    // A lower setting claws nothing back either.
    await t.close();
    await start({ GRANT_DISTRICT_FEN: '3000000' });
    const again = (await t.http().post('/api/v1/payment-runs').send({ period: '2025-11' }).expect(200)).body;
    expect(again.counts.clawback).toBe(0);
    expect(await grantLines('2025-11', workshop.id)).toHaveLength(1);
  });
});
