import { textProblem } from '../http/input-guard';

/**
 * Strict CSV reader for the bulk-import endpoints (SPEC §5): RFC 4180 records,
 * a fixed header, and errors that name the row an administrator has to fix.
 *
 * Row numbering: `row` is the row a person sees opening the file in Excel
 * (SPEC §3.7): every record counts, the header included, so with the header on
 * the first line the first data row is row 2. Blank records are skipped but
 * still counted, and a quoted field spanning several lines is one row, exactly
 * as Excel shows it.
 *
 * Leniencies beyond RFC 4180, each because spreadsheet exports or hand edits
 * produce it and the meaning is unambiguous:
 *   - a UTF-8 byte order mark is dropped (Excel's "CSV UTF-8" writes one);
 *   - LF and lone CR line breaks are accepted as well as CRLF;
 *   - whitespace around unquoted values is trimmed, and whitespace around a
 *     quoted field (outside the quotes) is ignored; inside quotes it is kept;
 *   - records with no content (empty lines, whitespace, or only separators such
 *     as the ",,,," rows Excel leaves where cells were cleared) are skipped,
 *     before the header as well as after it.
 * Everything else is an error: a quote inside an unquoted value, text after a
 * closing quote, an unterminated quote, a column count that differs from
 * the header's, a value longer than maxValueChars, or text no column may store
 * (control characters but tab and line breaks, Unicode non-characters).
 *
 * Memory stays proportional to the rows kept: a record keeps at most as many
 * values as the header has columns (a 24 MB line of commas is counted, not
 * stored), and no value is copied before its length is checked.
 */

export const DEFAULT_MAX_CSV_ROWS = 100_000;
export const DEFAULT_MAX_CSV_VALUE_CHARS = 1_000;

export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';

  /** The sheet row at fault (see the numbering above); absent for file-level and header problems. */
  readonly row?: number;

  constructor(message: string, row?: number) {
    super(message);
    if (row !== undefined) this.row = row;
  }
}

export interface CsvParseOptions {
  /** Data rows allowed (blank rows not counted); more is an error rather than a truncation. */
  readonly maxRows?: number;
  /** Characters allowed in one value (surrounding whitespace included); more is an error naming row and column. */
  readonly maxValueChars?: number;
  /**
   * A second accepted name per column, by position (the Chinese heading of the
   * service's templates, e.g. 身份证号 for idNumber). Names are compared after
   * NFKC normalisation, so 金额(分) matches 金额（分）.
   */
  readonly labels?: readonly string[];
}

export interface CsvRow<K extends string = string> {
  readonly row: number;
  readonly values: Record<K, string>;
}

export interface ParsedCsv<K extends string = string> {
  readonly rows: Array<CsvRow<K>>;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = '\uFEFF';
const REPLACEMENT_CHAR = '\uFFFD';

const NOT_UTF8 = 'CSV file is not valid UTF-8 (in Excel, save it as "CSV UTF-8")';
const MAX_ERROR_HEADER_CHARS = 200;
const HEADER_NAMES_SHOWN = 20;

/**
 * Parses `input` and checks that its header is exactly `expectedHeader`
 * (names compared after trimming, case-sensitive). A header-only file gives no
 * rows; whether that is acceptable is the caller's decision.
 *
 * @throws CsvFormatError for anything malformed; the whole file is rejected.
 */
export function parseCsv<const H extends readonly string[]>(
  input: string | Uint8Array,
  expectedHeader: H,
  options: CsvParseOptions = {},
): ParsedCsv<H[number]> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_CSV_ROWS;
  const maxValueChars = options.maxValueChars ?? DEFAULT_MAX_CSV_VALUE_CHARS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  if (!Number.isInteger(maxValueChars) || maxValueChars < 1) throw new RangeError(`maxValueChars must be a positive integer, got ${maxValueChars}`);
  if (expectedHeader.length === 0) throw new RangeError('expectedHeader must name at least one column');

  const text = decode(input);
  const columnCount = expectedHeader.length;
  const scanner = new RecordScanner(text, maxValueChars);
  // One pass over the whole text; only a file that has such a character pays for finding its cell.
  const checkText = textProblem(text) !== undefined;
  const rows: Array<CsvRow<H[number]>> = [];

  let header: ScannedRecord | null = null;
  let row = 0;
  while (header === null) {
    row++;
    // A few extra names, to show what a wrong header has.
    const record = scanRecord(scanner, 'CSV header', undefined, columnCount + HEADER_NAMES_SHOWN);
    if (record === null) throw new CsvFormatError('CSV file is empty');
    if (!record.blank) header = record;
  }
  const found = header.fields.map((h) => h.trim());
  if (header.count !== columnCount || !headerMatches(found, expectedHeader, options.labels)) {
    throw new CsvFormatError(
      `CSV header must be exactly: ${expectedHeader.join(',')}${options.labels ? ` (or ${options.labels.join(',')})` : ''} (found: ${abbreviate(found.join(','))}${header.count > header.fields.length ? ',…' : ''})`,
    );
  }

  for (row++; ; row++) {
    const record = scanRecord(scanner, `row ${row}`, row, columnCount);
    if (record === null) break;
    if (record.blank) continue;
    const { fields } = record;
    if (record.count !== columnCount) {
      throw new CsvFormatError(`row ${row}: expected ${columnCount} columns, found ${record.count}`, row);
    }
    if (rows.length === maxRows) {
      throw new CsvFormatError(`CSV file has more than ${maxRows} data rows; split it into smaller files`, row);
    }
    if (checkText) {
      for (let i = 0; i < columnCount; i++) {
        const problem = textProblem(fields[i]);
        if (problem) throw new CsvFormatError(`row ${row}, column ${expectedHeader[i]}: ${problem}`, row);
      }
    }
    // A null-prototype object: values are looked up by caller-chosen names and
    // must never resolve to inherited Object.prototype members.
    const values = Object.create(null) as Record<H[number], string>;
    for (let i = 0; i < columnCount; i++) values[expectedHeader[i] as H[number]] = fields[i];
    rows.push({ row, values });
  }
  return { rows };
}

