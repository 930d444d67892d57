import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CsvFormatError, DEFAULT_MAX_CSV_VALUE_CHARS, headerMatches, parseCsv } from '../csv/csv-parser';
import { InvalidInputError } from '../errors/domain-error';
import { textProblem } from '../http/input-guard';
import { RowError, rowError } from './row-errors';
import { ArchivePart, checkXlsxArchive, inReadingOrder, XlsxLimitError } from './xlsx-zip-guard';

/**
 * The one door every import reads its file through (SPEC §3.7): CSV or .xlsx,
 * the same columns, the same values (always strings, as a CSV gives them), so
 * an import validates one way whatever the format. Row numbers are the ones
 * Excel shows: the header is row 1 (when on the first line), the first data row 2.
 */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SHEET_MEDIA_TYPES = ['text/csv', 'text/plain', XLSX_MEDIA_TYPE] as const;
/** Excel's own row limit: more row elements than a sheet can have is not a sheet. */
export const MAX_XLSX_SHEET_ROWS = 1_048_576;
export const MAX_XLSX_CELLS = 2_000_000;

/**
 * How an .xlsx cell becomes text. `date` (YYYY-MM-DD) and `month` (YYYY-MM)
 * take date cells and date serial numbers as well as text; `idNumber` takes
 * text, or a number only when Excel can hold it exactly (an 18-digit number
 * cannot: Excel keeps 15 digits); `text` takes anything, numbers written plainly.
 */
export type CellKind = 'text' | 'date' | 'month' | 'idNumber';

export interface SheetColumn<K extends string = string> {
  /** The machine name (the CSV header of old). */
  readonly key: K;
  /** The Chinese heading of the template; accepted in place of the key. */
  readonly label: string;
  readonly kind?: CellKind;
}

export interface SheetRow<K extends string = string> {
  readonly row: number;
  readonly values: Record<K, string>;
}

export interface SheetOptions {
  /** Data rows allowed; more is a 400. */
  readonly maxRows: number;
}

export type { RowError } from './row-errors';

/**
 * The data rows of an uploaded CSV or .xlsx (first sheet), header checked.
 * @throws InvalidInputError (400): a malformed file, a limit passed (named), a
 *   file with a header but no rows, or cells whose type cannot be read as the
 *   column needs (`errors: [{row, field, message}]`, nothing imported).
 */
export async function readUploadedSheet<K extends string>(
  body: unknown,
  contentType: string | undefined,
  columns: ReadonlyArray<SheetColumn<K>>,
  options: SheetOptions,
): Promise<Array<SheetRow<K>>> {
  const xlsx = mediaTypeOf(contentType) === XLSX_MEDIA_TYPE;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) throw new InvalidInputError('body must be a CSV file (text/csv) or an .xlsx workbook');
  const rows = xlsx ? await readXlsx(Buffer.isBuffer(body) ? body : Buffer.from(body), columns, options) : readCsv(body, columns, options);
  if (rows.length === 0) throw new InvalidInputError('the file has a header but no rows');
  return rows;
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function readCsv<K extends string>(body: string | Buffer, columns: ReadonlyArray<SheetColumn<K>>, options: SheetOptions): Array<SheetRow<K>> {
  try {
    return parseCsv(body, columns.map((c) => c.key), { maxRows: options.maxRows, labels: columns.map((c) => c.label) }).rows as Array<SheetRow<K>>;
  } catch (error) {
    if (error instanceof CsvFormatError) throw new InvalidInputError(error.message);
    throw error;
  }
}

async function readXlsx<K extends string>(bytes: Buffer, columns: ReadonlyArray<SheetColumn<K>>, options: SheetOptions): Promise<Array<SheetRow<K>>> {
  let parts: ArchivePart[];
  try {
    parts = await checkXlsxArchive(bytes);
  } catch (error) {
    if (error instanceof XlsxLimitError) throw new InvalidInputError(error.message);
    throw error;
  }
  const reader = new XlsxRows(columns, options);
  try {
    return await reader.read(parts);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    // exceljs's own complaints (broken XML, a cell without an address) say nothing a person can fix.
    throw new InvalidInputError('the file is not a readable .xlsx workbook (save it in Excel as "Excel Workbook (*.xlsx)")');
  }
}

