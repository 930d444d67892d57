import ExcelJS from 'exceljs';
import type request from 'supertest';

/** Collects a binary response body into one Buffer, whatever its content type. */
export function binary(test: request.Test): request.Test {
  return test.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

export type Cells = Array<Array<string | number | null>>;

/** Every sheet of a workbook as rows of cell values (1-based rows and columns become 0-based arrays; empty cells null). */
export async function readSheets(xlsx: Buffer): Promise<Record<string, Cells>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const out: Record<string, Cells> = {};
  workbook.eachSheet((sheet) => {
    const rows: Cells = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: Array<string | number | null> = [];
      for (let c = 1; c <= Math.max(sheet.columnCount, row.cellCount); c++) {
        const cell = row.getCell(c);
        // A merged range holds its value once, in its first cell (exceljs repeats it in every cell of the range).
        const v = cell.isMerged && cell.master.address !== cell.address ? null : cell.value;
        cells.push(v === null || v === undefined || v === '' ? null : typeof v === 'number' || typeof v === 'string' ? v : String(v));
      }
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      rows.push(cells);
    }
    out[sheet.name] = rows;
  });
  return out;
}