/** Each name is the column's key or its label, in the expected order. */
export function headerMatches(found: readonly string[], keys: readonly string[], labels?: readonly string[]): boolean {
  if (found.length !== keys.length) return false;
  return found.every((name, i) => {
    const normal = name.normalize('NFKC');
    return normal === keys[i].normalize('NFKC') || (labels !== undefined && normal === labels[i].normalize('NFKC'));
  });
}

function decode(input: string | Uint8Array): string {
  let text: string;
  if (typeof input === 'string') {
    // A string body was decoded upstream (e.g. by the HTTP text body parser),
    // which replaces undecodable bytes with U+FFFD instead of failing. A GBK
    // file saved by a Chinese-locale Excel would then be imported as mojibake,
    // so the replacement character is treated as proof of a bad encoding.
    if (input.includes(REPLACEMENT_CHAR)) throw new CsvFormatError(NOT_UTF8);
    text = input;
  } else {
    try {
      // fatal: reject rather than repair; ignoreBOM false (the default) drops a leading BOM.
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new CsvFormatError(NOT_UTF8);
    }
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function scanRecord(scanner: RecordScanner, label: string, row: number | undefined, keep: number): ScannedRecord | null {
  try {
    return scanner.next(keep);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    throw new CsvFormatError(`${label}: ${error.message}`, row);
  }
}

function abbreviate(text: string): string {
  return text.length <= MAX_ERROR_HEADER_CHARS ? text : `${text.slice(0, MAX_ERROR_HEADER_CHARS)}…`;
}

/** A problem inside one record; parseCsv prefixes it with the record's label. */
class ScanError extends Error {}

interface ScannedRecord {
  /** The first values of the record, at most as many as the header has columns; unquoted ones trimmed. */
  readonly fields: string[];
  /** How many values the record has, kept ones or not. */
  readonly count: number;
  /** No value has anything but whitespace. */
  readonly blank: boolean;
}

/**
 * Splits the text into records in one forward pass. Quoted sections are found
 * with indexOf rather than per-character work, and unquoted values are sliced,
 * so a 20 MB file costs a few string copies, never repeated scanning.
 */
class RecordScanner {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxValueChars: number,
  ) {}

  /** The next record, keeping its first `keep` values, or null at end of input. */
  next(keep: number): ScannedRecord | null {
    const text = this.text;
    const length = text.length;
    if (this.pos >= length) return null;

    const fields: string[] = [];
    let count = 0;
    let blank = true;
    let pos = this.pos;
    for (;;) {
      const start = pos;
      let value: string;
      let c = -1;
      count++;
      // Unquoted run up to a separator, a line break or a quote.
      while (pos < length) {
        c = text.charCodeAt(pos);
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        pos++;
      }
      if (pos < length && c === QUOTE) {
        if (!isWhitespace(text, start, pos)) {
          throw new ScanError(
            `quote character inside unquoted value in column ${count}; ` +
              'put the whole value in double quotes and double any quote inside it',
          );
        }
        ({ value, pos } = this.quoted(pos + 1, count));
        if (value.trim() !== '') blank = false;
      } else if (count > keep && isWhitespace(text, start, pos)) {
        // An empty value past the last column (Excel's cleared cells): counted, never stored.
        value = '';
      } else {
        if (pos - start > this.maxValueChars) throw new ScanError(`value in column ${count} is longer than ${this.maxValueChars} characters`);
        value = text.slice(start, pos).trim();
        if (value !== '') blank = false;
      }
      if (count <= keep) fields.push(value);

      if (pos >= length) break;
      c = text.charCodeAt(pos);
      pos++;
      if (c === COMMA) continue;
      if (c === CR && pos < length && text.charCodeAt(pos) === LF) pos++;
      break;
    }
    this.pos = pos;
    return { fields, count, blank };
  }

  /**
   * Reads a quoted value whose opening quote ends just before `from`, and any
   * whitespace after the closing quote; returns the position of the following
   * separator, line break or end of input.
   */
  private quoted(from: number, column: number): { value: string; pos: number } {
    const text = this.text;
    const length = text.length;
    let value = '';
    let segmentStart = from;
    let close: number;
    for (;;) {
      close = text.indexOf('"', segmentStart);
      if (close === -1) throw new ScanError(`unterminated quoted field in column ${column}`);
      if (value.length + (close - segmentStart) > this.maxValueChars) {
        throw new ScanError(`value in column ${column} is longer than ${this.maxValueChars} characters`);
      }
      if (text.charCodeAt(close + 1) !== QUOTE) break;
      value += text.slice(segmentStart, close + 1);
      segmentStart = close + 2;
    }
    value += text.slice(segmentStart, close);

    let pos = close + 1;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === COMMA || c === LF || c === CR) break;
      pos++;
    }
    if (!isWhitespace(text, close + 1, pos)) {
      throw new ScanError(`unexpected text after the closing quote in column ${column}`);
    }
    return { value, pos };
  }
}

/** Whether text[from, to) is only whitespace (as String.prototype.trim sees it), without copying it. */
function isWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!WHITESPACE.test(text[i])) return false;
  }
  return true;
}

const WHITESPACE = /^\s$/;