type CellValue = ExcelJS.CellValue;

class XlsxRows<K extends string> {
  private readonly rows: Array<SheetRow<K>> = [];
  private readonly cellErrors: RowError[] = [];
  private header = false;
  private sheetRows = 0;
  private cells = 0;
  private date1904 = false;

  constructor(
    private readonly columns: ReadonlyArray<SheetColumn<K>>,
    private readonly options: SheetOptions,
  ) {}

  async read(parts: readonly ArchivePart[]): Promise<Array<SheetRow<K>>> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(inReadingOrder(parts)), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles tell a date cell from a number.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    // A workbook of inline strings has no shared strings part; without this, exceljs would wait for one via a temporary file.
    if (!parts.some((p) => p.name === 'xl/sharedStrings.xml')) (workbook as unknown as { sharedStrings: string[] }).sharedStrings = [];
    let firstId: string | number | undefined;
    for await (const sheet of workbook as AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader & { id: string | number }>) {
      const model = (workbook as unknown as { model?: { sheets?: Array<{ id: string | number }> }; properties?: { date1904?: boolean } });
      firstId ??= model.model?.sheets?.[0]?.id ?? sheet.id;
      this.date1904 = model.properties?.date1904 === true;
      // Only the first sheet (in the workbook's order) is read; the others are skipped unparsed.
      if (String(sheet.id) !== String(firstId)) continue;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) this.take(row);
    }
    if (!this.header) throw new InvalidInputError('the first sheet of the .xlsx file is empty: its first row must be the header');
    if (this.cellErrors.length > 0) {
      throw new InvalidInputError(`the file has ${new Set(this.cellErrors.map((e) => e.row)).size} invalid row(s); nothing was imported`, this.cellErrors);
    }
    return this.rows;
  }

  private take(row: ExcelJS.Row): void {
    const number = row.number;
    if (!Number.isInteger(number) || number < 1) throw new Error('row without a number');
    if (++this.sheetRows > MAX_XLSX_SHEET_ROWS) throw new InvalidInputError(`the sheet has more than ${MAX_XLSX_SHEET_ROWS} rows (limit MAX_XLSX_SHEET_ROWS)`);
    let beyond = 0;
    let blank = true;
    row.eachCell((cell, col) => {
      if (++this.cells > MAX_XLSX_CELLS) throw new InvalidInputError(`the sheet has more than ${MAX_XLSX_CELLS} cells (limit MAX_XLSX_CELLS); split it into smaller files`);
      if (isEmpty(cell.value)) return;
      blank = false;
      if (col > this.columns.length) beyond = Math.max(beyond, col);
    });
    if (blank) return;
    if (!this.header) return this.takeHeader(row, beyond);
    if (beyond > 0) throw new InvalidInputError(`row ${number}: expected ${this.columns.length} columns, found a value in column ${beyond}`);
    if (this.rows.length === this.options.maxRows) {
      throw new InvalidInputError(`the file has more than ${this.options.maxRows} data rows; split it into smaller files`);
    }
    const values = Object.create(null) as Record<K, string>;
    this.columns.forEach((column, i) => {
      const text = this.textOf(row.getCell(i + 1).value, column, number);
      values[column.key] = text;
    });
    this.rows.push({ row: number, values });
  }

  private takeHeader(row: ExcelJS.Row, beyond: number): void {
    const found = this.columns.map((_, i) => plainText(row.getCell(i + 1).value) ?? '');
    if (beyond > 0 || !headerMatches(found, this.columns.map((c) => c.key), this.columns.map((c) => c.label))) {
      throw new InvalidInputError(
        `the header (row ${row.number}) must be exactly: ${this.columns.map((c) => c.key).join(',')} (or ${this.columns.map((c) => c.label).join(',')}) (found: ${found.join(',')}${beyond > 0 ? ',…' : ''})`,
      );
    }
    this.header = true;
  }

  private textOf(value: CellValue, column: SheetColumn, row: number): string {
    const fail = (message: string) => {
      this.cellErrors.push(rowError(row, column.key, 'unreadableCell', `${column.key}: ${message}`));
      return '';
    };
    const resolved = resultOf(value);
    if (resolved === undefined) return fail('the formula has no saved result; open the file in Excel and save it again');
    if (typeof resolved === 'object' && resolved !== null && 'error' in resolved) return fail(`the cell shows the error ${String((resolved as { error: unknown }).error)}`);
    const kind = column.kind ?? 'text';
    if (resolved instanceof Date) {
      if (kind === 'idNumber') return fail('a date cannot be an ID number; format the column as text');
      if (Number.isNaN(resolved.getTime())) return fail('the date cell holds no valid date');
      const iso = resolved.toISOString();
      return kind === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
    }
    if (typeof resolved === 'number') return this.numberText(resolved, kind, fail);
    const text = plainText(resolved);
    if (text === undefined) return fail('the cell holds a value of a kind that cannot be read');
    if (text.length > DEFAULT_MAX_CSV_VALUE_CHARS) return fail(`the value is longer than ${DEFAULT_MAX_CSV_VALUE_CHARS} characters`);
    const problem = textProblem(text);
    if (problem) return fail(problem);
    return text;
  }

  private numberText(value: number, kind: CellKind, fail: (message: string) => string): string {
    if (!Number.isFinite(value)) return fail('the number cannot be read');
    if (kind === 'date' || kind === 'month') {
      const iso = serialToDate(value, this.date1904);
      if (iso === undefined) return fail('the number is not an Excel date; enter the date as a date or as text YYYY-MM-DD');
      return kind === 'month' ? iso.slice(0, 7) : iso;
    }
    if (kind === 'idNumber' && (!Number.isSafeInteger(value) || value < 0)) {
      return fail('the ID number was stored as a number and Excel has lost its last digits; format the column as text and type the ID numbers again');
    }
    // Plain digits, never 1e+21: an integer Excel holds exactly is written in full.
    return Number.isSafeInteger(value) ? value.toFixed(0) : String(value);
  }
}

