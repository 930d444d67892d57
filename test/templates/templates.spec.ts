import ExcelJS from 'exceljs';
import { PiiCipher } from '../../src/core/crypto/pii-cipher';
import { Given, idNumberFor } from '../support/given';
import { XLSX } from '../support/sheets';
import { userWithRole } from '../support/http';
import { TestClock } from '../support/test-clock';
import { startTestApp, TestApp } from '../support/test-app';
import { binary } from '../support/xlsx-read';

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

const values = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

describe('GET /templates/{name}: import templates an office fills (issue 14)', () => {
  let t: TestApp;
  let given: Given;

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock('2026-12-01') });
    given = new Given(t);
  });
  afterAll(() => t.close());

  const download = (name: string, token?: string | null) => binary(t.http(token).get(`/api/v1/templates/${name}`));

  it.each([
    ['designations', ['姓名', '身份证号', '统一社会信用代码', '届别', '命名日期'], ['name', 'idNumber', 'employerCreditCode', 'cohort', 'designatedOn']],
    ['social-insurance', ['身份证号', '社保缴费单位注册地', '起始日期'], ['idNumber', 'district', 'since']],
    ['organizations', ['名称', '类型', '统一社会信用代码', '工会层级', '上级工会', '所在区', '所属街镇', '行业主管单位', '本单位工会', '联系邮箱', '单位性质'], ['name', 'kind']],
    ['opening-ledger-allowance', ['身份证号', '所属月份', '金额（分）'], ['idNumber', 'forPeriod', 'amountFen']],
    ['opening-ledger-grant', ['统一社会信用代码', '工作室名称', '期次', '金额（分）'], ['creditCode', 'workshopName', 'instalment', 'amountFen']],
  ])('%s: Chinese headings in row 1, their English names in notes and on the 填写说明 sheet, never cached', async (name, headings, keys) => {
    const res = await download(name).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toContain(`${name}.xlsx`);
    const workbook = await workbookOf(res.body);
    const [first, help] = workbook.worksheets;
    expect(values(first)[0]).toEqual(headings);
    expect(String(first.getRow(1).getCell(1).note)).toContain(keys[0]);
    const helpText = JSON.stringify(values(help));
    for (const key of keys) expect(helpText).toContain(key);
  });

  it('gives a designations template whose example row, filled in, imports as it is', async () => {
    const employer = await given.employer();
    const res = await download('designations').expect(200);
    const workbook = await workbookOf(res.body);
    const sheet = workbook.worksheets[0];
    expect(values(sheet)).toHaveLength(2);
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('@');
    sheet.getRow(2).getCell(2).value = idNumberFor('1983-04-04');
    sheet.getRow(2).getCell(3).value = employer.creditCode;
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    await t.http().post('/api/v1/designations/import').set('Content-Type', XLSX).send(filled).expect(201, { created: 1 });
  });

  it('gives an organisations template whose example rows import as they are', async () => {
    const res = await download('organizations').expect(200);
    const imported = await t.http().post('/api/v1/organizations/import').set('Content-Type', XLSX).send(res.body);
    expect({ status: imported.status, body: imported.body }).toEqual({ status: 201, body: { created: 3 } });
  });

  it('pre-fills the opening allowance ledger with every month each person should have been paid, full ID numbers as text', async () => {
    const idNumber = idNumberFor('1979-09-09');
    const talent = await given.talent({ idNumber });
    // Named 2024-06-15: term from 2024-07; on 2026-12-01 the months 2024-07 … 2026-11 are past: 29 of them.
    await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
    const res = await download('opening-ledger-allowance').expect(200);
    const sheet = (await workbookOf(res.body)).worksheets[0];
    const mine = values(sheet).filter((r) => r[0] === idNumber);
    expect(mine).toHaveLength(29);
    expect(mine[0]).toEqual([idNumber, '2024-07', 100000]);
    expect(mine[28]).toEqual([idNumber, '2026-11', 100000]);
    const rowOf = values(sheet).findIndex((r) => r[0] === idNumber) + 1;
    expect(sheet.getRow(rowOf).getCell(1).numFmt).toBe('@');
    expect(JSON.stringify(values((await workbookOf(res.body)).worksheets[1]))).toContain('删除实际未发放的月份');
    // Whoever downloads it is on the record, as for the roster.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'template.exported' AND entity_id = 'opening-ledger-allowance'`);
    expect(n).toBeGreaterThan(0);
    // The decryption is the registry's own.
    const [row] = await t.db.query('SELECT id_number_enc FROM talents WHERE id = $1', [talent.id]);
    expect(t.app.get(PiiCipher).decrypt(row.id_number_enc)).toBe(idNumber);
  });

  it('pre-fills the opening grant ledger with the instalments due so far', async () => {
    const employer = await given.employer();
    const talent = await given.talent({ employerId: employer.id });
    await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
    await t.http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '精密加工首席技师工作室', employerId: employer.id, leadTalentId: talent.id, level: 'district', namedOn: '2025-03-10' }).expect(201);
    const sheet = (await workbookOf((await download('opening-ledger-grant').expect(200)).body)).worksheets[0];
    // Instalments in 2025-04 and 2026-04 are due by 2026-12; the third (2027-04) is not.
    expect(values(sheet).filter((r) => r[0] === employer.creditCode)).toEqual([
      [employer.creditCode, '精密加工首席技师工作室', 1, 1666666],
      [employer.creditCode, '精密加工首席技师工作室', 2, 1666666],
    ]);
  });

  it('is for the district office and finance only; an unknown template is 404', async () => {
    await download('designations', await userWithRole(t, 'finance')).expect(200);
    await download('designations', await userWithRole(t, 'city_office')).expect(403);
    await download('designations', null).expect(401);
    await download('payroll').expect(404);
  });
});
