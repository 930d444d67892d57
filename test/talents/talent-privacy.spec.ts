import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';

/**
 * Issue 13 item 1: a mask with the region code, next to a birth date, gave the
 * ID number back; a database dump gave both without PII_KEY. SPEC §5/§8: mask
 * first 2 + last 4, birth and retirement dates for admin only, no plain column
 * (nor audit row) holding them.
 */
describe('talents: a mask that cannot be undone', () => {
  let t: TestApp;
  let given: Given;
  let employer: { id: string; creditCode: string };
  let finance: string;
  let cityOffice: string;

  const man = { name: '王建国', idNumber: makeIdNumber('310117', '1966-05-20', '013'), birthDate: '1966-05-20', retiresOn: '2026-10-20' };
  const woman = { name: '李秀英', idNumber: makeIdNumber('310101', '1975-01-15', '024'), birthDate: '1975-01-15', retiresOn: '2025-02-15' };
  const imported = { name: '赵导入', idNumber: makeIdNumber('310104', '1971-08-09', '035'), birthDate: '1971-08-09', retiresOn: '2033-04-09' };
  let manId: string;
  let womanId: string;

  const oldMask = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
  const newMask = (idNumber: string) => `${idNumber.slice(0, 2)}************${idNumber.slice(-4)}`;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    employer = await given.employer({ creditCode: makeCreditCode('91310117MA1J3B0P7') });
    finance = await userWithRole(t, 'finance');
    cityOffice = await userWithRole(t, 'city_office');
    manId = (await t.http().post('/api/v1/talents').send({ name: man.name, idNumber: man.idNumber, employerId: employer.id, phone: '13812345678' }).expect(201)).body.id;
    womanId = (await t.http(cityOffice).post('/api/v1/talents').send({ name: woman.name, idNumber: woman.idNumber, employerId: employer.id }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  it('masks as first 2 + last 4 in every talent response', async () => {
    const one = await t.http().get(`/api/v1/talents/${manId}`).expect(200);
    expect(one.body.idNumberMasked).toBe(newMask(man.idNumber));
    expect(one.body.idNumberMasked).toBe(`31************${man.idNumber.slice(-4)}`);
    const list = await t.http().get(`/api/v1/talents?employerId=${employer.id}`).expect(200);
    expect(list.body.items.map((x: { idNumberMasked: string }) => x.idNumberMasked).sort()).toEqual([newMask(man.idNumber), newMask(woman.idNumber)].sort());
  });

  it('gives the birth and statutory retirement dates to admin only', async () => {
    const admin = await t.http().get(`/api/v1/talents/${manId}`).expect(200);
    expect(admin.body).toMatchObject({ birthDate: man.birthDate, statutoryRetirementDate: man.retiresOn });
    for (const token of [finance, cityOffice]) {
      const res = await t.http(token).get(`/api/v1/talents/${manId}`).expect(200);
      expect(res.body).not.toHaveProperty('birthDate');
      expect(res.body).not.toHaveProperty('statutoryRetirementDate');
      expect(res.text).not.toContain(man.birthDate);
      expect(res.text).not.toContain(man.retiresOn);
      expect(res.body).toMatchObject({ id: manId, name: man.name, idNumberMasked: newMask(man.idNumber) });
    }
    const cityList = await t.http(cityOffice).get(`/api/v1/talents?employerId=${employer.id}`).expect(200);
    expect(cityList.text).not.toMatch(/birthDate|statutoryRetirementDate/);
    const adminList = await t.http().get(`/api/v1/talents?employerId=${employer.id}`).expect(200);
    expect(adminList.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: womanId, birthDate: woman.birthDate, statutoryRetirementDate: woman.retiresOn })]));
  });

  it('does not give the city office the dates when it registers someone', async () => {
    const res = await t.http(cityOffice).post('/api/v1/talents').send({ name: '孙某', idNumber: makeIdNumber('310117', '1980-02-03', '057'), employerId: employer.id }).expect(201);
    expect(res.body).not.toHaveProperty('birthDate');
    expect(res.body).not.toHaveProperty('statutoryRetirementDate');
  });

  it('lets finance read one person but not the register', async () => {
    const res = await t.http(finance).get('/api/v1/talents').expect(403);
    expect(res.body.message).toContain('finance');
    await t.http(finance).get(`/api/v1/talents?idNumber=${man.idNumber}`).expect(403);
    await t.http(finance).post('/api/v1/talents/lookup').send({ idNumber: man.idNumber }).expect(403);
  });

  it('looks a person up by an ID number sent in the body, not the URL', async () => {
    const found = await t.http().post('/api/v1/talents/lookup').send({ idNumber: man.idNumber.toLowerCase() }).expect(200);
    expect(found.body).toEqual({ items: [expect.objectContaining({ id: manId, idNumberMasked: newMask(man.idNumber) })], nextCursor: null });
    const byCity = await t.http(cityOffice).post('/api/v1/talents/lookup').send({ idNumber: woman.idNumber }).expect(200);
    expect(byCity.body.items).toEqual([expect.objectContaining({ id: womanId })]);
    expect(byCity.text).not.toContain(woman.birthDate);
    const nobody = await t.http().post('/api/v1/talents/lookup').send({ idNumber: makeIdNumber('320102', '1990-01-01', '111') }).expect(200);
    expect(nobody.body.items).toEqual([]);
    expect((await t.http().post('/api/v1/talents/lookup').send({ idNumber: '123' }).expect(400)).body.message).toContain('idNumber');
    expect(String((await t.http().post('/api/v1/talents/lookup').send({}).expect(400)).body.message)).toContain('idNumber');
    expect(String((await t.http().post('/api/v1/talents/lookup').send({ idNumber: man.idNumber, name: 'x' }).expect(400)).body.message)).toContain('name');
  });

  it('marks API responses, refusals included, Cache-Control: no-store, and sends no ETag (nothing may reuse them)', async () => {
    for (const res of [
      await t.http(finance).get(`/api/v1/talents/${manId}`).expect(200),
      await t.http().get('/api/v1/talents').expect(200),
      await t.http().post('/api/v1/talents/lookup').send({ idNumber: man.idNumber }).expect(200),
      await t.http(null).get(`/api/v1/talents/${manId}`).expect(401),
      await t.http().get('/api/v1/talents/00000000-0000-4000-8000-000000000000').expect(404),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('keeps no column or audit row in clear that rebuilds a number: no birth date, no retirement date, no region-and-digits mask', async () => {
    // Every way a person's data is written: registration (above), the import, a change of category, the social-insurance import.
    const csv = `name,idNumber,employerCreditCode,cohort,designatedOn\n${imported.name},${imported.idNumber},${employer.creditCode},2024,2024-06-15\n`;
    await t.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv').send(csv).expect(201);
    await t.http().patch(`/api/v1/talents/${womanId}`).send({ retirementCategory: 'female_cadre', phone: '13987654321' }).expect(200);
    await t.http().post('/api/v1/social-insurance/import').set('Content-Type', 'text/csv').send(`idNumber,district,since\n${man.idNumber},松江区,2025-03-01\n${makeIdNumber('310117', '1969-06-07', '091')},松江区,2025-03-01\n`).expect(200);

    const cadreRetiresOn = (await t.http().get(`/api/v1/talents/${womanId}`).expect(200)).body.statutoryRetirementDate as string;
    expect(cadreRetiresOn).toBe('2031-05-15'); // female_cadre 1975-01 → 55y16m

    // What a dump gives without PII_KEY: every column but the sealed ones.
    const talents = await t.db.query(`SELECT * FROM talents`);
    const plain = talents.map(({ id_number_enc: _enc, phone_enc: _phone, id_number_hash: _hash, ...rest }: Record<string, unknown>) => rest);
    const audit = await t.db.query(`SELECT * FROM audit_events`);
    const dump = JSON.stringify(plain) + JSON.stringify(audit);
    expect(plain.length).toBeGreaterThanOrEqual(4);
    expect(audit.filter((a: { action: string }) => a.action === 'talent.updated').length).toBeGreaterThanOrEqual(2);

    const forbidden = [man, woman, imported].flatMap((p) => [p.birthDate, p.birthDate.replace(/-/g, ''), p.retiresOn, oldMask(p.idNumber), p.idNumber.slice(0, 6) + '*']);
    forbidden.push(cadreRetiresOn, '1969-06-07', '19690607', '2030-08-07');
    expect(forbidden.filter((secret) => dump.includes(secret))).toEqual([]);
    expect(dump).not.toMatch(/\d{6}\*{8}/);
    expect(Object.keys(talents[0])).not.toEqual(expect.arrayContaining(['birth_date']));
    expect(Object.keys(talents[0])).not.toContain('statutory_retirement_date');
  });
});
