import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';

/**
 * The employer's own desk (SPEC §4, issue 16 item 5): its people's designations,
 * their payment lines, its workshops and their grant lines, and the annual
 * reviews (日常考查) it records for its own designations. Another employer's
 * are 404, never its data.
 */
const API = '/api/v1';

describe('employer desk: its own people, money, workshops and annual reviews', () => {
  let t: TestApp;
  let given: Given;
  const clock = new TestClock('2024-10-20');
  let mine: { id: string };
  let theirs: { id: string };
  let token: string;
  let own: { id: string };
  let other: { id: string };
  let workshop: { id: string };
  let otherWorkshop: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    given = new Given(t);
    mine = await given.employer();
    theirs = await given.employer();
    token = (await t.http().post(`${API}/users`).send({ name: '人事处', role: 'employer', organizationId: mine.id }).expect(201)).body.token;
    const ownTalent = await given.talent({ employerId: mine.id });
    own = await given.designation({ talentId: ownTalent.id, designatedOn: '2024-06-15' });
    other = await given.designation({ talentId: (await given.talent({ employerId: theirs.id })).id, designatedOn: '2024-06-15' });
    const chief = (employerId: string, leadTalentId: string) => ({ kind: 'chief_technician', name: '首席技师工作室', employerId, leadTalentId, level: 'district', namedOn: '2024-10-15' });
    workshop = (await t.http().post(`${API}/workshops`).send(chief(mine.id, ownTalent.id)).expect(201)).body;
    const otherLead = (await t.http().get(`${API}/designations/${other.id}`).expect(200)).body.talentId;
    otherWorkshop = (await t.http().post(`${API}/workshops`).send(chief(theirs.id, otherLead)).expect(201)).body;
    clock.setDate('2024-12-05');
    await t.http().post(`${API}/payment-runs`).send({ period: '2024-11' }).expect(200);
  });
  afterAll(() => t?.close());

  it('lists only its own people’s designations, whatever employerId it asks for', async () => {
    const list = (await t.http(token).get(`${API}/designations`).expect(200)).body.items as Array<{ id: string }>;
    expect(list.map((d) => d.id)).toEqual([own.id]);
    expect((await t.http(token).get(`${API}/designations?employerId=${theirs.id}`).expect(200)).body.items).toEqual([]);
    await t.http(token).get(`${API}/designations/${own.id}`).expect(200);
    await t.http(token).get(`${API}/designations/${other.id}`).expect(404);
  });

  it('reads its own people’s payment lines and its workshops’ grant lines', async () => {
    const lines = (await t.http(token).get(`${API}/designations/${own.id}/payments`).expect(200)).body.items as Array<{ kind: string; amountFen: number }>;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => ['regular', 'arrears'].includes(l.kind))).toBe(true);
    await t.http(token).get(`${API}/designations/${other.id}/payments`).expect(404);
    const grants = (await t.http(token).get(`${API}/workshops/${workshop.id}/payments`).expect(200)).body.items as Array<{ kind: string; amountFen: number }>;
    expect(grants).toEqual([expect.objectContaining({ kind: 'grant', amountFen: Math.floor(5_000_000 / 3) })]);
    await t.http(token).get(`${API}/workshops/${otherWorkshop.id}/payments`).expect(404);
  });

  it('sees only its own workshops', async () => {
    const list = (await t.http(token).get(`${API}/workshops`).expect(200)).body.items as Array<{ id: string }>;
    expect(list.map((w) => w.id)).toEqual([workshop.id]);
    await t.http(token).get(`${API}/workshops/${workshop.id}`).expect(200);
    await t.http(token).get(`${API}/workshops/${otherWorkshop.id}`).expect(404);
  });

  it('records the annual review of its own designations (003 五(一)); another’s is 404', async () => {
    const review = await t.http(token).post(`${API}/designations/${own.id}/annual-reviews`).send({ year: 2024, grade: 'qualified', reviewedOn: '2024-12-01' }).expect(201);
    expect(review.body).toMatchObject({ designationId: own.id, year: 2024, grade: 'qualified' });
    await t.http(token).post(`${API}/designations/${other.id}/annual-reviews`).send({ year: 2024, grade: 'qualified', reviewedOn: '2024-12-01' }).expect(404);
    const timeline = (await t.http(token).get(`${API}/designations/${own.id}`).expect(200)).body.timeline as Array<{ kind: string }>;
    expect(timeline.map((e) => e.kind)).toContain('annual_review');
    const [audit] = await t.db.query(`SELECT actor FROM audit_events WHERE action = 'annual_review.recorded'`);
    expect(audit.actor).toMatch(/^user:/);
  });
});
