import { makeIdNumber, maskIdNumber } from '../../src/modules/talents/id-number';
import { DesignationBody, Given, idNumberFor } from '../support/given';
import { toXlsx, XLSX } from '../support/sheets';
import type { TestApp } from '../support/test-app';
import { districtOfficeWorld } from '../support/world';

const OFFICE_MAIL = 'office@songjiang.example';
const HEADER = 'idNumber,district,since';

interface Person {
  talentId: string;
  name: string;
  idNumber: string;
  designation: DesignationBody;
}

/** A valid ID number whose check digit is X (written upper-case). */
function idNumberEndingInX(birthDate: string): string {
  for (let seq = 1; seq < 1000; seq += 2) {
    const id = makeIdNumber('310117', birthDate, String(seq).padStart(3, '0'));
    if (id.endsWith('X')) return id;
  }
  throw new Error(`no X check digit for ${birthDate}`);
}

describe('social-insurance import (社保缴费单位注册地)', () => {
  let t: TestApp;
  let given: Given;

  beforeAll(async () => ({ t, given } = await districtOfficeWorld([OFFICE_MAIL])));
  afterAll(() => t.close());

  /** A chief technician insured in 松江区 with an active designation named 2024-06-15 (term to 2027-06-30). */
  async function chiefTechnician(fields: { idNumber?: string; designatedOn?: string } = {}): Promise<Person> {
    const idNumber = fields.idNumber ?? idNumberFor('1982-03-15');
    const talent = await given.talent({ idNumber });
    const designation = await given.designation({ talentId: talent.id, designatedOn: fields.designatedOn ?? '2024-06-15' });
    return { talentId: talent.id, name: talent.name as string, idNumber, designation };
  }

  const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

  const upload = (body: string, token?: string) => t.http(token).post('/api/v1/social-insurance/import').set('Content-Type', 'text/csv').send(body);

  async function adjustmentsOf(p: Person) {
    const res = await t.http().get(`/api/v1/adjustments?designationId=${p.designation.id}`).expect(200);
    return res.body.items as Array<{ id: string; reason: string; effectiveOn: string; status: string; source: string; note: string | null }>;
  }

  async function insuredIn(p: Person): Promise<{ district: string; since: string | null }> {
    const [row] = await t.db.query(`SELECT social_insurance_district AS district, social_insurance_since::text AS since FROM talents WHERE id = $1`, [p.talentId]);
    return row;
  }

  const mailsAbout = (adjustmentId: string): Promise<Array<{ to_addresses: string[]; subject: string }>> =>
    t.db.query(`SELECT to_addresses, subject FROM notifications WHERE dedupe_key = $1`, [`adjustment.proposed:${adjustmentId}`]);

  const proposalMailCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM notifications WHERE purpose = 'adjustment.proposed'`))[0].n);

  it('proposes moved_out_of_district for someone now insured in 青浦区, and mails the district office once', async () => {
    const p = await chiefTechnician();
    const res = await upload(csv(`${p.idNumber},青浦区,2025-03-01`)).expect(200);
    expect(res.body).toEqual({ matched: 1, proposed: 1, unmatched: [] });

    const [moved] = await adjustmentsOf(p);
    expect(moved).toMatchObject({ reason: 'moved_out_of_district', effectiveOn: '2025-03-01', status: 'pending', source: 'social_insurance' });
    expect(moved.note).toContain('青浦区');
    expect(await mailsAbout(moved.id)).toEqual([{ to_addresses: [OFFICE_MAIL], subject: expect.stringContaining(p.name) }]);
    expect(await insuredIn(p)).toEqual({ district: '青浦区', since: '2025-03-01' });
    const audit = await t.http().get(`/api/v1/audit-events?entityType=adjustment&entityId=${moved.id}`).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'adjustment.proposed', actor: expect.stringMatching(/^user:/) })]);
    const talent = await t.http().get(`/api/v1/talents/${p.talentId}`).expect(200);
    expect(talent.body).toMatchObject({ socialInsuranceDistrict: '青浦区', socialInsuranceSince: '2025-03-01' });
  });

  it('proposes nothing new when the same file comes again', async () => {
    const p = await chiefTechnician();
    const file = csv(`${p.idNumber},青浦区,2025-03-01`);
    await upload(file).expect(200);
    const mails = await proposalMailCount();

    const again = await upload(file).expect(200);
    expect(again.body).toEqual({ matched: 1, proposed: 0, unmatched: [] });
    expect(await adjustmentsOf(p)).toHaveLength(1);
    expect(await proposalMailCount()).toBe(mails);
  });

  it('does not propose the same move again after the office rejected it', async () => {
    const p = await chiefTechnician();
    const file = csv(`${p.idNumber},青浦区,2025-03-01`);
    await upload(file).expect(200);
    const [moved] = await adjustmentsOf(p);
    await t.http().post(`/api/v1/adjustments/${moved.id}/decision`).send({ decision: 'reject' }).expect(200);

    expect((await upload(file).expect(200)).body).toEqual({ matched: 1, proposed: 0, unmatched: [] });
    expect(await adjustmentsOf(p)).toEqual([expect.objectContaining({ id: moved.id, status: 'rejected' })]);
  });

  it('matches someone still insured in 松江区 and proposes nothing', async () => {
    const p = await chiefTechnician();
    const res = await upload(csv(`${p.idNumber},松江区,2025-03-01`)).expect(200);
    expect(res.body).toEqual({ matched: 1, proposed: 0, unmatched: [] });
    expect(await adjustmentsOf(p)).toEqual([]);
  });

  describe('districts are places, not spellings (issue 12 item 4)', () => {
    it.each(['上海市松江区', '上海松江', '松江', ' 松江区 '])('reads %j as 松江区: nothing proposed, nothing held', async (written) => {
      const p = await chiefTechnician();
      const res = await upload(csv(`${p.idNumber},${written},2025-03-01`)).expect(200);
      expect(res.body).toEqual({ matched: 1, proposed: 0, unmatched: [] });
      expect(await adjustmentsOf(p)).toEqual([]);
      expect(await insuredIn(p)).toEqual({ district: '松江区', since: '2025-03-01' });
    });

    it.each([
      ['上海青浦', '青浦区'],
      ['上海市浦东新区', '浦东新区'],
      ['江苏省苏州市', '江苏省苏州市'],
      ['北京市', '北京市'],
    ])('reads %j as a move out of the district, to %s', async (written, place) => {
      const p = await chiefTechnician();
      expect((await upload(csv(`${p.idNumber},${written},2025-03-01`)).expect(200)).body).toEqual({ matched: 1, proposed: 1, unmatched: [] });
      const [moved] = await adjustmentsOf(p);
      expect(moved).toMatchObject({ reason: 'moved_out_of_district', effectiveOn: '2025-03-01' });
      expect(moved.note).toContain(place);
      expect(await insuredIn(p)).toEqual({ district: place, since: '2025-03-01' });
    });

    it('answers 400 for a value naming no known place, and imports none of the file', async () => {
      const p = await chiefTechnician();
      const q = await chiefTechnician({ idNumber: idNumberFor('1984-02-02') });
      const res = await upload(csv(`${p.idNumber},青浦区,2025-03-01`, `${q.idNumber},松江去,2025-03-01`, `${q.idNumber},上海市,2025-03-01`)).expect(400);
      expect(res.body.message).toMatch(/nothing was imported/);
      // the second and third data rows (whatever the file's row numbering)
      expect(res.body.errors).toEqual([
        { row: expect.any(Number), field: 'district', constraint: 'unknownDistrict', message: expect.stringContaining('no known district') },
        { row: expect.any(Number), field: 'district', constraint: 'unknownDistrict', message: expect.stringContaining('no known district') },
      ]);
      expect(res.body.errors[1].row - res.body.errors[0].row).toBe(1);
      expect(await insuredIn(p)).toEqual({ district: '松江区', since: null });
      expect(await adjustmentsOf(p)).toEqual([]);
    });
  });

  it('reports an ID number nobody holds by row and masked number, and still imports the rest', async () => {
    const p = await chiefTechnician();
    const stranger = idNumberFor('1979-08-08');
    const res = await upload(csv(`${p.idNumber},青浦区,2025-03-01`, `${stranger},嘉定区,2025-04-01`)).expect(200);
    expect(res.body).toEqual({ matched: 1, proposed: 1, unmatched: [{ row: 3, idNumberMasked: maskIdNumber(stranger) }] });
    expect(res.body.unmatched[0].idNumberMasked).toMatch(/^31\*{12}[\dX]{4}$/);
    expect(res.text).not.toContain(stranger);
    expect(res.text).not.toContain(stranger.slice(6, 14));
  });

  it('matches an ID number written with a lower-case x', async () => {
    const p = await chiefTechnician({ idNumber: idNumberEndingInX('1983-07-21') });
    const res = await upload(csv(`${p.idNumber.toLowerCase()},青浦区,2025-03-01`)).expect(200);
    expect(res.body).toEqual({ matched: 1, proposed: 1, unmatched: [] });
    expect(await adjustmentsOf(p)).toEqual([expect.objectContaining({ reason: 'moved_out_of_district' })]);
  });

  it('matches someone without an active designation and proposes nothing', async () => {
    const p = await chiefTechnician();
    const res = await t.http().post(`/api/v1/designations/${p.designation.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2025-01-01' }).expect(201);
    await t.http().post(`/api/v1/adjustments/${res.body.id}/decision`).send({ decision: 'approve' }).expect(200);

    expect((await upload(csv(`${p.idNumber},青浦区,2025-03-01`)).expect(200)).body).toEqual({ matched: 1, proposed: 0, unmatched: [] });
    expect((await adjustmentsOf(p)).map((a) => a.reason)).toEqual(['violation']);
    expect(await insuredIn(p)).toEqual({ district: '青浦区', since: '2025-03-01' });
  });

  it('makes a move from before the designation effective on designatedOn', async () => {
    const p = await chiefTechnician({ designatedOn: '2024-06-15' });
    await upload(csv(`${p.idNumber},青浦区,2023-09-01`)).expect(200);
    expect(await adjustmentsOf(p)).toEqual([expect.objectContaining({ reason: 'moved_out_of_district', effectiveOn: '2024-06-15' })]);
  });

  it('reads an .xlsx with Chinese headings, an ID number ending in X and the date as a date cell', async () => {
    const p = await chiefTechnician({ idNumber: idNumberEndingInX('1981-05-05') });
    const body = await toXlsx(['身份证号', '社保缴费单位注册地', '起始日期'], [[p.idNumber, '上海市青浦区', new Date(Date.UTC(2025, 2, 1))]], { textColumns: [1] });
    const res = await t.http().post('/api/v1/social-insurance/import').set('Content-Type', XLSX).send(body).expect(200);
    expect(res.body).toEqual({ matched: 1, proposed: 1, unmatched: [] });
    expect(await insuredIn(p)).toEqual({ district: '青浦区', since: '2025-03-01' });
  });

  it('answers 400 listing every bad row, and changes nothing', async () => {
    const p = await chiefTechnician();
    const badCheckDigit = p.idNumber.slice(0, 17) + (p.idNumber[17] === '0' ? '1' : '0');
    const body = csv(
      `${p.idNumber},青浦区,2025-03-01`,
      `${badCheckDigit},青浦区,2025-03-01`,
      `${idNumberFor('1979-08-08')},嘉定区,2025-02-30`,
      `12345,闵行区,2025-03-01`,
      `${idNumberFor('1979-08-08')},,2025-03-01`,
      `${idNumberFor('1979-08-08')},嘉定区,2025/03/01`,
    );
    const res = await upload(body).expect(400);
    expect(res.body.message).toMatch(/nothing was imported/);
    expect(res.body.errors).toEqual([
      { row: 3, field: 'idNumber', constraint: 'invalidIdNumber', message: expect.stringContaining('check digit') },
      { row: 4, field: 'since', constraint: 'invalidDate', message: expect.any(String) },
      { row: 5, field: 'idNumber', constraint: 'invalidIdNumber', message: expect.any(String) },
      { row: 6, field: 'district', constraint: 'required', message: expect.any(String) },
      { row: 7, field: 'since', constraint: 'invalidDate', message: expect.any(String) },
    ]);
    // The same rows as an .xlsx workbook: the same errors, in the same sheet rows.
    const lines = body.trim().split('\n').map((l) => l.split(','));
    const asXlsx = await t.http().post('/api/v1/social-insurance/import').set('Content-Type', XLSX).send(await toXlsx(lines[0], lines.slice(1))).expect(400);
    expect(asXlsx.body.errors).toEqual(res.body.errors);
    expect(res.text).not.toContain(p.idNumber);
    expect(await insuredIn(p)).toEqual({ district: '松江区', since: null });
    expect(await adjustmentsOf(p)).toEqual([]);
  });

  it.each([
    ['a wrong header', 'id,district,since\n310117198203150011,青浦区,2025-03-01\n', /header|idNumber/],
    ['columns in another order', 'district,idNumber,since\n青浦区,310117198203150011,2025-03-01\n', /header|idNumber/],
    ['a row with a missing column', `${HEADER}\n310117198203150011,青浦区\n`, /column|row/],
    ['an unterminated quote', `${HEADER}\n"310117198203150011,青浦区,2025-03-01\n`, /quote/],
    ['a header and no rows', `${HEADER}\n`, /row/],
    ['an empty body', '', /./],
  ])('answers 400 for %s', async (_what, body, message) => {
    const res = await upload(body).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
  });

  it('answers 400, not a crash, to a 20 MB file', async () => {
    const p = await chiefTechnician();
    const row = `${p.idNumber},青浦区,2025-03-01\n`;
    const body = HEADER + '\n' + row.repeat(Math.ceil((20 * 1024 * 1024) / row.length));
    const res = await upload(body).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/row/);
    expect(await insuredIn(p)).toEqual({ district: '松江区', since: null });
  });

  it('answers 415 to a JSON body and 400 to no body at all', async () => {
    const p = await chiefTechnician();
    await t.http().post('/api/v1/social-insurance/import').send([{ idNumber: p.idNumber, district: '青浦区', since: '2025-03-01' }]).expect(415);
    await t.http().post('/api/v1/social-insurance/import').send({ idNumber: p.idNumber, district: '青浦区', since: '2025-03-01' }).expect(415);
    await t.http().post('/api/v1/social-insurance/import').expect(400);
    expect(await insuredIn(p)).toEqual({ district: '松江区', since: null });
  });

  describe('who may', () => {
    it.each(['finance', 'city_office'])('refuses the %s role (403)', async (role) => {
      const p = await chiefTechnician();
      const user = await t.http().post('/api/v1/users').send({ name: `${role} 用户`, role }).expect(201);
      await upload(csv(`${p.idNumber},青浦区,2025-03-01`), user.body.token).expect(403);
      expect(await insuredIn(p)).toEqual({ district: '松江区', since: null });
    });

    it('refuses the assessor role (403) and a request without a token (401)', async () => {
      const p = await chiefTechnician();
      const street = await given.street();
      const assessor = await t.http().post('/api/v1/users').send({ name: '街道考核员', role: 'assessor', organizationId: street.id }).expect(201);
      await upload(csv(`${p.idNumber},青浦区,2025-03-01`), assessor.body.token).expect(403);
      await t.http(null).post('/api/v1/social-insurance/import').set('Content-Type', 'text/csv').send(csv(`${p.idNumber},青浦区,2025-03-01`)).expect(401);
      expect(await adjustmentsOf(p)).toEqual([]);
    });
  });
});
