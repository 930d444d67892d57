import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { Clock } from '../../core/clock/clock';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { yuanPlain } from './money';
import { instalmentsLabel, LINE_KIND_LABELS, workshopLevelLabel } from './payment-labels';
import { Utf8Chunks } from '../../core/sheet/utf8-chunks';
import { RosterSheet, RosterWorkbook, printable } from './roster-xlsx';
import { PayeeAsWritten, RosterRepository, RosterSnapshot, WorkshopAsWritten } from './roster.repository';

export { xmlText } from './roster-xlsx';

export const ROSTER_TYPES = ['allowance', 'grant'] as const;
export type RosterType = (typeof ROSTER_TYPES)[number];
export const ROSTER_FORMATS = ['xlsx', 'csv'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

/** A row's cells, 序号 first (a 0 the writer numbers): amounts in fen (integers) until a sink writes them as yuan. */
type Cells = Array<string | number>;

const ROSTER_TITLES: Record<RosterType, string> = { allowance: '首席技师津贴发放名册', grant: '首席技师工作室资助发放名册' };

/** One sheet's columns (序号 first) and where its rows come from. */
interface SheetSpec {
  headers: string[];
  widths: number[];
  /** Columns of amounts: fen in the rows, yuan in the files (#,##0.00 in the xlsx, two decimals in the CSV). */
  amountColumns: number[];
  /** Columns summed on the totals row. */
  sumColumns: number[];
  /** Columns written as text so Excel never turns an 18-digit number into 3.1E+17. */
  textColumns: number[];
  /** The period's rows in batches, each row's cells with a 0 for 序号. */
  rows(period: string): AsyncIterable<Cells[]>;
}

interface RosterSpec {
  title: string;
  /** 汇总: one row per payee (allowance) or employer and workshop (grant). */
  summary: SheetSpec;
  /** 明细: one row per line. */
  detail: SheetSpec;
}

/** What the title rows say about the run the roster comes from (SPEC §3.2: rosters carry the run number). */
export interface RosterRun {
  runNumber: number;
  lastRunAt: string | null;
  /** SPEC §3.2 stale: the title says that a re-run would change this many designations' lines (0: the figures are current). */
  staleDesignations: number;
}

/**
 * 发放名册 for HR finance: the one place full ID numbers leave the service.
 * The xlsx is what finance pays from and signs (issue 15): a 汇总 sheet of one
 * row per payee, then the 明细 of every line; each with a title row (period,
 * run number, times), the header repeated on every printed page, landscape and
 * fitted to the page width, and 制表/审核/批准 signature lines. The CSV is the
 * machine format: the lines only, header first.
 *
 * Rows are read in batches (the next batch is queried while the current one is
 * written) and written as they come, waiting for the client whenever the
 * response's buffer is full, so 100,000 lines never sit in memory at once.
 */
@Injectable()
export class RosterExporter {
  constructor(
    private readonly rosters: RosterRepository,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  /** The moment a roster is read at (RosterSnapshot): its run number is the one the file and its title name. Closed by close(). */
  open(period: string): Promise<RosterSnapshot> {
    return this.rosters.openSnapshot(period);
  }

  close(at: RosterSnapshot): Promise<void> {
    return this.rosters.closeSnapshot(at);
  }

  fileName(type: RosterType, period: string, format: RosterFormat, run: RosterRun): string {
    return `${ROSTER_TITLES[type]}-${period}-第${run.runNumber}次核算.${format}`;
  }

  async write(at: RosterSnapshot, type: RosterType, period: string, format: RosterFormat, out: Writable, run: RosterRun): Promise<{ rows: number; totalFen: number }> {
    const spec = this.spec(type, at);
    if (format === 'csv') {
      const result = await this.fill(spec.detail, period, csvSink(out, spec.detail));
      await new Promise<void>((resolve) => out.end(resolve));
      return result;
    }
    const workbook = new RosterWorkbook(out);
    const title = (sheet: string) =>
      [`${spec.title}（${sheet}）`, `期间：${period}`, `第 ${run.runNumber} 次核算${run.lastRunAt ? `（${shanghaiTime(new Date(run.lastRunAt))}）` : ''}`, `导出：${shanghaiTime(this.clock.now())}`, ...(run.staleDesignations > 0 ? [`（自上次核算后 ${run.staleDesignations} 人有变化，请重新核算后再据此发放）`] : [])].join(IDEOGRAPHIC_SPACE);
    // The 汇总's query groups and sorts the period's lines before its first row (2–3 s for 100,000 lines, the
    // service idle): it is started now and runs while the 明细 is written, then the 汇总 is written after it
    // and shown as the first tab (issue 20: the rosters' time was mostly the service waiting on PostgreSQL).
    const summary = startedNow(spec.summary.rows(period));
    try {
      const result = await this.fill(spec.detail, period, xlsxSink(out, workbook, '明细', title('明细'), spec.detail));
      await this.fill({ ...spec.summary, rows: () => summary.batches }, period, xlsxSink(out, workbook, '汇总', title('汇总'), spec.summary));
      workbook.tabsInOrder(['汇总', '明细']);
      await workbook.commit();
      return result;
    } finally {
      await summary.stop();
    }
  }

  /** Writes the sheet's rows as they come, numbered, then its totals row. */
  private async fill(sheet: SheetSpec, period: string, sink: Sink): Promise<{ rows: number; totalFen: number }> {
    const totals = new Totals(sheet);
    let n = 0;
    for await (const batch of sheet.rows(period)) {
      for (const cells of batch) {
        // Each row's cells are a fresh array with a slot for 序号: an unshift() grew every row's array anew (issue 20).
        cells[0] = ++n;
        sink.row(totals.add(cells));
      }
      await sink.flush();
    }
    await sink.end(totals.row());
    return { rows: n, totalFen: totals.sum(sheet.amountColumns[sheet.amountColumns.length - 1]) };
  }

  private spec(type: RosterType, at: RosterSnapshot): RosterSpec {
    // Each row's cells as one literal, 序号's slot first: spreading a payee's or workshop's cells made two arrays a row (issue 20).
    const id = (r: PayeeAsWritten) => this.cipher.decrypt(r.idNumberEnc);
    const level = (r: WorkshopAsWritten) => workshopLevelLabel(r.level);
    if (type === 'allowance') {
      return {
        title: ROSTER_TITLES.allowance,
        summary: {
          headers: [...PAYEE_HEADERS, '正常发放（月）', '补发（月）', '追回（月）', '追回（元）', '实发（元）'],
          widths: [...PAYEE_WIDTHS, 14, 10, 10, 14, 14],
          amountColumns: [8, 9],
          sumColumns: [5, 6, 7, 8, 9],
          textColumns: [2],
          rows: (period) => cells(this.rosters.allowancePayees(at, period), (r) => [0, r.name, id(r), r.employer, r.street ?? '', r.regularMonths, r.arrearsMonths, r.clawbackMonths, r.clawbackFen, r.netFen]),
        },
        detail: {
          headers: [...PAYEE_HEADERS, '届别', '期间', '第几月', '类型', '金额（元）', '备注'],
          widths: [...PAYEE_WIDTHS, 8, 10, 8, 8, 14, 40],
          amountColumns: [9],
          sumColumns: [9],
          textColumns: [2],
          rows: (period) => cells(this.rosters.allowanceLines(at, period), (r) => [0, r.name, id(r), r.employer, r.street ?? '', r.cohort, r.forPeriod, r.monthIndex, LINE_KIND_LABELS[r.kind], r.amountFen, r.note]),
        },
      };
    }
    return {
      title: ROSTER_TITLES.grant,
      summary: {
        headers: [...WORKSHOP_HEADERS, '期次', '资助（元）', '追回（元）', '实发（元）'],
        widths: [...WORKSHOP_WIDTHS, 16, 14, 14, 14],
        amountColumns: [8, 9, 10],
        sumColumns: [8, 9, 10],
        textColumns: [2],
        rows: (period) => cells(this.rosters.grantWorkshops(at, period), (r) => [0, r.employer, r.creditCode, r.street ?? '', r.workshop, r.lead, level(r), instalmentsLabel(r.instalments), r.grantFen, r.clawbackFen, r.netFen]),
      },
      detail: {
        headers: [...WORKSHOP_HEADERS, '期间', '第几期', '类型', '金额（元）', '备注'],
        widths: [...WORKSHOP_WIDTHS, 10, 8, 8, 14, 40],
        amountColumns: [10],
        sumColumns: [10],
        textColumns: [2],
        rows: (period) => cells(this.rosters.grantLines(at, period), (r) => [0, r.employer, r.creditCode, r.street ?? '', r.workshop, r.lead, level(r), r.forPeriod, r.monthIndex, LINE_KIND_LABELS[r.kind], r.amountFen, r.note]),
      },
    };
  }
}

/** The columns that name a talent payee, 序号 first; then those that name a workshop's employer. */
const PAYEE_HEADERS = ['序号', '姓名', '身份证号', '工作单位', '所在街镇'];
const PAYEE_WIDTHS = [8, 12, 22, 32, 16];
const WORKSHOP_HEADERS = ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别'];
const WORKSHOP_WIDTHS = [8, 32, 22, 16, 28, 12, 8];

/**
 * Batches whose first is asked for now: the query behind them starts at once, though they are read later.
 * `stop` ends the reading (and frees its connection) whether or not they were all read.
 */
function startedNow<T>(source: AsyncIterable<T>): { batches: AsyncIterable<T>; stop: () => Promise<void> } {
  const reader = source[Symbol.asyncIterator]();
  const first = reader.next();
  // Read (and its failure thrown) when the batches are; until then a failure must not count as unhandled.
  first.catch(() => undefined);
  async function* batches(): AsyncGenerator<T> {
    for (let next = await first; !next.done; next = await reader.next()) yield next.value;
  }
  return {
    batches: batches(),
    stop: async () => {
      await first.catch(() => undefined);
      await reader.return?.();
    },
  };
}

async function* cells<T>(batches: AsyncIterable<T[]>, toCells: (row: T) => Cells): AsyncGenerator<Cells[]> {
  for await (const batch of batches) yield batch.map(toCells);
}

/** The totals row: amounts summed in fen, counts as they are. */
class Totals {
  private readonly sums: Map<number, number>;
  constructor(private readonly sheet: SheetSpec) {
    this.sums = new Map(sheet.sumColumns.map((i) => [i, 0]));
  }
  add(values: Cells): Cells {
    for (const i of this.sheet.sumColumns) this.sums.set(i, this.sums.get(i)! + Number(values[i]));
    return values;
  }
  sum(column: number): number {
    return this.sums.get(column) ?? 0;
  }
  row(): Cells {
    return this.sheet.headers.map((_h, i) => (i === 0 ? '合计' : (this.sums.get(i) ?? '')));
  }
}

/** Between the parts of a title row, as a Chinese form spaces them. */
const IDEOGRAPHIC_SPACE = '\u3000';

/** Minutes in Asia/Shanghai (UTC+8 all year: no daylight saving time). */
function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

interface Sink {
  /** Adds a row; its bytes are written 64 KiB at a time. */
  row(values: Cells): void;
  /** Writes what is left of the batch, then waits until the response can take more. */
  flush(): Promise<void>;
  /** Writes the totals row (and, in the xlsx, what follows it) and ends the sheet. */
  end(totals: Cells): Promise<void>;
}

/** Resolves once `out` wants more data (at once unless its buffer is full); rejects when the client has gone. */
function drained(out: Writable): Promise<void> {
  const gone = () => new Error('the client closed the connection during the export');
  if (out.destroyed) return Promise.reject(gone());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain).off('error', settle).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(gone());
    out.on('drain', onDrain).on('error', settle).on('close', onClose);
  });
}

