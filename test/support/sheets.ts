import { PassThrough } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * An .xlsx with `header` in row 1 and `rows` below it, as Excel would hold
 * them: strings become shared strings (or inline strings with `inline`),
 * numbers, Dates (date cells) and exceljs cell values (rich text, formulas)
 * are written as given. `textColumns` (1-based) are formatted as text (@).
 */
export async function toXlsx(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>,
  options: { inline?: boolean; textColumns?: number[]; sheetsBefore?: string[] } = {},
): Promise<Buffer> {
  if (options.inline) {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow([...header]).commit();
    for (const r of rows) sheet.addRow([...r]).commit();
    sheet.commit();
    await workbook.commit();
    return Buffer.concat(chunks);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  for (const name of options.sheetsBefore ?? []) workbook.addWorksheet(name).addRow(['not', 'this', 'sheet']);
  sheet.addRow([...header]);
  for (const r of rows) sheet.addRow([...r]);
  for (const col of options.textColumns ?? []) sheet.getColumn(col).numFmt = '@';
  for (const [i, r] of rows.entries()) {
    r.forEach((value, j) => {
      if (value instanceof Date) sheet.getRow(i + 2).getCell(j + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook of one sheet as Excel saves what an office typed: the rows as given, every cell text (ID numbers keep all 18 digits and the X). */
export async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** CSV text (LF) of the same header and rows, values written as text. */
export function toCsvText(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/**
 * A zip holding one xl/worksheets/sheet1.xml that inflates to `inflatedMb`
 * megabytes of whitespace while declaring 1 KB: what a zip bomb looks like
 * to an .xlsx reader. Built by hand, as no library writes a lying zip.
 */
export async function zipBomb(inflatedMb: number): Promise<Buffer> {
  const deflated = await new Promise<Buffer>((resolve, reject) => {
    const deflate = createDeflateRaw({ level: 9 });
    const chunks: Buffer[] = [];
    deflate.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    const mb = Buffer.alloc(1024 * 1024, 0x20);
    deflate.write(Buffer.from('<?xml version="1.0"?><worksheet><sheetData>'));
    let left = inflatedMb;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!deflate.write(mb)) return void deflate.once('drain', pump);
      }
      deflate.end(Buffer.from('</sheetData></worksheet>'));
    };
    pump();
  });
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  // the headers lie: 1024 bytes inflated, CRC 0
  const entry = { crc: 0, compressed: deflated.length, size: 1024, nameLength: name.length };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  writeEntryFields(local, 4, entry);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // version made by
  writeEntryFields(central, 6, entry);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + name.length + deflated.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, deflated, central, name, eocd]);
}

/** The parts of a zip, in its directory's order (a reader for tests, trusting the file). */
export function unzipParts(zip: Buffer): Array<[string, Buffer]> {
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const parts: Array<[string, Buffer]> = [];
  let pos = zip.readUInt32LE(eocd + 16);
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = zip.readUInt16LE(pos + 10);
    const size = zip.readUInt32LE(pos + 20);
    const nameLength = zip.readUInt16LE(pos + 28);
    const local = zip.readUInt32LE(pos + 42);
    const name = zip.toString('utf8', pos + 46, pos + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    parts.push([name, method === 8 ? inflateRawSync(data) : Buffer.from(data)]);
    pos += 46 + nameLength + zip.readUInt16LE(pos + 30) + zip.readUInt16LE(pos + 32);
  }
  return parts;
}

/**
 * The fields a local header (from byte 4) and its central record (from byte 6) share, in the same order
 * (APPNOTE 4.3.7 and 4.3.12): written once so the two records cannot disagree.
 */
function writeEntryFields(record: Buffer, at: number, entry: { crc: number; compressed: number; size: number; nameLength: number }): void {
  record.writeUInt16LE(20, at); // version needed to extract
  record.writeUInt16LE(8, at + 4); // deflate
  record.writeUInt32LE(entry.crc, at + 10);
  record.writeUInt32LE(entry.compressed, at + 14);
  record.writeUInt32LE(entry.size, at + 18);
  record.writeUInt16LE(entry.nameLength, at + 22);
}

/** A zip of `parts` in the given order, deflated, with true sizes and CRCs. */
export function zipParts(parts: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name);
    const deflated = deflateRawSync(data);
    const entry = { crc: crc32(data), compressed: deflated.length, size: data.length, nameLength: nameBytes.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, entry);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    writeEntryFields(central, 6, entry);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, deflated);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, eocd]);
}

/** The workbook with its parts in the order Excel writes them: sheets before styles and shared strings. */
export function inExcelOrder(xlsx: Buffer): Buffer {
  const rank = (name: string) => (name.startsWith('xl/worksheets/') ? 0 : name === 'xl/styles.xml' || name === 'xl/sharedStrings.xml' ? 2 : 1);
  return zipParts(unzipParts(xlsx).sort((a, b) => rank(a[0]) - rank(b[0])));
}
