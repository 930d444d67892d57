import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { SheetColumn } from './uploaded-sheet';

export interface TemplateSpec {
  readonly sheetName: string;
  readonly columns: ReadonlyArray<SheetColumn & { readonly note: string; readonly width?: number; readonly numeric?: boolean }>;
  /** What the 填写说明 sheet says before the column table. */
  readonly instructions: readonly string[];
}

/**
 * An import template (SPEC §3.7): the first sheet is what the import reads —
 * Chinese headings in row 1 (each with a note naming its English column name),
 * then the rows — and a second sheet, 填写说明, explains every column. Every
 * column but the numeric ones is formatted as text, so Excel keeps an ID
 * number's 18 digits and its X, and leaves 2024-07 a month rather than a date.
 * Rows are streamed into the response, never held as a workbook.
 */
export async function writeTemplate(out: Writable, spec: TemplateSpec, rows: AsyncIterable<ReadonlyArray<string | number>> | Iterable<ReadonlyArray<string | number>>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(14, c.label.length * 2 + 4), style: c.numeric ? {} : { numFmt: '@' } }));
  const header = sheet.addRow(spec.columns.map((c) => c.label));
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true };
    cell.note = `${c.key}：${c.note}`;
  });
  header.commit();
  for await (const values of rows) {
    const row = sheet.addRow([...values]);
    spec.columns.forEach((c, i) => {
      if (!c.numeric) row.getCell(i + 1).numFmt = '@';
    });
    row.commit();
  }
  sheet.commit();
  const help = workbook.addWorksheet('填写说明');
  help.columns = [{ width: 28 }, { width: 22 }, { width: 80 }];
  for (const line of spec.instructions) help.addRow([line]).commit();
  help.addRow([]).commit();
  const head = help.addRow(['表头（中文）', '也可写作（英文列名）', '说明']);
  head.font = { bold: true };
  head.commit();
  for (const c of spec.columns) help.addRow([c.label, c.key, c.note]).commit();
  help.commit();
  await workbook.commit();
}
