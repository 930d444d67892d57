import { creditCode, Given, idNumberFor } from '../support/given';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

/**
 * Issue 13 item 9, performed: the city office made a district_office
 * organisation with its own address and so received the district office's
 * adjustment mails. SPEC §4: city_office creates only employer and union
 * organisations (403 naming the rule); there is one district office and one
 * city office (a second is 409, by a unique index), and mail by kind goes to it.
 */
describe('organisations: nobody impersonates the district office', () => {
  let t: TestApp;
  let given: Given;
  let cityToken: string;

  beforeAll(async () => {
    ({ t, given } = await districtOfficeWorld());
    cityToken = (await t.http().post('/api/v1/users').send({ name: '市工匠办', role: 'city_office' }).expect(201)).body.token;
  });
  afterAll(() => t.close());

  const officeCount = async () => Number((await t.db.query(`SELECT count(*)::int AS n FROM organizations WHERE kind IN ('district_office','city_office')`))[0].n);

  it('refuses the attack: city_office creating a district_office with its own address is 403 naming the rule, and the proposal mail still goes to the office only', async () => {
    const before = await officeCount();
    const res = await t.http(cityToken).post('/api/v1/organizations').send({ name: '区协调办（冒充）', kind: 'district_office', contactEmails: ['attacker@example.com'] }).expect(403);
    expect(res.body.message).toMatch(/city_office may create only employer and union organisations/);
    expect(await officeCount()).toBe(before);

    // The social-insurance import proposes a move and mails the district office: the real one only.
    const idNumber = idNumberFor('1982-03-15');
    const talent = await given.talent({ idNumber });
    await given.designation({ talentId: talent.id });
    await t.http().post('/api/v1/social-insurance/import').set('Content-Type', 'text/csv').send(`idNumber,district,since\n${idNumber},青浦区,2025-03-01\n`).expect(200);
    const mails: Array<{ to_addresses: string[]; recipient: unknown }> = await t.db.query(`SELECT to_addresses, recipient FROM notifications WHERE purpose = 'adjustment.proposed'`);
    expect(mails).toEqual([{ to_addresses: ['office@songjiang.example'], recipient: { organizationKind: 'district_office' } }]);
  });

  it.each(['city_office', 'street', 'industry_authority'])('refuses city_office creating a %s (403)', async (kind) => {
    const res = await t.http(cityToken).post('/api/v1/organizations').send({ name: `某${kind}`, kind }).expect(403);
    expect(res.body.message).toContain('kind');
  });

  it('lets city_office create employers and unions', async () => {
    const district = await t.http(cityToken).post('/api/v1/organizations').send({ name: '某区局工会', kind: 'union', level: 'district' }).expect(201);
    await t.http(cityToken).post('/api/v1/organizations').send({ name: '某单位工会', kind: 'union', level: 'unit', parentId: district.body.id }).expect(201);
    const street = await given.street();
    await t.http(cityToken).post('/api/v1/organizations').send({ name: '上海某某有限公司', kind: 'employer', creditCode: creditCode(), streetId: street.id }).expect(201);
  });

  it('refuses a second district_office even from the admin (409), and the database refuses one written around the service', async () => {
    const res = await t.http().post('/api/v1/organizations').send({ name: '第二个区协调办', kind: 'district_office', contactEmails: ['second@example.com'] }).expect(409);
    expect(res.body.message).toContain('district_office');
    await expect(t.db.query(`INSERT INTO organizations (name, kind) VALUES ('绕过服务的区协调办', 'district_office')`)).rejects.toThrow(/organizations_one_office_idx/);
  });

  it('allows one city_office (the admin creates it), then refuses a second (409)', async () => {
    await t.http().post('/api/v1/organizations').send({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office' }).expect(201);
    await t.http().post('/api/v1/organizations').send({ name: '另一个市办', kind: 'city_office' }).expect(409);
  });
});
