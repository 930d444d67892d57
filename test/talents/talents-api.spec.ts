import { PiiCipher } from '../../src/core/crypto/pii-cipher';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { Given, idNumberFor } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';
import { idNumberEndingInX, SONGJIANG, withCheckDigit, withWrongCheckDigit } from '../support/ids';
import { plainSha256 } from '../support/talents-people';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const PHONE = '13812345678';

describe('talents API', () => {
  let t: TestApp;
  let given: Given;
  let employerId: string;
  let cityOffice: string;
  let finance: string;
  let assessor: string;

  /** The body an administrator would send, with a fresh number unless given. */
  const person = (fields: Record<string, unknown> = {}) => ({ name: '张伟', idNumber: idNumberFor('1980-05-10', 'male'), employerId, ...fields });

  const register = (fields: Record<string, unknown> = {}, token?: string) => t.http(token).post('/api/v1/talents').send(person(fields));

  /** A registration that must be refused; returns the message as one string. */
  async function refused(fields: Record<string, unknown>, status: number): Promise<string> {
    const res = await register(fields);
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, error: expect.any(String) } });
    return String(res.body.message);
  }

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    employerId = (await given.employer()).id;
    cityOffice = await userWithRole(t, 'city_office');
    finance = await userWithRole(t, 'finance');
    assessor = await userWithRole(t, 'assessor', (await given.street()).id);
  });
  afterAll(() => t.close());

  describe('registering a person', () => {
    it('derives gender and birth date from the ID number and shows it only masked', async () => {
      const idNumber = makeIdNumber(SONGJIANG, '1966-05-20', '013');
      const res = await register({ name: '王建国', idNumber, phone: PHONE }).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        name: '王建国',
        gender: 'male',
        birthDate: '1966-05-20',
        idNumberMasked: `31************${idNumber.slice(-4)}`,
        phoneMasked: '138****5678',
        employerId,
        retirementCategory: 'male',
        statutoryRetirementDate: '2026-10-20',
        honours: [],
        titles: [],
      });
    });

    it.each([
      ['a man', '1966-05-20', 'male', undefined, 'male', '2026-10-20'],
      ['a man born in the last month before the reform', '1964-12-05', 'male', undefined, 'male', '2024-12-05'],
      ['a man born 1976-09 or later', '1980-03-31', 'male', undefined, 'male', '2043-03-31'],
      ['a woman worker by default', '1975-01-10', 'female', undefined, 'female_worker', '2025-02-10'],
      ['a woman cadre', '1970-01-10', 'female', 'female_cadre', 'female_cadre', '2025-02-10'],
      ['a woman worker born 1984-11 or later', '1990-11-30', 'female', 'female_worker', 'female_worker', '2045-11-30'],
    ] as const)('gives %s the statutory retirement date of their category', async (_who, birthDate, gender, given, category, retires) => {
      const res = await register({ idNumber: idNumberFor(birthDate, gender), retirementCategory: given }).expect(201);
      expect(res.body).toMatchObject({ gender, birthDate, retirementCategory: category, statutoryRetirementDate: retires });
    });

    it('accepts a lower-case x and stores the number upper-case', async () => {
      const idNumber = idNumberEndingInX('1981-07-14');
      const res = await register({ idNumber: idNumber.toLowerCase() }).expect(201);
      expect(res.body.idNumberMasked).toBe(`31************${idNumber.slice(14, 17)}X`);
      const [row] = await t.db.query('SELECT id_number_enc FROM talents WHERE id = $1', [res.body.id]);
      expect(t.app.get(PiiCipher).decrypt(row.id_number_enc)).toBe(idNumber);
    });

    it('accepts a phone written with +86, spaces and dashes, and masks it', async () => {
      const res = await register({ phone: '+86 138-1234-5678' }).expect(201);
      expect(res.body.phoneMasked).toBe('138****5678');
    });
  });

  describe('keeping the ID number and the phone secret', () => {
    let idNumber: string;
    let talentId: string;

    beforeAll(async () => {
      idNumber = idNumberEndingInX('1979-11-02');
      const res = await register({ name: '李秀英', idNumber: idNumber.toLowerCase(), phone: PHONE, retirementCategory: 'female_cadre' });
      if (res.status !== 201) throw new Error(res.text);
      talentId = res.body.id;
    });

    const leaks = (text: string) => [idNumber, idNumber.toLowerCase(), PHONE].filter((secret) => text.includes(secret));

    it('shows neither in the response to GET /talents/{id}', async () => {
      const res = await t.http().get(`/api/v1/talents/${talentId}`).expect(200);
      expect(res.body.idNumberMasked).toBe(`31************${idNumber.slice(-4)}`);
      expect(res.body.phoneMasked).toBe('138****5678');
      expect(leaks(res.text)).toEqual([]);
    });

    it('writes neither into the audit trail', async () => {
      const res = await t.http().get(`/api/v1/audit-events?entityType=talent&entityId=${talentId}`).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ action: 'talent.created', entityId: talentId })]);
      expect(leaks(res.text)).toEqual([]);
      const rows = await t.db.query('SELECT * FROM audit_events');
      expect(leaks(JSON.stringify(rows))).toEqual([]);
    });

    it('stores both encrypted and looks the number up by a keyed hash, not a plain digest', async () => {
      const [row] = await t.db.query('SELECT * FROM talents WHERE id = $1', [talentId]);
      expect(leaks(JSON.stringify(row))).toEqual([]);
      expect(row.id_number_enc).not.toContain(idNumber.slice(6, 14));
      expect(row.id_number_hash).not.toBe(plainSha256(idNumber));
      expect(row.id_number_hash).not.toBe(plainSha256(idNumber.toLowerCase()));
      const cipher = t.app.get(PiiCipher);
      expect(cipher.decrypt(row.id_number_enc)).toBe(idNumber);
      expect(cipher.decrypt(row.phone_enc)).toBe(PHONE);
    });
  });

  describe('refusing a second registration of the same person', () => {
    it('is 409 for the same number', async () => {
      const idNumber = idNumberFor('1982-02-02', 'male');
      await register({ idNumber }).expect(201);
      expect(await refused({ idNumber, name: '另一个人' }, 409)).toContain('idNumber');
    });

    it('is 409 for the same number differing only in the case of X', async () => {
      const idNumber = idNumberEndingInX('1983-03-03');
      await register({ idNumber }).expect(201);
      expect(await refused({ idNumber: idNumber.toLowerCase() }, 409)).toContain('idNumber');
    });

    it('lets only one of two simultaneous registrations through, without a 5xx', async () => {
      const idNumber = idNumberFor('1984-04-04', 'female');
      const statuses = (await Promise.all([register({ idNumber }), register({ idNumber })])).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
    });
  });

  describe('bad input', () => {
    const valid = makeIdNumber(SONGJIANG, '1980-05-10', '015');

    it.each([
      ['a wrong check digit', withWrongCheckDigit(valid)],
      ['a birth date that does not exist (2024-02-30)', withCheckDigit(`${SONGJIANG}20240230011`)],
      ['17 digits', valid.slice(0, 17)],
      ['19 digits', `${valid}1`],
      ['letters', `${SONGJIANG}1980AB10015X`],
      ['an unknown province', withCheckDigit('00011719800510015')],
      ['a number instead of a string', 31011719800510],
      ['an empty string', ''],
    ])('refuses an ID number with %s, naming idNumber', async (_what, idNumber) => {
      expect(await refused({ idNumber }, 400)).toContain('idNumber');
    });

    it.each([['12345'], ['021-12345678'], ['12812345678'], ['1381234567a']])('refuses the phone %s, naming phone', async (phone) => {
      expect(await refused({ phone }, 400)).toContain('phone');
    });

    it('refuses a woman’s retirement category for a man, and the man’s for a woman', async () => {
      expect(await refused({ idNumber: idNumberFor('1970-01-10', 'male'), retirementCategory: 'female_cadre' }, 400)).toContain('retirementCategory');
      expect(await refused({ idNumber: idNumberFor('1970-01-10', 'female'), retirementCategory: 'male' }, 400)).toContain('retirementCategory');
      expect(await refused({ retirementCategory: 'pensioner' }, 400)).toContain('retirementCategory');
    });

    it('refuses an employer that does not exist or is not an employer with 422, naming employerId', async () => {
      expect(await refused({ employerId: UNKNOWN_ID }, 422)).toContain('employerId');
      const street = await given.street();
      expect(await refused({ employerId: street.id }, 422)).toContain('employerId');
      expect(await refused({ employerId: 'not-a-uuid' }, 400)).toContain('employerId');
    });

    it('refuses a missing, blank or over-long name, naming name', async () => {
      const res = await t.http().post('/api/v1/talents').send({ idNumber: idNumberFor('1980-01-01'), employerId }).expect(400);
      expect(String(res.body.message)).toContain('name');
      expect(await refused({ name: '   ' }, 400)).toContain('name');
      expect(await refused({ name: '张'.repeat(101) }, 400)).toContain('name');
      expect(await refused({ name: 7 }, 400)).toContain('name');
    });

    it('refuses unknown fields and a malformed e-mail', async () => {
      const unknown = await refused({ salary: 1 }, 400);
      expect(unknown).toContain('salary');
      expect(await refused({ email: 'not-an-email' }, 400)).toContain('email');
    });

    it('writes nothing for a refused registration', async () => {
      const [{ count: before }] = await t.db.query('SELECT count(*)::int AS count FROM talents');
      await refused({ phone: '12345' }, 400);
      await refused({ employerId: UNKNOWN_ID }, 422);
      const [{ count: after }] = await t.db.query('SELECT count(*)::int AS count FROM talents');
      expect(after).toBe(before);
    });
  });

  describe('who may register and read people', () => {
    it('lets the city office register a person', async () => {
      await register({}, cityOffice).expect(201);
    });

    it('lets finance read a person but not register one', async () => {
      const { id } = await given.talent({ employerId });
      await t.http(finance).get(`/api/v1/talents/${id}`).expect(200);
      await t.http(cityOffice).get(`/api/v1/talents/${id}`).expect(200);
      const res = await register({}, finance).expect(403);
      expect(res.body.message).toContain('finance');
    });

    it('does not let an assessor read a person, nor anyone without a token', async () => {
      const { id } = await given.talent({ employerId });
      await t.http(assessor).get(`/api/v1/talents/${id}`).expect(403);
      await t.http(null).get(`/api/v1/talents/${id}`).expect(401);
      await t.http(null).post('/api/v1/talents').send(person()).expect(401);
      await t.http('sjct_not_a_real_token').post('/api/v1/talents').send(person()).expect(401);
    });

    it('answers an unknown talent with 404 and a malformed id with 400', async () => {
      await t.http().get(`/api/v1/talents/${UNKNOWN_ID}`).expect(404);
      const res = await t.http().get('/api/v1/talents/not-a-uuid').expect(400);
      expect(res.body.message).toBe('id must be a UUID');
    });
  });

  describe('honours', () => {
    let talentId: string;
    beforeEach(async () => {
      talentId = (await given.talent({ employerId })).id;
    });

    const award = (body: Record<string, unknown>, token?: string) => t.http(token).post(`/api/v1/talents/${talentId}/honours`).send(body);

    it('awards 上海工匠 and lists it on the person', async () => {
      const res = await award({ title: '上海工匠', awardedOn: '2023-05-01', issuer: '上海市总工会' }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), talentId, title: '上海工匠', awardedOn: '2023-05-01', issuer: '上海市总工会', certificateNumber: null, revoked: false });
      await award({ title: '全国劳模', awardedOn: '2020-11-24' }).expect(201);
      const person = await t.http().get(`/api/v1/talents/${talentId}`).expect(200);
      expect(person.body.honours).toEqual([
        expect.objectContaining({ title: '全国劳模', issuer: null, revoked: false }),
        expect.objectContaining({ title: '上海工匠', revoked: false }),
      ]);
    });

    it('keeps the certificate number (证书编号) the office records from the certificate', async () => {
      const res = await award({ title: '上海工匠', awardedOn: '2023-05-01', certificateNumber: ' SHGJ-2023-0123 ' }).expect(201);
      expect(res.body).toMatchObject({ title: '上海工匠', certificateNumber: 'SHGJ-2023-0123' });
      const person = await t.http().get(`/api/v1/talents/${talentId}`).expect(200);
      expect(person.body.honours).toEqual([expect.objectContaining({ id: res.body.id, certificateNumber: 'SHGJ-2023-0123' })]);
      for (const bad of ['  ', 'x'.repeat(101), 12]) {
        const refused = await t.http().post(`/api/v1/talents/${(await given.talent({ employerId })).id}/honours`).send({ title: '上海工匠', awardedOn: '2023-05-01', certificateNumber: bad }).expect(400);
        expect(JSON.stringify(refused.body.message)).toContain('certificateNumber');
      }
    });

    it('refuses the same honour twice while it is held', async () => {
      await award({ title: '上海工匠', awardedOn: '2023-05-01' }).expect(201);
      const res = await award({ title: '上海工匠', awardedOn: '2024-05-01' }).expect(409);
      expect(res.body.message).toContain('上海工匠');
    });

    it('revokes an honour, keeps it listed as revoked, and allows awarding it again', async () => {
      const { body: honour } = await award({ title: '松江工匠', awardedOn: '2022-04-28' }).expect(201);
      await t.http().delete(`/api/v1/talents/${talentId}/honours/${honour.id}`).expect(204);
      const person = await t.http().get(`/api/v1/talents/${talentId}`).expect(200);
      expect(person.body.honours).toEqual([expect.objectContaining({ id: honour.id, title: '松江工匠', revoked: true })]);
      await t.http().delete(`/api/v1/talents/${talentId}/honours/${honour.id}`).expect(404);
      await award({ title: '松江工匠', awardedOn: '2025-04-28' }).expect(201);
      const audit = await t.http().get(`/api/v1/audit-events?entityType=talent&entityId=${talentId}`).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['honour.awarded', 'honour.revoked', 'honour.awarded', 'talent.created']);
    });

    it('lets the city office award and revoke, but not finance', async () => {
      const { body: honour } = await award({ title: '上海质量工匠', awardedOn: '2023-05-01' }, cityOffice).expect(201);
      await t.http(finance).delete(`/api/v1/talents/${talentId}/honours/${honour.id}`).expect(403);
      await award({ title: '上海市劳模', awardedOn: '2023-05-01' }, finance).expect(403);
      await t.http(cityOffice).delete(`/api/v1/talents/${talentId}/honours/${honour.id}`).expect(204);
    });

    it('answers unknown and malformed ids', async () => {
      await t.http().post(`/api/v1/talents/${UNKNOWN_ID}/honours`).send({ title: '上海工匠', awardedOn: '2023-05-01' }).expect(404);
      await t.http().delete(`/api/v1/talents/${talentId}/honours/${UNKNOWN_ID}`).expect(404);
      expect((await t.http().delete(`/api/v1/talents/${talentId}/honours/abc`).expect(400)).body.message).toContain('honourId');
      expect((await t.http().post('/api/v1/talents/abc/honours').send({ title: '上海工匠', awardedOn: '2023-05-01' }).expect(400)).body.message).toContain('id');
    });

    it('refuses a revocation through another person', async () => {
      const { body: honour } = await award({ title: '青浦工匠', awardedOn: '2023-05-01' }).expect(201);
      const other = await given.talent({ employerId });
      await t.http().delete(`/api/v1/talents/${other.id}/honours/${honour.id}`).expect(404);
    });

    it.each([
      ['a missing title', { awardedOn: '2023-05-01' }, 'title'],
      ['a blank title', { title: '  ', awardedOn: '2023-05-01' }, 'title'],
      ['an over-long title', { title: '工'.repeat(101), awardedOn: '2023-05-01' }, 'title'],
      ['a date that does not exist', { title: '上海工匠', awardedOn: '2024-02-30' }, 'awardedOn'],
      ['a date in another format', { title: '上海工匠', awardedOn: '2023/05/01' }, 'awardedOn'],
      ['a number as issuer', { title: '上海工匠', awardedOn: '2023-05-01', issuer: 5 }, 'issuer'],
      ['a blank issuer', { title: '上海工匠', awardedOn: '2023-05-01', issuer: ' ' }, 'issuer'],
      ['an unknown field', { title: '上海工匠', awardedOn: '2023-05-01', rank: 1 }, 'rank'],
    ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
      const res = await award(body).expect(400);
      expect(String(res.body.message)).toContain(field);
    });
  });

  describe('other talent titles', () => {
    let talentId: string;
    beforeAll(async () => {
      talentId = (await given.talent({ employerId })).id;
    });

    const record = (body: Record<string, unknown>, token?: string) =>
      t.http(token).post(`/api/v1/talents/${talentId}/titles`).send({ title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01', ...body });

    it('records a title with its monthly amount and validity, and lists it on the person', async () => {
      const res = await record({ validTo: '2026-12-31' }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), talentId, title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01', validTo: '2026-12-31' });
      await record({ title: '首席教师', monthlyAmountFen: 80000, validFrom: '2025-01-01' }).expect(201);
      const person = await t.http(finance).get(`/api/v1/talents/${talentId}`).expect(200);
      expect(person.body.titles).toEqual([
        expect.objectContaining({ title: '区领军人才', monthlyAmountFen: 150000 }),
        expect.objectContaining({ title: '首席教师', monthlyAmountFen: 80000, validTo: null }),
      ]);
    });

    it('accepts a title valid for a single day', async () => {
      await record({ validFrom: '2024-03-01', validTo: '2024-03-01' }).expect(201);
    });

    it.each([
      ['validTo before validFrom', { validFrom: '2024-06-01', validTo: '2024-05-31' }, 'validTo'],
      ['a fractional amount', { monthlyAmountFen: 1500.5 }, 'monthlyAmountFen'],
      ['an amount in yuan as text', { monthlyAmountFen: '1500.00' }, 'monthlyAmountFen'],
      ['a negative amount', { monthlyAmountFen: -1 }, 'monthlyAmountFen'],
      ['a missing amount', { monthlyAmountFen: undefined }, 'monthlyAmountFen'],
      ['a date that does not exist', { validFrom: '2024-02-30' }, 'validFrom'],
      ['a bad validTo', { validTo: '2024-13-01' }, 'validTo'],
      ['a blank title', { title: ' ' }, 'title'],
      ['an unknown field', { grade: 'A' }, 'grade'],
    ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
      const res = await record(body).expect(400);
      expect(String(res.body.message)).toContain(field);
    });

    it('is for the district office only', async () => {
      await record({}, cityOffice).expect(403);
      await record({}, finance).expect(403);
    });

    it('answers unknown and malformed talent ids', async () => {
      await t.http().post(`/api/v1/talents/${UNKNOWN_ID}/titles`).send({ title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01' }).expect(404);
      await t.http().post('/api/v1/talents/42/titles').send({ title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01' }).expect(400);
    });
  });
});
