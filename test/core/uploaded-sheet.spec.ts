import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/core/errors/domain-error';
import { readUploadedSheet, serialToDate, SheetColumn } from '../../src/core/sheet/uploaded-sheet';
import { inExcelOrder, toCsvText, toXlsx, unzipParts, XLSX } from '../support/sheets';

const COLUMNS: SheetColumn[] = [
  { key: 'idNumber', label: '身份证号', kind: 'idNumber' },
  { key: 'forPeriod', label: '所属月份', kind: 'month' },
  { key: 'on', label: '日期', kind: 'date' },
  { key: 'note', label: '备注' },
];
// exceljs's own temporary-file module, which has no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tmp = require('tmp') as { file(...args: unknown[]): void };
const COMPILED = join(__dirname, '../../dist/src/core/sheet/uploaded-sheet.js');

async function failure(promise: Promise<unknown>): Promise<InvalidInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('readUploadedSheet: one reader for CSV and xlsx (SPEC §3.7)', () => {
  it('gives the same rows, with the same sheet row numbers, for CSV and xlsx', async () => {
    const rows = [
      ['31011719850315001X', '2024-07', '2024-06-15', '甲'],
      ['', '', '', ''],
      ['310117198503150011', '2024-08', '2024-06-16', '乙'],
    ];
    const keys = COLUMNS.map((c) => c.key);
    const fromCsv = await readUploadedSheet(toCsvText(keys, rows), 'text/csv', COLUMNS, { maxRows: 10 });
    const fromXlsx = await readUploadedSheet(await toXlsx(COLUMNS.map((c) => c.label), rows), XLSX, COLUMNS, { maxRows: 10 });
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromCsv.map((r) => r.row)).toEqual([2, 4]);
  });

  it('reads a workbook whose sheet comes before its shared strings and styles, as Excel orders them', async () => {
    const july = new Date(Date.UTC(2024, 6, 1));
    const original = await toXlsx(['身份证号', '所属月份', '日期', '备注'], [['31011719850315002X', july, july, '共享字符串']]);
    const reordered = inExcelOrder(original);
    const names = unzipParts(reordered).map(([name]) => name);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/styles.xml'));
    const [row] = await readUploadedSheet(reordered, XLSX, COLUMNS, { maxRows: 10 });
    expect(row).toEqual({ row: 2, values: { idNumber: '31011719850315002X', forPeriod: '2024-07', on: '2024-07-01', note: '共享字符串' } });
  });

  it('writes no part of a workbook to a temporary file: ID numbers stay in memory, whatever the order of the parts', async () => {
    const tmpFile = jest.spyOn(tmp, 'file');
    try {
      const rows = [['31011719850315002X', '2024-07', '2024-06-15', '甲']];
      const shared = await toXlsx(COLUMNS.map((c) => c.label), rows);
      for (const body of [shared, inExcelOrder(shared), await toXlsx(COLUMNS.map((c) => c.label), rows, { inline: true })]) {
        const [row] = await readUploadedSheet(body, XLSX, COLUMNS, { maxRows: 10 });
        expect(row.values.idNumber).toBe('31011719850315002X');
      }
      expect(tmpFile).not.toHaveBeenCalled();
    } finally {
      tmpFile.mockRestore();
    }
  });

  it('reads months and dates from date cells and serials, and numbers in text columns in full', async () => {
    const july = new Date(Date.UTC(2024, 6, 1));
    const serial = (Date.UTC(2024, 6, 1) - Date.UTC(1899, 11, 30)) / 86_400_000;
    const [row] = await readUploadedSheet(await toXlsx(['idNumber', 'forPeriod', 'on', 'note'], [['110101199001011237', july, serial, 123456789012]]), XLSX, COLUMNS, { maxRows: 10 });
    expect(row.values).toEqual({ idNumber: '110101199001011237', forPeriod: '2024-07', on: '2024-07-01', note: '123456789012' });
    expect(serialToDate(serial)).toBe('2024-07-01');
    expect(serialToDate(0)).toBeUndefined();
    expect(serialToDate(0, true)).toBeUndefined();
    expect(serialToDate(1, true)).toBe('1904-01-02');
  });

  it('makes row errors of cells it cannot read as their column needs', async () => {
    const error = await failure(
      readUploadedSheet(
        await toXlsx(['idNumber', 'forPeriod', 'on', 'note'], [
          [310117198503150000, '2024-07', '2024-07-01', ''],
          ['310117198503150011', { error: '#N/A' }, '2024-07-01', ''],
          ['310117198503150011', '2024-07', { formula: 'TODAY()' }, ''],
          ['310117198503150011', '2024-07', -5, ''],
        ] as never),
        XLSX,
        COLUMNS,
        { maxRows: 10 },
      ),
    );
    expect(error.details).toEqual([
      { row: 2, field: 'idNumber', constraint: 'unreadableCell', message: expect.stringContaining('format the column as text') },
      { row: 3, field: 'forPeriod', constraint: 'unreadableCell', message: expect.stringContaining('#N/A') },
      { row: 4, field: 'on', constraint: 'unreadableCell', message: expect.stringContaining('no saved result') },
      { row: 5, field: 'on', constraint: 'unreadableCell', message: expect.stringContaining('not an Excel date') },
    ]);
  });

  it('refuses a value outside the header columns, too many rows and an empty first sheet, naming them', async () => {
    const wide = await toXlsx(['idNumber', 'forPeriod', 'on', 'note'], [['1', '2', '3', '4', 'extra']]);
    expect((await failure(readUploadedSheet(wide, XLSX, COLUMNS, { maxRows: 10 }))).message).toBe('row 2: expected 4 columns, found a value in column 5');
    const many = await toXlsx(['idNumber', 'forPeriod', 'on', 'note'], [['1', '', '', ''], ['2', '', '', '']]);
    expect((await failure(readUploadedSheet(many, XLSX, COLUMNS, { maxRows: 1 }))).message).toContain('more than 1 data rows');
    expect((await failure(readUploadedSheet(await toXlsx([], []), XLSX, COLUMNS, { maxRows: 1 }))).message).toContain('empty');
  });

  // A 10 MB workbook of 300,000 rows is streamed: the heap holds the rows returned (most of it) and one chunk of the sheet, never the workbook.
  (existsSync(COMPILED) ? it : it.skip)('reads a 10 MB workbook of 300,000 rows in a 320 MB heap (needs npm run build)', () => {
    const script = `
      const ExcelJS = require('exceljs');
      const { PassThrough } = require('node:stream');
      const { readUploadedSheet } = require(${JSON.stringify(COMPILED)});
      (async () => {
        const out = new PassThrough(); const chunks = []; out.on('data', (c) => chunks.push(c));
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
        const s = wb.addWorksheet('a'); s.addRow(['idNumber', 'forPeriod', 'on', 'note']).commit();
        for (let i = 0; i < 300000; i++) s.addRow([String(1e17 + i * 7919), '2024-07', '2024-07-01', 'n' + ((i * 2654435761) % 1e9).toString(36)]).commit();
        s.commit(); await wb.commit();
        const body = Buffer.concat(chunks); chunks.length = 0;
        const rows = await readUploadedSheet(body, ${JSON.stringify(XLSX)}, ${JSON.stringify(COLUMNS)}, { maxRows: 1000000 });
        process.stdout.write(body.length + ' ' + rows.length);
      })().catch((e) => { process.stdout.write('failed ' + e.message); });`;
    const out = execFileSync(process.execPath, ['--max-old-space-size=320', '-e', script], { encoding: 'utf8', cwd: join(__dirname, '../..') });
    const [size, rows] = out.split(' ').map(Number);
    expect(rows).toBe(300_000);
    expect(size).toBeGreaterThan(8_000_000);
  }, 120_000);
});
