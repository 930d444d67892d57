import { Given, idNumberFor } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /talents', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  it('finds a person by ID number (either x case), by name prefix and by employer, masked', async () => {
    const employer = await given.employer();
    const idNumber = idNumberFor('1979-03-08', 'female');
    const created = await given.talent({ employerId: employer.id, name: '王秀英', idNumber });
    await given.talent({ employerId: employer.id, name: '王建国' });
    await given.talent({ name: '李%明' });

    const byId = await t.http().get(`/api/v1/talents?idNumber=${idNumber.toLowerCase()}`).expect(200);
    expect(byId.body.items.map((x: { id: string }) => x.id)).toEqual([created.id]);
    expect(JSON.stringify(byId.body)).not.toContain(idNumber.slice(6, 14));

    const byName = await t.http().get(`/api/v1/talents?name=${encodeURIComponent('王')}`).expect(200);
    expect(byName.body.items.map((x: { name: string }) => x.name).sort()).toEqual(['王秀英', '王建国'].sort());
    const literal = await t.http().get(`/api/v1/talents?name=${encodeURIComponent('%')}`).expect(200);
    expect(literal.body.items).toEqual([]);

    const byEmployer = await t.http().get(`/api/v1/talents?employerId=${employer.id}&limit=1`).expect(200);
    expect(byEmployer.body.items).toHaveLength(1);
    const next = await t.http().get(`/api/v1/talents?employerId=${employer.id}&limit=1&cursor=${byEmployer.body.nextCursor}`).expect(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();

    const bad = await t.http().get('/api/v1/talents?idNumber=123').expect(400);
    expect(bad.body.message).toContain('idNumber');
  });
});
