import ExcelJS from 'exceljs';
import { creditCode, Given, idNumberFor } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import type { RunLine as Line } from '../support/payments-world';
import { monthsFromTo } from '../support/periods';
import { xlsxOf } from '../support/sheets';

const ALLOWANCE = 100000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The 29 months of 2024-07 .. 2026-11. */
const monthsPaidBySpreadsheet = () => monthsFromTo('2024-07', '2026-11');

const withoutId = (lines: Line[]) => lines.map(({ id: _id, ...l }) => l);
const sortLines = (lines: Omit<Line, 'id'>[]) => [...lines].sort((a, b) => `${a.designationId ?? a.workshopId}${a.forPeriod}${a.kind}`.localeCompare(`${b.designationId ?? b.workshopId}${b.forPeriod}${b.kind}`));

/**
 * Issue 14 items 1, 3 and 7 (SPEC §3.7): an office in the middle of a
 * programme adopts the service. The 2024 cohort (named 2024-06) has been paid by
 * spreadsheet for 2024-07 .. 2026-11; on 2026-12-01 the designations and the
 * opening ledger are imported, the reconciliation report shows the two
 * differences, and the preview and then the first run of 2026-12 pay exactly
 * what is still owed.
 */
describe('payments: adopting a programme from spreadsheets', () => {
  let t: TestApp;
  let given: Given;
  let finance: string;
  let employer: { id: string; creditCode: string };
  const people = [
    { name: '王伟', idNumber: idNumberFor('1980-03-04') },
    { name: '李娜', idNumber: idNumberFor('1982-07-21', 'female') },
    { name: '张强', idNumber: idNumberFor('1979-11-30') },
  ];
  const [regular, missingOne, paidTwice] = people;
  const designationOf = new Map<string, string>();
  let workshop: { id: string; name: string };

  const upload = (kind: string, csv: string, token: string | null = finance) =>
    t.http(token).post(`/api/v1/payments/opening-ledger?kind=${kind}`).set('Content-Type', 'text/csv; charset=utf-8').send(csv);
  /** The office's own spreadsheets: every adoption file goes in as an .xlsx, with the templates' Chinese headings. */
  const uploadXlsx = async (path: string, rows: string[][], status: number, token?: string) =>
    t.http(token).post(path).set('Content-Type', XLSX).send(await xlsxOf(rows)).expect(status);

  /** Every table's row count: a preview leaves them all as they were. */
  const rowCounts = async (): Promise<Record<string, number>> => {
    const tables: Array<{ name: string }> = await t.db.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = Number((await t.db.query(`SELECT count(*) AS n FROM "${name}"`))[0].n);
    return counts;
  };

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    t.clock.setDate('2026-12-01');
    finance = (await t.http().post('/api/v1/users').send({ name: '人社财务', role: 'finance' }).expect(201)).body.token;
    // Organisations, then people and designations, from the office's xlsx files (issue 14's order of steps).
    const code = creditCode();
    await uploadXlsx('/api/v1/organizations/import', [
        ['名称', '类型', '统一社会信用代码', '工会层级', '上级工会', '所在区', '所属街镇', '行业主管单位', '本单位工会', '联系邮箱'],
        ['岳阳街道', '街镇', '', '', '', '松江区', '', '', '', 'yueyang@example.com'],
        ['上海松江精密机械有限公司', '用人单位', code, '', '', '松江区', '岳阳街道', '', '', ''],
      ], 201);
    const employers = (await t.http().get('/api/v1/organizations?kind=employer').expect(200)).body.items as Array<{ id: string; creditCode: string }>;
    employer = { id: employers.find((e) => e.creditCode === code)!.id, creditCode: code };
    await uploadXlsx('/api/v1/designations/import', [
        ['姓名', '身份证号', '统一社会信用代码', '届别', '命名日期'],
        ...people.map((p, i) => [p.name, p.idNumber, employer.creditCode, '2024', `2024-06-1${i}`]),
      ], 201);
    const list = (await t.http().get('/api/v1/designations?cohort=2024').expect(200)).body.items as Array<{ id: string; talentId: string }>;
    for (const d of list) {
      const talent = (await t.http().get(`/api/v1/talents/${d.talentId}`).expect(200)).body as { name: string };
      designationOf.set(talent.name, d.id);
    }
    const lead = list.find((d) => designationOf.get(regular.name) === d.id)!;
    const w = (
      await t.http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '王伟首席技师工作室', employerId: employer.id, leadTalentId: lead.talentId, level: 'district', namedOn: '2024-08-10' }).expect(201)
    ).body;
    workshop = { id: w.id, name: '王伟首席技师工作室' };
  });
  afterAll(() => t.close());

  it('imports 29 months a person, all or nothing, as opening lines visible in the designation ledger and the audit log', async () => {
    const rows: string[] = ['idNumber,forPeriod,amountFen'];
    for (const p of people) {
      for (const month of monthsPaidBySpreadsheet()) {
        if (p === missingOne && month === '2025-03') continue;
        rows.push(`${p.idNumber},${month},${p === paidTwice && month === '2025-05' ? 2 * ALLOWANCE : ALLOWANCE}`);
      }
    }
    const sheet = [['身份证号', '所属月份', '金额（分）'], ...rows.slice(1).map((r) => r.split(','))];
    expect((await uploadXlsx('/api/v1/payments/opening-ledger?kind=allowance', sheet, 201, finance)).body).toEqual({ imported: 29 * 3 - 1 });
    // Instalments 1 (2024-09) and 2 (2025-09) of the workshop's grant were paid by spreadsheet; 3 falls in 2026-09.
    const grants = [
      ['统一社会信用代码', '工作室名称', '期次', '金额（分）'],
      [employer.creditCode, workshop.name, '1', '1666666'],
      [employer.creditCode, workshop.name, '2', '1666666'],
    ];
    expect((await uploadXlsx('/api/v1/payments/opening-ledger?kind=grant', grants, 201, finance)).body).toEqual({ imported: 2 });

    const ledger = (await t.http(finance).get(`/api/v1/designations/${designationOf.get(paidTwice.name)}/payments`).expect(200)).body.items;
    expect(ledger).toHaveLength(29);
    expect(ledger[0]).toMatchObject({ runPeriod: null, forPeriod: '2024-07', kind: 'opening', amountFen: ALLOWANCE, monthIndex: 1 });
    expect(ledger.find((l: { forPeriod: string }) => l.forPeriod === '2025-05')).toMatchObject({ amountFen: 2 * ALLOWANCE, monthIndex: 11 });

    const audit = (await t.http().get('/api/v1/audit-events?entityType=opening_ledger').expect(200)).body.items;
    expect(audit).toHaveLength(2);
    expect(audit.map((a: { after: { imported: number } }) => a.after.imported).sort()).toEqual([2, 86]);
    expect(audit[0].after.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(audit)).not.toContain(regular.idNumber);
    // No period exists: opening lines belong to none.
    expect((await t.http(finance).get('/api/v1/payment-runs').expect(200)).body.items).toEqual([]);
  });

  it('shows per person the months owed against the months recorded as paid, with the differences, as JSON and xlsx', async () => {
    const report = (await t.http(finance).get('/api/v1/payments/reconciliation?asOf=2026-11').expect(200)).body;
    expect(report.asOf).toBe('2026-11');
    const byName = new Map(report.items.map((r: { name: string }) => [r.name, r]));
    expect(byName.get(regular.name)).toMatchObject({ owedMonths: 29, paidMonths: 29, owedFen: 29 * ALLOWANCE, paidFen: 29 * ALLOWANCE, missing: [], overpaid: [] });
    expect(byName.get(missingOne.name)).toMatchObject({ owedMonths: 29, paidMonths: 28, missing: ['2025-03'], overpaid: [] });
    expect(byName.get(paidTwice.name)).toMatchObject({ owedMonths: 29, paidMonths: 29, paidFen: 30 * ALLOWANCE, missing: [], overpaid: ['2025-05'] });
    expect(JSON.stringify(report)).not.toContain(regular.idNumber);

    const res = await t
      .http(finance)
      .get('/api/v1/payments/reconciliation?asOf=2026-11&format=xlsx')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['姓名', '身份证号', '工作单位', '应发月数', '已发月数', '差异']));
    const rows = [3, 4, 5].map((n) => sheet.getRow(n));
    const rowOf = (name: string) => rows.find((r) => r.getCell(1).value === name)!;
    expect(rowOf(missingOne.name).getCell(10).value).toBe('少发：2025-03');
    expect(rowOf(paidTwice.name).getCell(10).value).toBe('多发：2025-05');
    expect(rowOf(regular.name).getCell(10).value).toBe('');
    expect((rowOf(missingOne.name).getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(rowOf(regular.name).getCell(1).fill).toBeUndefined();
  });

  it('previews the first run without writing anything, and the run then writes exactly the preview: 2026-12, the missing month, the overpaid month back', async () => {
    const before = await rowCounts();
    const preview = (await t.http(finance).get('/api/v1/payment-runs/2026-12/preview').expect(200)).body as { summary: Record<string, unknown>; lines: Line[] };
    expect(await rowCounts()).toEqual(before);
    await t.http(finance).get('/api/v1/payment-runs/2026-12').expect(404);

    const paid = (name: string) => designationOf.get(name);
    expect(sortLines(withoutId(preview.lines)).map((l) => [l.designationId ?? l.workshopId, l.forPeriod, l.kind, l.amountFen])).toEqual(
      sortLines([
        { designationId: paid(regular.name)!, forPeriod: '2026-12', kind: 'regular', amountFen: ALLOWANCE },
        { designationId: paid(missingOne.name)!, forPeriod: '2025-03', kind: 'arrears', amountFen: ALLOWANCE },
        { designationId: paid(missingOne.name)!, forPeriod: '2026-12', kind: 'regular', amountFen: ALLOWANCE },
        { designationId: paid(paidTwice.name)!, forPeriod: '2025-05', kind: 'clawback', amountFen: -ALLOWANCE },
        { designationId: paid(paidTwice.name)!, forPeriod: '2026-12', kind: 'regular', amountFen: ALLOWANCE },
        { designationId: null, workshopId: workshop.id, forPeriod: '2026-09', kind: 'grant', amountFen: 1666668 },
      ] as Line[]).map((l) => [l.designationId ?? l.workshopId, l.forPeriod, l.kind, l.amountFen]),
    );

    const summary = (await t.http(finance).post('/api/v1/payment-runs').send({ period: '2026-12' }).expect(200)).body;
    expect(preview.summary).toMatchObject({ period: '2026-12', totals: summary.totals, counts: summary.counts });
    expect(summary.totals).toEqual({ allowanceFen: 4 * ALLOWANCE, grantFen: 1666668, clawbackFen: -ALLOWANCE, netFen: 3 * ALLOWANCE + 1666668 });
    const lines = (await t.http(finance).get('/api/v1/payment-runs/2026-12/lines?limit=100').expect(200)).body.items as Line[];
    expect(sortLines(withoutId(lines))).toEqual(sortLines(withoutId(preview.lines)));

    // Nothing left to pay: a second preview and the reconciliation report agree.
    expect((await t.http(finance).get('/api/v1/payment-runs/2026-12/preview').expect(200)).body.lines).toEqual([]);
    const report = (await t.http(finance).get('/api/v1/payments/reconciliation?asOf=2026-12').expect(200)).body;
    for (const r of report.items) expect(r).toMatchObject({ owedMonths: 30, paidMonths: 30, owedFen: 30 * ALLOWANCE, paidFen: 30 * ALLOWANCE, missing: [], overpaid: [] });
  });

  it('refuses a preview a run would refuse', async () => {
    expect((await t.http(finance).get('/api/v1/payment-runs/2027-01/preview').expect(422)).body.message).toMatch(/has not begun/);
    await t.http(finance).get('/api/v1/payment-runs/2026-11/preview').expect(409);
    await t.http(finance).get('/api/v1/payment-runs/2026-13/preview').expect(400);
    await t.http(finance).post('/api/v1/payment-runs/2026-12/close').expect(200);
    await t.http(finance).get('/api/v1/payment-runs/2026-12/preview').expect(409);
    await t.http(null).get('/api/v1/payment-runs/2026-12/preview').expect(401);
  });

  describe('row errors: nothing is imported, each named by its row as in Excel (header = row 1)', () => {
    const errorsOf = async (kind: string, csv: string) => {
      const before = Number((await t.db.query(`SELECT count(*) AS n FROM payment_lines`))[0].n);
      const body = (await upload(kind, csv).expect(400)).body;
      expect(Number((await t.db.query(`SELECT count(*) AS n FROM payment_lines`))[0].n)).toBe(before);
      return body.errors as Array<{ row: number; field: string; constraint: string; otherRow?: number; message: string }>;
    };
    const header = 'idNumber,forPeriod,amountFen';

    it.each([
      ['an unknown person', () => `${idNumberFor('1985-01-01')},2025-01,100000`, 'idNumber', /no person is registered/, 'unknownIdNumber'],
      ['a month outside every term of the person', () => `${regular.idNumber},2024-06,100000`, 'forPeriod', /no designation whose term holds 2024-06/, 'noDesignationInTerm'],
      ['a month imported before', () => `${regular.idNumber},2024-07,100000`, 'forPeriod', /imported before/, 'importedBefore'],
      ['a month the service has paid', () => `${missingOne.idNumber},2025-03,100000`, 'forPeriod', /already been paid by the service/, 'alreadyPaid'],
      ['a month not yet begun', () => `${regular.idNumber},2027-01,100000`, 'forPeriod', /has not begun/, 'notBegun'],
      ['a month badly written', () => `${regular.idNumber},2025/01,100000`, 'forPeriod', /YYYY-MM/, 'invalidMonth'],
      ['an amount that is not whole fen', () => `${regular.idNumber},2025-01,1000.50`, 'amountFen', /whole number of fen/, 'invalidAmount'],
      ['a zero amount', () => `${regular.idNumber},2025-01,0`, 'amountFen', /whole number of fen/, 'invalidAmount'],
      ['an ID number with a wrong check digit', () => `${regular.idNumber.slice(0, 17)}${regular.idNumber[17] === '1' ? '2' : '1'},2025-01,100000`, 'idNumber', /./, 'invalidIdNumber'],
    ])('%s', async (_what, row, field, message, constraint) => {
      const errors = await errorsOf('allowance', `${header}\n${row()}`);
      expect(errors).toEqual([{ row: 2, field, constraint, message: expect.stringMatching(message as RegExp) }]);
    });

    it('a month repeated in the file, on the row of its second occurrence, with a valid row left out too', async () => {
      const other = idNumberFor('1986-02-02');
      const errors = await errorsOf('allowance', `${header}\n${other},2025-01,100000\n${regular.idNumber},2026-12,100000\n${regular.idNumber},2026-12,100000`);
      expect(errors.map((e) => [e.row, e.field])).toEqual([
        [2, 'idNumber'],
        [3, 'forPeriod'],
        [4, 'forPeriod'],
      ]);
      expect(errors[2].message).toMatch(/already on row 3/);
      expect(errors.map((e) => e.constraint)).toEqual(['unknownIdNumber', 'alreadyPaid', 'duplicateInFile']);
      expect(errors[2].otherRow).toBe(3);
    });

    it('grant rows: an unknown employer, an unknown workshop, an instalment out of 1–3, one imported before', async () => {
      const errors = await errorsOf(
        'grant',
        [
          'creditCode,workshopName,instalment,amountFen',
          `${creditCode()},${workshop.name},1,1666666`,
          `${employer.creditCode},没有的工作室,1,1666666`,
          `${employer.creditCode},${workshop.name},4,1666666`,
          `${employer.creditCode},${workshop.name},2,1666666`,
          `${employer.creditCode},${workshop.name},3,1666668`,
        ].join('\n'),
      );
      expect(errors.map((e) => [e.row, e.field])).toEqual([
        [2, 'creditCode'],
        [3, 'workshopName'],
        [4, 'instalment'],
        [5, 'instalment'],
        [6, 'instalment'],
      ]);
      expect(errors[3].message).toMatch(/imported before/);
      expect(errors[4].message).toMatch(/already been paid by the service/);
      expect(errors.map((e) => e.constraint)).toEqual(['unknownCreditCode', 'unknownWorkshop', 'notAnOption', 'importedBefore', 'alreadyPaid']);
    });

    it('a wrong header or an empty file is one error for the file; only admin and finance may import', async () => {
      expect((await upload('allowance', 'idNumber,month,amountFen\nx,y,z').expect(400)).body.message).toMatch(/header/i);
      await upload('allowance', `${header}\n`).expect(400);
      await upload('bonus', `${header}\n${regular.idNumber},2025-01,100000`).expect(400);
      await upload('allowance', `${header}\n${regular.idNumber},2025-01,100000`, null).expect(401);
    });
  });

  it('a month imported after the service has run, before the latest run, is counted by the next run (here: clawed back)', async () => {
    const idNumber = idNumberFor('1984-04-04');
    const talent = await given.talent({ employerId: employer.id, idNumber });
    const d = await given.designation({ talentId: talent.id, designatedOn: '2024-06-20' });
    const adj = (await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2026-01-01', note: '调岗' }).expect(201)).body;
    await t.http().post(`/api/v1/adjustments/${adj.id}/decision`).send({ decision: 'approve' }).expect(200);
    t.clock.setDate('2027-01-04');
    const first = (await t.http(finance).post('/api/v1/payment-runs').send({ period: '2027-01' }).expect(200)).body;
    expect(first.counts).toMatchObject({ arrears: 18, clawback: 0 });
    // The spreadsheet had paid February 2026, after the suspension: recorded now, it is clawed back by a re-run of 2027-01.
    await upload('allowance', `idNumber,forPeriod,amountFen\n${idNumber},2026-02,100000`).expect(201);
    const preview = (await t.http(finance).get('/api/v1/payment-runs/2027-01/preview').expect(200)).body;
    expect(preview.lines.map((l: Line) => [l.designationId, l.forPeriod, l.kind, l.amountFen])).toEqual([[d.id, '2026-02', 'clawback', -ALLOWANCE]]);
    const again = (await t.http(finance).post('/api/v1/payment-runs').send({ period: '2027-01' }).expect(200)).body;
    expect(again.counts.clawback).toBe(1);
  });

  it('a preview of an open period lists the held months the re-run keeps from its earlier run, as its summary counts them', async () => {
    const talent = await given.talent({ employerId: employer.id, idNumber: idNumberFor('1985-05-05') });
    const d = await given.designation({ talentId: talent.id, designatedOn: '2026-10-10' });
    await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2026-12-01', note: '调岗待审' }).expect(201);
    const run = (await t.http(finance).post('/api/v1/payment-runs').send({ period: '2027-01' }).expect(200)).body;
    // Nothing changed since: the re-run rewrites no report of d and keeps its two held months.
    const preview = (await t.http(finance).get('/api/v1/payment-runs/2027-01/preview').expect(200)).body;
    const held = (lines: Line[]) => lines.filter((l) => l.designationId === d.id && l.kind === 'held').map((l) => l.forPeriod).sort();
    expect(held(preview.lines)).toEqual(['2026-12', '2027-01']);
    expect(preview.summary.counts.held).toBe(run.counts.held);
    expect(preview.lines.filter((l: Line) => l.kind === 'held')).toHaveLength(run.counts.held);
  });
});
