import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';

/**
 * Filings that race (issue 16): the per-employer limit and one application per
 * person hold when requests arrive together, not only one after another.
 */
describe('selection: racing filings keep the limits', () => {
  let t: TestApp;
  let given: Given;
  const clock = new TestClock('2027-03-10');

  beforeAll(async () => {
    t = await startTestApp({ clock });
    given = new Given(t);
  });
  afterAll(() => t?.close());

  it('lets exactly EMPLOYER_NOMINATIONS_MAX employer-channel filings of one employer through, and one per person', async () => {
    const employer = await given.employer();
    const token = (await t.http().post('/api/v1/users').send({ name: '人事', role: 'employer', organizationId: employer.id }).expect(201)).body.token;
    const round = (await t.http().post('/api/v1/rounds').send({ cohort: '2027', applicationsOpen: '2027-03-01', applicationsClose: '2027-03-31' }).expect(201)).body;
    const content = { occupation: '钳工', skillLevel: 'technician', post: '班组长', industry: 'ai' };
    const people = await Promise.all(Array.from({ length: 6 }, () => given.talent({ employerId: employer.id })));
    const byEmployer = await Promise.all(people.map((p) => t.http(token).post(`/api/v1/rounds/${round.id}/applications`).send({ ...content, channel: 'employer', talentId: p.id })));
    expect(byEmployer.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);

    const samePerson = (await given.talent({ employerId: employer.id })).id;
    const twice = await Promise.all([0, 1, 2].map(() => t.http().post(`/api/v1/rounds/${round.id}/applications`).send({ ...content, channel: 'self', talentId: samePerson })));
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM selection_applications WHERE round_id = $1`, [round.id]);
    expect(n).toBe(3);
  });
});
