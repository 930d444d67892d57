import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import type request from 'supertest';
import { parseCsv } from '../../src/core/csv/csv-parser';
import { RosterExporter } from '../../src/modules/payments/roster.exporter';
import { idNumberCheckDigit, makeIdNumber } from '../../src/modules/talents/id-number';
import { cohortRows, toCsv } from '../support/designations-csv';
import { Given } from '../support/given';
import { userWithRole } from '../support/http';
import { idNumberEndingInX } from '../support/ids';
import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/test-app';
import type { RunLine as Line } from '../support/payments-world';
import { binary } from '../support/xlsx-read';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ALLOWANCE_HEADERS = ['序号', '姓名', '身份证号', '工作单位', '所在街镇', '届别', '期间', '第几月', '类型', '金额（元）', '备注'] as const;
const GRANT_HEADERS = ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别', '期间', '第几期', '类型', '金额（元）', '备注'] as const;
const SUMMARY_HEADERS = ['序号', '姓名', '身份证号', '工作单位', '所在街镇', '正常发放（月）', '补发（月）', '追回（月）', '追回（元）', '实发（元）'] as const;
const GRANT_SUMMARY_HEADERS = ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别', '期次', '资助（元）', '追回（元）', '实发（元）'] as const;
const KIND_LABELS: Record<string, string> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助' };

type Cell = string | number;

interface Person {
  name: string;
  idNumber: string;
  employerName: string;
  streetName: string;
  cohort: string;
}

interface Summary {
  period: string;
  totals: { allowanceFen: number; grantFen: number; clawbackFen: number; netFen: number };
  counts: Record<string, number>;
}

/** The RFC 5987 file name of a Content-Disposition header, decoded. */
function utf8FileName(disposition: string | undefined): string {
  const match = /filename\*=UTF-8''([^;\s]+)/.exec(disposition ?? '');
  if (!match) throw new Error(`no filename*=UTF-8'' in ${disposition}`);
  return decodeURIComponent(match[1]);
}

interface Sheet {
  name: string;
  /** Every row, the header first, as plain values (a missing cell is ''). */
  rows: Cell[][];
  /** The raw exceljs cell, for type checks. */
  cell(row: number, col: number): ExcelJS.Cell;
}

/**
 * The 明细 sheet (or another) of a roster xlsx: from its header row (row 2, under the title row) to
 * its totals row (the blank row and the signature row under it left out). `cell(r, c)` counts rows as `rows` does, from 1.
 */
async function readXlsx(buffer: Buffer, columns: number, name = '明细'): Promise<{ sheets: string[]; sheet: Sheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheets = workbook.worksheets.map((w) => w.name);
  const ws = workbook.getWorksheet(name)!;
  const rows: Cell[][] = [];
  for (let r = 2; r <= ws.rowCount - 2; r++) {
    const row = ws.getRow(r);
    const values: Cell[] = [];
    for (let c = 1; c <= columns; c++) {
      const v = row.getCell(c).value;
      values.push(v === null || v === undefined ? '' : typeof v === 'number' || typeof v === 'string' ? v : String(v));
    }
    rows.push(values);
  }
  return { sheets, sheet: { name: ws.name, rows, cell: (r, c) => ws.getRow(r + 1).getCell(c) } };
}

/** A valid ID number whose check character is a digit (so a spreadsheet would turn it into a number if it could). */
function idNumberEndingInDigit(birthDate: string, region: string): string {
  for (let seq = 1; seq < 1000; seq++) {
    const first17 = region + birthDate.replace(/-/g, '') + String(seq).padStart(3, '0');
    if (idNumberCheckDigit(first17) !== 'X') return makeIdNumber(region, birthDate, first17.slice(-3));
  }
  throw new Error('unreachable');
}

const yuan2 = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

