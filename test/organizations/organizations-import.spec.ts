import { creditCode, Given } from '../support/given';
import { toCsvText, toXlsx, XLSX } from '../support/sheets';
import { userWithRole } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

const HEADER = ['名称', '类型', '统一社会信用代码', '工会层级', '上级工会', '所在区', '所属街镇', '行业主管单位', '本单位工会', '联系邮箱'];

describe('POST /organizations/import: the organisations of the template, all or none (issue 14)', () => {
  let t: TestApp;
  let given: Given;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  const upload = (body: string | Buffer, contentType: string, token?: string | null) => t.http(token).post('/api/v1/organizations/import').set('Content-Type', contentType).send(body);
  const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM organizations'))[0].n as number;
  const byName = async (name: string) => (await t.db.query('SELECT * FROM organizations WHERE name = $1', [name]))[0];

  it('creates streets, unions and employers that refer to each other by name, in any row order, and audits each', async () => {
    const registeredAuthority = await given.organization({ name: '区经委（已登记）', kind: 'industry_authority' });
    const code = creditCode();
    const rows = [
      ['松江精工有限公司', '用人单位', code, '', '', '', '泗泾镇', '区经委（已登记）', '松江精工工会', 'hr@jinggong.example；union@jinggong.example'],
      ['松江精工工会', '工会', '', '本单位工会', '松江区机电工会', '', '', '', '', ''],
      ['泗泾镇', 'street', '', '', '', '松江区', '', '', '', 'sijing@example.com'],
      ['松江区机电工会', 'union', '', 'district', '', '', '', '', '', ''],
    ];
    const before = await count();
    await upload(await toXlsx(HEADER, rows), XLSX).expect(201, { created: 4 });
    expect(await count()).toBe(before + 4);
    const [employer, unitUnion, street, districtUnion] = await Promise.all(rows.map((r) => byName(r[0])));
    expect(employer).toMatchObject({ kind: 'employer', credit_code: code, street_id: street.id, union_id: unitUnion.id, industry_authority_id: registeredAuthority.id, district: '松江区' });
    expect(employer.contact_emails).toEqual(['hr@jinggong.example', 'union@jinggong.example']);
    expect(unitUnion).toMatchObject({ level: 'unit', parent_id: districtUnion.id });
    const audited = await t.db.query(`SELECT entity_id FROM audit_events WHERE action = 'organization.created' AND after->>'via' = 'organizations.import'`);
    expect(audited.map((a: { entity_id: string }) => a.entity_id)).toEqual(expect.arrayContaining([employer.id, unitUnion.id, street.id, districtUnion.id]));
  });

  it('refuses the whole file with row errors in sheet row numbers, the same for CSV and xlsx', async () => {
    const street = await given.street('新桥镇');
    const taken = await given.employer({ streetId: street.id });
    const rows = [
      ['好单位', '用人单位', creditCode(), '', '', '', '新桥镇', '', '', ''],
      ['坏信用代码', '用人单位', '91310117MA1J3B0X40', '', '', '', '新桥镇', '', '', ''],
      ['无街镇', '用人单位', creditCode(), '', '', '', '不存在镇', '', '', ''],
      ['怪类型', '公司', '', '', '', '', '', '', '', ''],
      ['重复代码', '用人单位', taken.creditCode, '', '', '', '新桥镇', '', '', ''],
      ['缺上级', '工会', '', '本单位工会', '', '', '', '', '', ''],
      ['坏邮箱', '街镇', '', '', '', '', '', '', '', 'not-an-address'],
    ];
    const before = await count();
    const fromXlsx = await upload(await toXlsx(HEADER, rows), XLSX).expect(400);
    expect(fromXlsx.body.message).toContain('nothing was imported');
    expect(fromXlsx.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'creditCode'],
      [4, 'street'],
      [5, 'kind'],
      [6, 'creditCode'],
      [7, 'parent'],
      [8, 'contactEmails'],
    ]);
    const fromCsv = await upload(toCsvText(HEADER, rows), 'text/csv').expect(400);
    expect(fromCsv.body.errors).toEqual(fromXlsx.body.errors);
    expect(await count()).toBe(before);
  });

  it('is for the district office only, and takes only CSV or xlsx', async () => {
    const body = toCsvText(HEADER, [['某街道', '街镇', '', '', '', '', '', '', '', '']]);
    await upload(body, 'text/csv', await userWithRole(t, 'city_office')).expect(403);
    await upload(body, 'text/csv', null).expect(401);
    await upload(body, 'application/pdf').expect(415);
    await upload(body, 'text/csv').expect(201, { created: 1 });
  });

  it('reads 单位性质 (issue 16): a public institution, an enterprise by default, an unknown word a row error; files without the column still import', async () => {
    const street = await given.street('性质街道');
    const authority = await given.organization({ name: '区卫健委（性质）', kind: 'industry_authority' });
    const header = [...HEADER, '单位性质'];
    const rows = [
      ['区中心医院', '用人单位', creditCode(), '', '', '', '性质街道', '区卫健委（性质）', '', '', '事业单位'],
      ['某制造公司', '用人单位', creditCode(), '', '', '', '性质街道', '', '', '', ''],
    ];
    await upload(await toXlsx(header, rows), XLSX).expect(201, { created: 2 });
    expect(await byName('区中心医院')).toMatchObject({ sector: 'public_institution', industry_authority_id: authority.id, street_id: street.id });
    expect((await byName('某制造公司')).sector).toBe('enterprise');
    const bad = await upload(toCsvText(header, [['某某公司', '用人单位', creditCode(), '', '', '', '性质街道', '', '', '', '国企']]), 'text/csv').expect(400);
    expect(bad.body.errors).toEqual([{ row: 2, field: 'sector', constraint: 'notAnOption', message: expect.stringContaining('事业单位') }]);
  });
});
