import { createInflateRaw } from 'node:zlib';

/**
 * An .xlsx is a zip: 10 MB of it can inflate to gigabytes (a "zip bomb"). Before
 * exceljs reads a byte, the archive's own directory is checked and every entry
 * is inflated once into a counter, never into memory, so what exceljs later
 * streams is known to be bounded. The entries must also lie back to back from
 * the start of the file, so exceljs's forward reader (which follows the local
 * headers, not the directory) sees exactly the entries counted here.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 1_000;

export class XlsxLimitError extends Error {
  override readonly name = 'XlsxLimitError';
}

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const NOT_XLSX = 'the file is not a readable .xlsx workbook (save it in Excel as "Excel Workbook (*.xlsx)")';

/** One entry of the archive as the forward reader sees it: local header, data and descriptor. */
export interface ArchivePart {
  readonly name: string;
  readonly bytes: Buffer;
}

/**
 * @returns the archive's parts in file order, each a slice of `bytes`.
 * @throws XlsxLimitError naming the limit passed, or the file's flaw.
 */
export async function checkXlsxArchive(bytes: Buffer): Promise<ArchivePart[]> {
  const entries = centralDirectory(bytes);
  const parts: ArchivePart[] = [];
  let total = 0;
  let expectedOffset = 0;
  for (const entry of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    if (entry.localOffset !== expectedOffset) throw new XlsxLimitError(`${NOT_XLSX}: its entries are not stored one after the other`);
    const start = dataStart(bytes, entry);
    const end = start + entry.compressedSize;
    if (end > bytes.length) throw new XlsxLimitError(NOT_XLSX);
    total += await inflatedSize(bytes.subarray(start, end), entry, MAX_XLSX_UNCOMPRESSED_BYTES - total);
    expectedOffset = end + descriptorLength(bytes, end, entry);
    parts.push({ name: entry.name, bytes: bytes.subarray(entry.localOffset, expectedOffset) });
  }
  return parts;
}

/** The parts a worksheet's cells depend on: relations, sheet order and date system, shared strings, styles (date cells). */
const READ_FIRST = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];

/**
 * The parts reordered so a forward reader meets what the worksheets depend on
 * before the worksheets. Excel and exceljs both write sheets first; exceljs's
 * reader then copies each sheet (ID numbers in plain text) to a temporary file
 * and parses it at the end. In this order it parses them straight from memory.
 */
export function inReadingOrder(parts: readonly ArchivePart[]): Buffer[] {
  const rank = (p: ArchivePart) => {
    const i = READ_FIRST.indexOf(p.name);
    return i === -1 ? READ_FIRST.length : i;
  };
  return parts
    .map((part, i) => ({ part, i }))
    .sort((a, b) => rank(a.part) - rank(b.part) || a.i - b.i)
    .map(({ part }) => part.bytes);
}

function centralDirectory(bytes: Buffer): Entry[] {
  const eocd = findEocd(bytes);
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no workbook of the sizes we take needs.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new XlsxLimitError(`${NOT_XLSX}: ZIP64 archives are not accepted`);
  if (count > MAX_XLSX_ENTRIES) throw new XlsxLimitError(`the .xlsx file has more than ${MAX_XLSX_ENTRIES} parts (limit MAX_XLSX_ENTRIES)`);
  if (offset + size !== eocd) throw new XlsxLimitError(NOT_XLSX);
  const entries: Entry[] = [];
  let pos = offset;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > eocd || bytes.readUInt32LE(pos) !== CENTRAL) throw new XlsxLimitError(NOT_XLSX);
    const nameLength = bytes.readUInt16LE(pos + 28);
    const next = pos + 46 + nameLength + bytes.readUInt16LE(pos + 30) + bytes.readUInt16LE(pos + 32);
    if (next > eocd) throw new XlsxLimitError(NOT_XLSX);
    entries.push({
      flags: bytes.readUInt16LE(pos + 8),
      method: bytes.readUInt16LE(pos + 10),
      compressedSize: bytes.readUInt32LE(pos + 20),
      localOffset: bytes.readUInt32LE(pos + 42),
      name: bytes.toString('utf8', pos + 46, pos + 46 + nameLength),
    });
    pos = next;
  }
  if (pos !== eocd) throw new XlsxLimitError(NOT_XLSX);
  return entries;
}

function findEocd(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let pos = bytes.length - 22; pos >= earliest; pos--) {
    if (bytes.readUInt32LE(pos) === EOCD && pos + 22 + bytes.readUInt16LE(pos + 20) === bytes.length) return pos;
  }
  throw new XlsxLimitError(NOT_XLSX);
}

function dataStart(bytes: Buffer, entry: Entry): number {
  const pos = entry.localOffset;
  if (pos + 30 > bytes.length || bytes.readUInt32LE(pos) !== LOCAL) throw new XlsxLimitError(NOT_XLSX);
  // Without a data descriptor the local header states the size the forward reader will use: it must agree.
  if ((entry.flags & 0x08) === 0 && bytes.readUInt32LE(pos + 18) !== entry.compressedSize) throw new XlsxLimitError(NOT_XLSX);
  return pos + 30 + bytes.readUInt16LE(pos + 26) + bytes.readUInt16LE(pos + 28);
}

/** A data descriptor after the data (flag bit 3): 12 or 16 bytes, its signature optional. */
function descriptorLength(bytes: Buffer, at: number, entry: Entry): number {
  if ((entry.flags & 0x08) === 0) return 0;
  return at + 4 <= bytes.length && bytes.readUInt32LE(at) === DESCRIPTOR ? 16 : 12;
}

function inflatedSize(data: Buffer, entry: Entry, allowance: number): Promise<number> {
  if (entry.method === 0) {
    if (data.length > allowance) return Promise.reject(tooLarge());
    return Promise.resolve(data.length);
  }
  if (entry.method !== 8) return Promise.reject(new XlsxLimitError(`${NOT_XLSX}: part ${entry.name} uses an unknown compression`));
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > allowance) {
        inflate.destroy();
        reject(tooLarge());
      }
    });
    inflate.on('error', () => reject(new XlsxLimitError(NOT_XLSX)));
    inflate.on('end', () => resolve(size));
    inflate.end(data);
  });
}

function tooLarge(): XlsxLimitError {
  return new XlsxLimitError(
    `the .xlsx file unpacks to more than ${MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024} MB (limit MAX_XLSX_UNCOMPRESSED_BYTES); split it into smaller files`,
  );
}