function isEmpty(value: CellValue): boolean {
  if (value === null || value === undefined) return true;
  return typeof value === 'string' && value.trim() === '';
}

/** A formula's cached result in its place; undefined for a formula without one. */
function resultOf(value: CellValue): unknown {
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && ('formula' in value || 'sharedFormula' in value)) {
    return (value as { result?: unknown }).result;
  }
  return value;
}

/** Strings, rich text and hyperlinks as their text, trimmed as CSV values are; undefined for other kinds. */
function plainText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray((value as { richText: unknown }).richText)) {
      return (value as { richText: Array<{ text?: unknown }> }).richText.map((r) => (typeof r.text === 'string' ? r.text : '')).join('').trim();
    }
    if ('text' in value && typeof (value as { text: unknown }).text === 'string') return (value as { text: string }).text.trim();
  }
  return undefined;
}

const DAY_MS = 86_400_000;
/** Serial 0 in the 1900 system is 1899-12-30 (Excel counts a 1900-02-29 that never was). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const MAX_SERIAL = 2_958_465; // 9999-12-31

/** An Excel date serial as YYYY-MM-DD (the time of day, if any, dropped). */
export function serialToDate(serial: number, date1904 = false): string | undefined {
  if (!(serial >= 1 && serial <= MAX_SERIAL)) return undefined;
  const days = Math.floor(serial);
  return new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + days * DAY_MS).toISOString().slice(0, 10);
}