describe('payments: 发放名册 (roster export)', () => {
  let t: TestApp;
  let given: Given;
  let financeToken: string;
  let financeUserId: string;
  const people = new Map<string, Person>(); // by designation id
  let employer: { id: string; name: string; creditCode: string; streetName: string };
  let leadX: Person;
  let november: Summary;

  const run = async (period: string): Promise<Summary> => (await t.http().post('/api/v1/payment-runs').send({ period }).expect(200)).body;
  const lines = async (period: string): Promise<Line[]> => {
    const all: Line[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await t.http().get(`/api/v1/payment-runs/${period}/lines?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return all;
  };
  const roster = (period: string, query: string, token: string | null = financeToken) =>
    binary(t.http(token).get(`/api/v1/payment-runs/${period}/roster${query}`));
  const rosterAudits = async (period: string) =>
    ((await t.http().get(`/api/v1/audit-events?entityType=payment_run&entityId=${period}&limit=200`).expect(200)).body.items as Array<{
      action: string;
      actor: string;
      after: Record<string, unknown>;
    }>).filter((e) => e.action === 'roster.exported');

  /** A person with a talent on the employer and a designation. */
  async function person(opts: { employerId: string; employerName: string; streetName: string; designatedOn: string; idNumber: string; name: string }): Promise<{ designationId: string; talentId: string; person: Person }> {
    const talent = await given.talent({ employerId: opts.employerId, name: opts.name, idNumber: opts.idNumber });
    const d = await given.designation({ talentId: talent.id, designatedOn: opts.designatedOn });
    const p: Person = { name: opts.name, idNumber: opts.idNumber, employerName: opts.employerName, streetName: opts.streetName, cohort: opts.designatedOn.slice(0, 4) };
    people.set(d.id, p);
    return { designationId: d.id, talentId: talent.id, person: p };
  }

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    t.clock.setDate('2024-10-01');
    const finance = (await t.http().post('/api/v1/users').send({ name: '人社财务', role: 'finance' }).expect(201)).body;
    financeToken = finance.token;
    financeUserId = finance.id;

    const street = await given.organization({ name: '岳阳街道', kind: 'street', contactEmails: ['yueyang@example.com'] });
    const made = await given.employer({ name: '上海松江精密机械有限公司', streetId: street.id });
    employer = { id: made.id, name: '上海松江精密机械有限公司', creditCode: made.creditCode, streetName: '岳阳街道' };
    // A name a naive CSV writer would break (a comma and quotes), and a hand-written XML one (& and <>).
    const street2 = await given.organization({ name: '方松街道', kind: 'street', contactEmails: ['fangsong@example.com'] });
    const tricky = await given.employer({ name: '上海"精工",机电&<松江>有限公司', streetId: street2.id });

    const idA = idNumberEndingInDigit('1980-05-10', '310112');
    const idX = idNumberEndingInX('1979-03-08', '310112');
    // Person A (registered late, then suspended) and X (ID ending in X, the workshop lead), both designated 2024-06-15.
    const a = await person({ employerId: employer.id, employerName: employer.name, streetName: employer.streetName, designatedOn: '2024-06-15', name: '王建国', idNumber: idA });
    const x = await person({ employerId: employer.id, employerName: employer.name, streetName: employer.streetName, designatedOn: '2024-06-15', name: '李晓东', idNumber: idX });
    leadX = x.person;

    const october = await run('2024-10');
    expect(october.totals).toMatchObject({ allowanceFen: 800000, clawbackFen: 0, grantFen: 0 });

    // November: B registered late (designated 2024-08-20, term from 2024-09), A suspended from 2024-09-01, X's workshop named 2024-10-15.
    t.clock.setDate('2024-11-01');
    await person({ employerId: tricky.id, employerName: '上海"精工",机电&<松江>有限公司', streetName: '方松街道', designatedOn: '2024-08-20', name: '张志强', idNumber: idNumberEndingInDigit('1985-11-20', '310113') });
    const adj = (await t.http().post(`/api/v1/designations/${a.designationId}/adjustments`).send({ reason: 'violation', effectiveOn: '2024-09-01', note: '违纪' }).expect(201)).body;
    await t.http().post(`/api/v1/adjustments/${adj.id}/decision`).send({ decision: 'approve' }).expect(200);
    await t
      .http()
      .post('/api/v1/workshops')
      .send({ kind: 'chief_technician', name: '李晓东首席技师工作室', employerId: employer.id, leadTalentId: x.talentId, level: 'municipal', namedOn: '2024-10-15' })
      .expect(201);
    november = await run('2024-11');
  });
  afterAll(() => t.close());

  it('builds a November with regular, arrears and clawback lines and a grant', async () => {
    expect(november.totals).toEqual({ allowanceFen: 400000, clawbackFen: -200000, grantFen: 2666666, netFen: 2866666 });
    expect(november.counts).toMatchObject({ regular: 2, arrears: 2, clawback: 2, grant: 1 });
  });

  it('exports the allowance roster as xlsx: headers, one row per line, full ID numbers, totals equal to the run', async () => {
    const res = await roster('2024-11', '?type=allowance&format=xlsx').expect(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    // Streamed, not built in memory and sent with a length.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(utf8FileName(res.headers['content-disposition'])).toBe('首席技师津贴发放名册-2024-11-第1次核算.xlsx');
    // The plain filename= fallback is ASCII only.
    expect(/filename="([^"]*)"/.exec(res.headers['content-disposition'])?.[1]).toMatch(/^[\x20-\x7e]+$/);

    const { sheets, sheet } = await readXlsx(res.body as Buffer, ALLOWANCE_HEADERS.length);
    expect(sheets).toEqual(['汇总', '明细']);
    expect(sheet.rows[0]).toEqual([...ALLOWANCE_HEADERS]);

    const ledger = (await lines('2024-11')).filter((l) => l.designationId !== null && ['regular', 'arrears', 'clawback'].includes(l.kind));
    expect(ledger).toHaveLength(6);
    const data = sheet.rows.slice(1, -1);
    expect(data).toHaveLength(ledger.length);
    expect(sheet.rows).toHaveLength(ledger.length + 2);
    expect(data).toEqual(
      ledger.map((l, i) => {
        const p = people.get(l.designationId!)!;
        return [i + 1, p.name, p.idNumber, p.employerName, p.streetName, p.cohort, l.forPeriod, l.monthIndex, KIND_LABELS[l.kind], l.amountFen / 100, l.note];
      }),
    );
    expect(new Set(data.map((r) => r[8]))).toEqual(new Set(['正常', '补发', '追回']));
    expect(data.filter((r) => r[8] === '追回').map((r) => r[9])).toEqual([-1000, -1000]);

    // The X check character survives as text, never as a number.
    const xRows = data.map((r, i) => ({ r, i })).filter(({ r }) => r[2] === leadX.idNumber);
    expect(leadX.idNumber).toMatch(/^\d{17}X$/);
    expect(xRows).toHaveLength(1);
    expect(typeof sheet.cell(xRows[0].i + 2, 3).value).toBe('string');
    for (let r = 2; r <= data.length + 1; r++) expect(sheet.cell(r, 3).value).toMatch(/^\d{17}[\dX]$/);

    const totals = sheet.rows[sheet.rows.length - 1];
    expect(totals[0]).toBe('合计');
    const totalFen = november.totals.allowanceFen + november.totals.clawbackFen;
    expect(totals[9]).toBe(totalFen / 100);
    expect(Math.round(data.reduce((s, r) => s + (r[9] as number), 0) * 100)).toBe(totalFen);
    expect(totals.filter((v, i) => i !== 0 && i !== 9)).toEqual(Array(9).fill(''));
  });

  it('opens the allowance xlsx on a 汇总 sheet: one row per payee, netted months, totals, title, print layout and signatures', async () => {
    const res = await roster('2024-11', '?type=allowance&format=xlsx').expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const ws = workbook.getWorksheet('汇总')!;
    const title = String(ws.getCell('A1').value);
    expect(title).toContain('首席技师津贴发放名册（汇总）');
    expect(title).toContain('期间：2024-11');
    expect(title).toContain('第 1 次核算（2024-11-01 ');
    expect(ws.getCell('J1').isMerged).toBe(true);
    const { sheet } = await readXlsx(res.body as Buffer, SUMMARY_HEADERS.length, '汇总');
    expect(sheet.rows[0]).toEqual([...SUMMARY_HEADERS]);
    const data = sheet.rows.slice(1, -1);
    expect(data.map((r) => r[0])).toEqual([1, 2, 3]);
    const byName = new Map(data.map((r) => [r[1], r.slice(2)]));
    // 王建国: October paid, suspended from September: both months recovered. 张志强: September and October as arrears, November.
    expect(byName.get('王建国')).toEqual([people.get([...people.keys()][0])!.idNumber, employer.name, employer.streetName, 0, 0, 2, -2000, -2000]);
    expect(byName.get('李晓东')).toEqual([leadX.idNumber, employer.name, employer.streetName, 1, 0, 0, 0, 1000]);
    expect(byName.get('张志强')).toEqual([expect.stringMatching(/^310113/), '上海"精工",机电&<松江>有限公司', '方松街道', 1, 2, 0, 0, 3000]);
    // The ID number stays text (an X or a digit last), never a number.
    for (let r = 2; r <= data.length + 1; r++) expect(typeof sheet.cell(r, 3).value).toBe('string');
    const totals = sheet.rows[sheet.rows.length - 1];
    expect(totals).toEqual(['合计', '', '', '', '', 2, 2, 2, (november.totals.clawbackFen) / 100, (november.totals.allowanceFen + november.totals.clawbackFen) / 100]);
    // The signature lines under the totals, after a blank row.
    const signatures = ws.getRow(ws.rowCount).values as unknown[];
    expect(signatures.filter(Boolean)).toEqual(['制表：＿＿＿＿＿＿', '审核：＿＿＿＿＿＿', '批准：＿＿＿＿＿＿']);
    expect(ws.getRow(ws.rowCount - 1).getCell(1).value).toBe(null);
    // Printed as it is signed: landscape, fitted to the width, the header repeated on each page.
    for (const name of ['汇总', '明细']) {
      const setup = workbook.getWorksheet(name)!.pageSetup;
      expect([name, setup.orientation, setup.fitToPage, setup.fitToWidth, setup.fitToHeight, setup.printTitlesRow]).toEqual([name, 'landscape', true, 1, 0, '2:2']);
      expect(workbook.getWorksheet(name)!.getRow(2).font?.bold).toBe(true);
    }
    const detailTitle = String(workbook.getWorksheet('明细')!.getCell('A1').value);
    expect(detailTitle).toContain('首席技师津贴发放名册（明细）');
    expect(detailTitle).toContain('第 1 次核算');
  });

  it('opens the grant xlsx on a 汇总 sheet: one row per employer and workshop', async () => {
    const res = await roster('2024-11', '?type=grant&format=xlsx').expect(200);
    const { sheets, sheet } = await readXlsx(res.body as Buffer, GRANT_SUMMARY_HEADERS.length, '汇总');
    expect(sheets).toEqual(['汇总', '明细']);
    expect(sheet.rows).toEqual([
      [...GRANT_SUMMARY_HEADERS],
      [1, employer.name, employer.creditCode, employer.streetName, '李晓东首席技师工作室', '李晓东', '市级', '第1期', 26666.66, 0, 26666.66],
      ['合计', '', '', '', '', '', '', '', 26666.66, 0, 26666.66],
    ]);
    expect(typeof sheet.cell(2, 3).value).toBe('string');
  });

  it('exports the same roster as csv: UTF-8 with BOM, parses back to the same rows and totals, two decimals', async () => {
    const xlsx = await readXlsx((await roster('2024-11', '?type=allowance&format=xlsx').expect(200)).body as Buffer, ALLOWANCE_HEADERS.length);
    const res = await roster('2024-11', '?type=allowance&format=csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8$/i);
    expect(utf8FileName(res.headers['content-disposition'])).toBe('首席技师津贴发放名册-2024-11-第1次核算.csv');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text.startsWith('序号,姓名,身份证号')).toBe(true);

    const parsed = parseCsv(text, ALLOWANCE_HEADERS).rows.map((r) => ALLOWANCE_HEADERS.map((h) => r.values[h]));
    const expected = xlsx.sheet.rows.slice(1).map((r) => r.map((v, i) => (i === 9 && typeof v === 'number' ? yuan2(Math.round(v * 100)) : String(v))));
    expect(parsed).toEqual(expected);
    expect(parsed.map((r) => r[9])).toEqual(expect.arrayContaining(['1000.00', '-1000.00']));
    expect(parsed[parsed.length - 1][0]).toBe('合计');
    expect(parsed[parsed.length - 1][9]).toBe(yuan2(november.totals.allowanceFen + november.totals.clawbackFen));
    expect(parsed.some((r) => r[3] === '上海"精工",机电&<松江>有限公司')).toBe(true);
    expect(parsed.some((r) => r[2] === leadX.idNumber)).toBe(true);
  });

  it('exports the grant roster with the employer and its credit code, 26666.66 yuan', async () => {
    const res = await roster('2024-11', '?type=grant&format=xlsx').expect(200);
    expect(utf8FileName(res.headers['content-disposition'])).toBe('首席技师工作室资助发放名册-2024-11-第1次核算.xlsx');
    const { sheets, sheet } = await readXlsx(res.body as Buffer, GRANT_HEADERS.length);
    expect(sheets).toEqual(['汇总', '明细']);
    expect(sheet.rows[0]).toEqual([...GRANT_HEADERS]);
    const grants = (await lines('2024-11')).filter((l) => l.kind === 'grant');
    expect(grants).toHaveLength(1);
    expect(sheet.rows).toHaveLength(3);
    expect(sheet.rows[1]).toEqual([1, employer.name, employer.creditCode, employer.streetName, '李晓东首席技师工作室', '李晓东', '市级', '2024-11', grants[0].monthIndex, '资助', 26666.66, grants[0].note]);
    expect(typeof sheet.cell(2, 3).value).toBe('string');
    expect(sheet.rows[2][0]).toBe('合计');
    expect(sheet.rows[2][10]).toBe(november.totals.grantFen / 100);

    const csv = await roster('2024-11', '?type=grant&format=csv').expect(200);
    expect([...(csv.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'), GRANT_HEADERS).rows.map((r) => GRANT_HEADERS.map((h) => r.values[h]));
    expect(parsed).toHaveLength(2);
    expect(parsed[0].slice(0, 3)).toEqual(['1', employer.name, employer.creditCode]);
    expect(parsed[0][10]).toBe('26666.66');
    expect(parsed[1][0]).toBe('合计');
    expect(parsed[1][10]).toBe('26666.66');
  });

  it('exports a roster with no lines as the header and a zero totals row', async () => {
    // October had no grant yet.
    const xlsx = await roster('2024-10', '?type=grant&format=xlsx').expect(200);
    const { sheet } = await readXlsx(xlsx.body as Buffer, GRANT_HEADERS.length);
    expect(sheet.name).toBe('明细');
    expect(sheet.rows).toEqual([[...GRANT_HEADERS], ['合计', ...Array(9).fill(''), 0, '']]);
    const csv = await roster('2024-10', '?type=grant&format=csv').expect(200);
    expect([...(csv.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'), GRANT_HEADERS).rows.map((r) => GRANT_HEADERS.map((h) => r.values[h]));
    expect(parsed).toEqual([['合计', ...Array(9).fill(''), '0.00', '']]);
  });

  it('audits every export (roster.exported), with who, type and format', async () => {
    const before = await rosterAudits('2024-11');
    await roster('2024-11', '?type=allowance&format=xlsx').expect(200);
    await roster('2024-11', '?type=grant&format=csv').expect(200);
    await roster('2024-11', '?type=allowance').expect(200);
    const after = await rosterAudits('2024-11');
    expect(after).toHaveLength(before.length + 3);
    const added = after.filter((e) => !before.some((b) => JSON.stringify(b) === JSON.stringify(e)));
    expect(added).toHaveLength(3);
    for (const e of added) expect(e.actor).toBe(`user:${financeUserId}`);
    expect(added.map((e) => `${e.after.type}/${e.after.format}`).sort()).toEqual(['allowance/xlsx', 'allowance/xlsx', 'grant/csv']);
  });

  it('still exports a closed period, and says so in the audit', async () => {
    const before = await roster('2024-10', '?type=allowance&format=csv').expect(200);
    await t.http(financeToken).post('/api/v1/payment-runs/2024-10/close').expect(200);
    const after = await roster('2024-10', '?type=allowance&format=csv').expect(200);
    expect((after.body as Buffer).equals(before.body as Buffer)).toBe(true);
    const parsed = parseCsv((after.body as Buffer).subarray(3).toString('utf8'), ALLOWANCE_HEADERS).rows;
    expect(parsed).toHaveLength(8 + 1);
    expect(parsed[8].values['金额（元）']).toBe('8000.00');
    const audits = await rosterAudits('2024-10');
    expect(audits.map((e) => e.after.status)).toEqual(expect.arrayContaining(['open', 'closed']));
  });

  it('lets finance and admin export; other roles 403; no token 401', async () => {
    const admin = await roster('2024-11', '?type=allowance&format=csv', ADMIN_TOKEN).expect(200);
    expect([...(admin.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const adminToken = await userWithRole(t, 'admin');
    await roster('2024-11', '?type=allowance&format=xlsx', adminToken).expect(200);
    const assessor = await userWithRole(t, 'assessor', (await given.street()).id);
    const union = await userWithRole(t, 'union', (await given.organization({ name: '松江区机电工会', kind: 'union', level: 'district', contactEmails: ['union@example.com'] })).id);
    const city = await userWithRole(t, 'city_office');
    const before = (await rosterAudits('2024-11')).length;
    for (const token of [assessor, union, city]) await t.http(token).get('/api/v1/payment-runs/2024-11/roster?type=allowance&format=xlsx').expect(403);
    await t.http(null).get('/api/v1/payment-runs/2024-11/roster?type=allowance&format=xlsx').expect(401);
    expect(await rosterAudits('2024-11')).toHaveLength(before);
  });

  it('answers 404 for a period never run, 400 for a bad type, format or period', async () => {
    const notRun = await t.http(financeToken).get('/api/v1/payment-runs/2024-12/roster?type=allowance&format=xlsx').expect(404);
    expect(notRun.body.statusCode).toBe(404);
    expect(await rosterAudits('2024-12')).toHaveLength(0);

    const badType = await t.http(financeToken).get('/api/v1/payment-runs/2024-11/roster?type=bonus&format=xlsx').expect(400);
    expect(JSON.stringify(badType.body.message)).toContain('type');
    const noType = await t.http(financeToken).get('/api/v1/payment-runs/2024-11/roster?format=xlsx').expect(400);
    expect(JSON.stringify(noType.body.message)).toContain('type');
    const badFormat = await t.http(financeToken).get('/api/v1/payment-runs/2024-11/roster?type=allowance&format=pdf').expect(400);
    expect(JSON.stringify(badFormat.body.message)).toContain('format');
    const twice = await t.http(financeToken).get('/api/v1/payment-runs/2024-11/roster?type=allowance&type=grant').expect(400);
    expect(JSON.stringify(twice.body.message)).toContain('type');
    for (const period of ['2024-13', '202411', '2024-1', 'latest']) {
      const res = await t.http(financeToken).get(`/api/v1/payment-runs/${period}/roster?type=allowance&format=xlsx`).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('period');
    }
  });

  it('never shows a full ID number in the lines listing', async () => {
    for (const period of ['2024-10', '2024-11']) {
      const res = await t.http(financeToken).get(`/api/v1/payment-runs/${period}/lines?limit=200`).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const p of people.values()) {
        expect(res.text).not.toContain(p.idNumber);
        expect(res.text).not.toContain(p.idNumber.slice(6, 14) + p.idNumber.slice(14, 17));
      }
    }
  });

});

describe('payments: 发放名册 of 2,000 designations and of an empty period', () => {
  let t: TestApp;
  let financeToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.setDate('2024-08-05');
    financeToken = (await t.http().post('/api/v1/users').send({ name: '人社财务', role: 'finance' }).expect(201)).body.token;
  });
  afterAll(() => t.close());

  it('exports a period without lines as the header and a zero totals row', async () => {
    await t.http().post('/api/v1/payment-runs').send({ period: '2024-08' }).expect(200);
    const xlsx = await binary(t.http(financeToken).get('/api/v1/payment-runs/2024-08/roster?type=allowance&format=xlsx')).expect(200);
    const { sheets, sheet } = await readXlsx(xlsx.body as Buffer, ALLOWANCE_HEADERS.length);
    expect(sheets).toEqual(['汇总', '明细']);
    expect(sheet.rows).toEqual([[...ALLOWANCE_HEADERS], ['合计', ...Array(8).fill(''), 0, '']]);
    const csv = await binary(t.http(financeToken).get('/api/v1/payment-runs/2024-08/roster?type=allowance&format=csv')).expect(200);
    expect([...(csv.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'), ALLOWANCE_HEADERS).rows.map((r) => ALLOWANCE_HEADERS.map((h) => r.values[h]));
    expect(parsed).toEqual([['合计', ...Array(8).fill(''), '0.00', '']]);
  });

  it('exports 2,000 lines: 2,000 data rows, the header and a totals row equal to the run', async () => {
    const given = new Given(t);
    const employer = await given.employer();
    const rows = cohortRows(2000, { employerCreditCode: employer.creditCode, cohort: '2024', designatedOn: '2024-09-10' });
    t.clock.setDate('2024-09-10'); // a designatedOn after today is refused
    const imported = await t.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv; charset=utf-8').send(toCsv(rows)).expect(201);
    expect(imported.body).toEqual({ created: 2000 });

    t.clock.setDate('2024-10-02');
    const summary: Summary = (await t.http().post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(200)).body;
    expect(summary.counts).toMatchObject({ regular: 2000, arrears: 0, clawback: 0 });
    expect(summary.totals.allowanceFen).toBe(2000 * 100000);

    const res = await binary(t.http(financeToken).get('/api/v1/payment-runs/2024-10/roster?type=allowance&format=xlsx')).expect(200);
    const { sheets, sheet } = await readXlsx(res.body as Buffer, ALLOWANCE_HEADERS.length);
    expect(sheets).toEqual(['汇总', '明细']);
    expect(sheet.rows).toHaveLength(2002);
    expect(sheet.rows[0]).toEqual([...ALLOWANCE_HEADERS]);
    const data = sheet.rows.slice(1, -1);
    expect(data.map((r) => r[0])).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(new Set(data.map((r) => r[2]))).toEqual(new Set(rows.map((r) => r.idNumber)));
    expect(new Set(data.map((r) => r[8]))).toEqual(new Set(['正常']));
    const totals = sheet.rows[2001];
    expect(totals[0]).toBe('合计');
    expect(totals[9]).toBe((summary.totals.allowanceFen + summary.totals.clawbackFen) / 100);
    expect(Math.round(data.reduce((s, r) => s + (r[9] as number), 0) * 100)).toBe(summary.totals.allowanceFen);

    const csv = await binary(t.http(financeToken).get('/api/v1/payment-runs/2024-10/roster?type=allowance&format=csv')).expect(200);
    const parsed = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'), ALLOWANCE_HEADERS).rows;
    expect(parsed).toHaveLength(2001);
    expect(parsed[2000].values['金额（元）']).toBe('2000000.00');
  });

  it('reads a roster at one moment: a run that commits while the file is written changes neither sheet nor the run it names', async () => {
    // One more person, designated for a term from 2024-10: the re-run below adds her regular line, after every line the roster has.
    const employer = await new Given(t).employer();
    await t.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv; charset=utf-8')
      .send(toCsv(cohortRows(1, { employerCreditCode: employer.creditCode, cohort: '2024', designatedOn: '2024-09-10' }))).expect(201);
    const linesOf = async () => (await t.db.query(`SELECT count(*)::int AS n FROM payment_lines WHERE run_period = '2024-10'`))[0].n as number;
    const before: { runNumber: number } = (await t.http().get('/api/v1/payment-runs/2024-10').expect(200)).body;
    expect(await linesOf()).toBe(2000);

    // The first bytes out hold the export until a re-run of the period has committed (a buffer of one byte: the exporter waits for it to drain).
    const chunks: Buffer[] = [];
    let reran: Promise<unknown> | undefined;
    const out = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        if (reran) return done();
        reran = t.http().post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(200);
        reran.then(() => done(), done);
      },
    });
    const exporter = t.app.get(RosterExporter);
    const at = await exporter.open('2024-10');
    try {
      await exporter.write(at, 'allowance', '2024-10', 'xlsx', out, { ...at.run, staleDesignations: 0 });
    } finally {
      await exporter.close(at);
    }
    await reran;
    expect(await linesOf()).toBe(2001);

    // The file is the period as it stood when the export began: 2,000 lines in both sheets, the same total, and that run's number.
    const file = Buffer.concat(chunks);
    const detail = (await readXlsx(file, ALLOWANCE_HEADERS.length)).sheet.rows;
    const summary = (await readXlsx(file, SUMMARY_HEADERS.length, '汇总')).sheet.rows;
    expect([detail.length, summary.length]).toEqual([2002, 2002]);
    expect(detail[2001][9]).toBe(2000 * 1000);
    expect(summary[2001][9]).toBe(2000 * 1000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    for (const sheet of ['汇总', '明细']) expect(String(workbook.getWorksheet(sheet)!.getCell('A1').value)).toContain(`第 ${before.runNumber} 次核算`);
  });

  it('cuts the connection when an export fails after its first bytes went out: the download breaks instead of never ending', async () => {
    // The period's last line's payee made unreadable (an ID number no key opens): each export fails at that line,
    // after the lines before it (2,000 in 2024-10) have been sent.
    const [payee] = await t.db.query(`SELECT t.id, t.id_number_enc FROM payment_lines l JOIN talents t ON t.id = l.payee_talent_id WHERE l.run_period = '2024-10' ORDER BY l.id DESC LIMIT 1`);
    await t.db.query(`UPDATE talents SET id_number_enc = 'v1:unreadable' WHERE id = $1`, [payee.id]);
    try {
      for (const format of ['csv', 'xlsx']) {
        const failed = await binary(t.http(financeToken).get(`/api/v1/payment-runs/2024-10/roster?type=allowance&format=${format}`)).then(
          (res) => `answered ${res.status}`,
          (error: Error) => error.message,
        );
        expect([format, failed]).toEqual([format, expect.stringMatching(/aborted|socket hang up|ECONNRESET/)]);
      }
    } finally {
      await t.db.query(`UPDATE talents SET id_number_enc = $2 WHERE id = $1`, [payee.id, payee.id_number_enc]);
    }
    // The 汇总's query, started beside the 明细, and the snapshot both were read at gave their connections back with their transactions ended.
    const open = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (query LIKE '%roster_summary%' OR xact_start IS NOT NULL) AND state <> 'idle'`))[0].n as number;
    for (let i = 0; i < 20 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await open()).toBe(0);
    await binary(t.http(financeToken).get('/api/v1/payment-runs/2024-10/roster?type=allowance&format=csv')).expect(200);
  });
});