/** Fen to the yuan an xlsx cell holds, a number (its column's #,##0.00 shows the two decimals); in place, as each row's cells are its own. */
function inYuan(values: Cells, amountColumns: number[]): Cells {
  for (const i of amountColumns) if (typeof values[i] === 'number') values[i] = (values[i] as number) / 100;
  return values;
}

/** One sheet of the xlsx: amounts #,##0.00, the ID number column text, its XML written 64 KiB at a time. */
function xlsxSink(out: Writable, workbook: RosterWorkbook, name: string, title: string, spec: SheetSpec): Sink {
  const sheet: RosterSheet = workbook.addSheet({
    name,
    title,
    headers: spec.headers,
    widths: spec.widths,
    numFmts: spec.headers.map((_h, i) => (spec.amountColumns.includes(i) ? '#,##0.00' : spec.textColumns.includes(i) ? '@' : undefined)),
    numeric: spec.headers.map((_h, i) => spec.amountColumns.includes(i) || spec.sumColumns.includes(i)),
  });
  return {
    row: (values) => sheet.row(inYuan(values, spec.amountColumns)),
    flush: async () => {
      sheet.send();
      await drained(out);
    },
    end: async (totals) => {
      // The totals, a blank row, then the three signatures spread over the width.
      const signatures = spec.headers.map(() => '');
      const third = Math.floor(spec.headers.length / 3);
      signatures[1] = SIGNATURES[0];
      signatures[1 + third] = SIGNATURES[1];
      signatures[1 + 2 * third] = SIGNATURES[2];
      sheet.row(inYuan(totals, spec.amountColumns), 'bold');
      sheet.skipRow();
      sheet.row(signatures, 'none');
      sheet.send();
      sheet.commit();
    },
  };
}

