import ExcelJS from 'exceljs';
import type { Response } from 'express';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellValue = string | number | null;

/** One table of a report: a title row, a bold header row, the rows, an optional totals row. */
export interface ReportTable {
  sheet: string;
  title: string;
  headers: string[];
  widths: number[];
  rows: CellValue[][];
  /** Columns (0-based) holding yuan: formatted #,##0.00. */
  yuanColumns?: number[];
  totals?: CellValue[];
}

/** Characters XML 1.0 cannot hold; exceljs would write them and Excel then refuses the file (SPEC §8). */
// eslint-disable-next-line no-control-regex -- the control characters are what this looks for
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function cellText(value: CellValue): CellValue {
  return typeof value === 'string' ? value.replace(XML_INVALID, '') : value;
}

/**
 * Writes tables as sheets laid out for printing: landscape, fitted to the page
 * width, the header row repeated on each page, like the rosters.
 */
export function addTable(workbook: ExcelJS.Workbook, table: ReportTable): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(table.sheet, {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9, printTitlesRow: '2:2' },
  });
  sheet.addRow([table.title]).font = { bold: true, size: 14 };
  sheet.addRow(table.headers).font = { bold: true };
  for (const r of table.rows) sheet.addRow(r.map(cellText));
  if (table.totals) sheet.addRow(table.totals.map(cellText)).font = { bold: true };
  table.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  for (const c of table.yuanColumns ?? []) sheet.getColumn(c + 1).numFmt = '#,##0.00';
  return sheet;
}

export async function tablesToXlsx(tables: ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const t of tables) addTable(workbook, t);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends a file download: an ASCII name for old clients, the Chinese one (RFC 5987) for the rest. */
export function sendFile(res: Response, body: Buffer | string, type: string, asciiName: string, chineseName: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

/** Fen as a yuan number for a cell: exact to the fen, formatted by the column. */
export const yuanCell = (fen: number): number => fen / 100;
