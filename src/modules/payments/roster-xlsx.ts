import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { Utf8Chunks } from '../../core/sheet/utf8-chunks';

/**
 * The roster's one contact with exceljs (pinned in package.json: this leans on
 * its streaming writer's internals). exceljs writes the package (zip,
 * workbook, styles, column widths, page setup, the title and header rows);
 * the data rows are rendered here as XML straight into the worksheet's
 * stream. exceljs's own path builds a Row, a Cell and a style object for each
 * of the 1.1 million cells of a 100,000-line roster and resolves every cell's
 * style anew: most of the export's time.
 */

/** What exceljs's streaming writer has and its typings do not show. */
interface WorkbookWriterInternals {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: ExcelJS.ValueType): number };
  /** The sheets by id (index 0 unused): their order here is the tabs' order in workbook.xml and its relationships. */
  _worksheets: Array<ExcelJS.Worksheet | undefined>;
}

/** Rows above the data: the title row, then the header row (repeated on every printed page). */
const HEADER_ROW = 2;

export interface XlsxSheetLayout {
  name: string;
  title: string;
  headers: string[];
  widths: number[];
  /** Each column's number format, or undefined for none. */
  numFmts: Array<string | undefined>;
  /** Whether each column holds numbers (its cells' style is registered for numbers). */
  numeric: boolean[];
}

export class RosterWorkbook {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(out: Writable) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  }

  addSheet(layout: XlsxSheetLayout): RosterSheet {
    return new RosterSheet(this.workbook, layout);
  }

  /**
   * Puts the tabs in this order (names), whatever order the sheets were written in. A sheet's XML goes into
   * the zip when it is written, so a workbook can be written in one order and opened in another: the tab order
   * is workbook.xml's, written at commit.
   */
  tabsInOrder(names: readonly string[]): void {
    const internals = this.workbook as unknown as WorkbookWriterInternals;
    const sheets = internals._worksheets.filter((w): w is ExcelJS.Worksheet => w !== undefined);
    const place = (w: ExcelJS.Worksheet) => (names.includes(w.name) ? names.indexOf(w.name) : names.length);
    // Sparse as exceljs keeps it (ids from 1, no slot 0): it maps over the array, and map skips a hole, not an undefined.
    const ordered: Array<ExcelJS.Worksheet | undefined> = [];
    sheets.sort((a, b) => place(a) - place(b)).forEach((w, i) => (ordered[i + 1] = w));
    internals._worksheets = ordered;
  }

  commit(): Promise<void> {
    return this.workbook.commit();
  }
}

/** One sheet: its title and header rows written, then rows of data as XML, then committed. */
export class RosterSheet {
  private readonly sheet: ExcelJS.Worksheet;
  private readonly xml: Utf8Chunks;
  private readonly styleAttributes: string[] = [];
  private readonly styleIds: number[];
  private readonly boldStyleIds: number[];
  private readonly letters: string[];
  private rowNumber = HEADER_ROW;

  constructor(workbook: ExcelJS.stream.xlsx.WorkbookWriter, layout: XlsxSheetLayout) {
    const columnStyle = (i: number): Partial<ExcelJS.Style> => (layout.numFmts[i] ? { numFmt: layout.numFmts[i] } : {});
    this.sheet = workbook.addWorksheet(layout.name, {
      // Printed as finance signs it: A4 landscape, all columns on the page's width, the header on every page.
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`, horizontalCentered: true },
      views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    });
    this.sheet.columns = layout.headers.map((_h, i) => ({ width: layout.widths[i], style: columnStyle(i) }));
    const titleRow = this.sheet.getRow(1);
    titleRow.getCell(1).value = layout.title;
    titleRow.font = { bold: true, size: 14 };
    titleRow.height = 24;
    this.sheet.mergeCells(`A1:${String.fromCharCode(64 + layout.headers.length)}1`);
    titleRow.commit();
    const header = this.sheet.getRow(HEADER_ROW);
    header.values = layout.headers;
    header.font = { bold: true };
    header.commit();
    const styles = (workbook as unknown as WorkbookWriterInternals).styles;
    const cellType = (i: number) => (layout.numeric[i] ? ExcelJS.ValueType.Number : ExcelJS.ValueType.String);
    this.styleIds = layout.headers.map((_h, i) => styles.addStyleModel(columnStyle(i), cellType(i)));
    this.boldStyleIds = layout.headers.map((_h, i) => styles.addStyleModel({ ...columnStyle(i), font: { bold: true } }, cellType(i)));
    this.letters = layout.headers.map((_h, i) => String.fromCharCode(65 + i));
    this.xml = new Utf8Chunks((this.sheet as unknown as { stream: Writable }).stream);
    // '" s="3"' for style 3: the end of a cell's reference and its style, made once rather than a cell.
    for (const id of [...this.styleIds, ...this.boldStyleIds]) if (id) this.styleAttributes[id] = `" s="${id}"`;
  }

  /**
   * Writes the next row's XML: numbers as numbers, text inline, empty text as
   * no cell. `style` 'column' gives each cell its column's format, 'bold' that
   * in bold, 'none' no style. Piece by piece into the chunk's bytes: a row built
   * as one string allocated some 17 KB a row of a 100,000-line roster (issue 20).
   */
  row(values: Array<string | number>, style: 'column' | 'bold' | 'none' = 'column'): void {
    const ids = style === 'column' ? this.styleIds : style === 'bold' ? this.boldStyleIds : [];
    const r = String(++this.rowNumber);
    const xml = this.xml;
    xml.put('<row r="');
    xml.put(r);
    xml.put('">');
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === '') continue;
      xml.put('<c r="');
      xml.put(this.letters[i]);
      xml.put(r);
      xml.put(ids[i] ? this.styleAttributes[ids[i]] : '"');
      if (typeof v === 'number') {
        xml.put('><v>');
        xml.put(String(v));
        xml.put('</v></c>');
      } else {
        xml.put(EDGE_SPACE.test(v) ? ' t="inlineStr"><is><t xml:space="preserve">' : ' t="inlineStr"><is><t>');
        xml.put(xmlText(v));
        xml.put('</t></is></c>');
      }
    }
    xml.put('</row>');
  }

  /** Leaves a row empty. */
  skipRow(): void {
    this.rowNumber++;
  }

  /** Writes the rows so far to the sheet's stream. */
  send(): void {
    this.xml.send();
  }

  commit(): void {
    this.sheet.commit();
  }
}

/**
 * What XML 1.0 cannot hold: C0 controls but tab, LF and CR (and DEL, as exceljs
 * drops it), the non-characters U+FFFE and U+FFFF, and UTF-16 surrogates not in
 * a pair. One such character in a name would make the whole workbook unreadable.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what this looks for
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[<>&'"]/;
/** Text that starts or ends with white space, which XML keeps only when told to. Made once: a literal in row() is a new RegExp a cell. */
const EDGE_SPACE = /^\s|\s$/;

/** The text without what XML cannot carry (the CSV drops it too, so both files hold the same names). */
export function printable(value: string): string {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(value) ? value.replace(NOT_XML, '') : value;
}

/** XML text: the five escapes, and what XML cannot carry dropped. */
export function xmlText(value: string): string {
  const clean = printable(value);
  if (!XML_SPECIAL.test(clean)) return clean;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