/** The signature lines under each sheet of the xlsx. */
export const SIGNATURES = ['制表：＿＿＿＿＿＿', '审核：＿＿＿＿＿＿', '批准：＿＿＿＿＿＿'] as const;

function csvSink(out: Writable, spec: SheetSpec): Sink {
  const text = new Utf8Chunks(out);
  // Cell by cell into the chunk's bytes: building each line as a string, then a batch of them, then their
  // UTF-8 copy allocated four times the line a row (issue 20's allocation profile).
  const line = (values: Cells) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) text.put(',');
      text.put(typeof v === 'number' ? (spec.amountColumns.includes(i) ? yuanPlain(v) : String(v)) : csvField(v));
    }
    text.put('\r\n');
  };
  text.put('\uFEFF');
  line(spec.headers);
  return {
    row: line,
    flush: async () => {
      text.send();
      await drained(out);
    },
    end: async (totals) => {
      // The total is a number too: a negative one stays -1234.56, never neutralised as text.
      line(totals);
      text.send();
    },
  };
}

/**
 * A text cell as CSV: quoted when it must be, and neutralised when a
 * spreadsheet would read it as a formula (a leading =, +, -, @, tab or CR gets
 * a single quote before it, the OWASP way). Numbers never come here: amounts,
 * negative clawbacks included, stay numbers. Characters that no spreadsheet
 * file can hold are dropped, as in the xlsx.
 */
export function csvField(value: string): string {
  const clean = printable(value);
  const text = FORMULA_START.test(clean) ? `'${clean}` : clean;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Made once: a regular expression literal in csvField() is a new RegExp object at every call, two a cell (issue 20).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
