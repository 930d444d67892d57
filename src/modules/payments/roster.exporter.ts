import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { yuanPlain } from './money';

export const ROSTER_TYPES = ['allowance', 'grant'] as const;
export type RosterType = (typeof ROSTER_TYPES)[number];
export const ROSTER_FORMATS = ['xlsx', 'csv'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

const KIND_LABELS: Record<string, string> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助' };
/** Rows a query reads. Small enough that a batch is read, written and dropped before the garbage collector promotes it. */
const BATCH = 500;
/** Rows a write carries: strings of some tens of kilobytes, which die young (a batch's one big string would not). */
const CHUNK = 64;

/** One sheet's columns; `toRow` turns a row of its query into the sheet's values (amounts in yuan). */
interface SheetSpec {
  headers: string[];
  widths: number[];
  /** Columns in yuan: #,##0.00 in the xlsx, two decimals in the CSV. */
  amountColumns: number[];
  /** Columns summed on the totals row. */
  sumColumns: number[];
  /** Columns written as text so Excel never turns an 18-digit number into 3.1E+17. */
  textColumns: number[];
  toRow(row: Record<string, unknown>, n: number): Array<string | number>;
}

interface RosterSpec {
  title: string;
  /** 明细: one row per line; `query` reads a batch of them ($1 period, $2 after this line id, $3 batch size). */
  detail: SheetSpec & { query: string };
  /** 汇总: one row per payee (allowance) or employer and workshop (grant); `query` ($1 period) is read through a cursor. */
  summary: SheetSpec & { query: string };
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
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  fileName(type: RosterType, period: string, format: RosterFormat, run: RosterRun): string {
    return `${this.spec(type).title}-${period}-第${run.runNumber}次核算.${format}`;
  }

  async write(type: RosterType, period: string, format: RosterFormat, out: Writable, run: RosterRun): Promise<{ rows: number; totalFen: number }> {
    const spec = this.spec(type);
    if (format === 'csv') return this.lines(spec.detail, period, csvSink(out, spec.detail), () => new Promise<void>((resolve) => out.end(resolve)));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const title = (sheet: string) =>
      [`${spec.title}（${sheet}）`, `期间：${period}`, `第 ${run.runNumber} 次核算${run.lastRunAt ? `（${shanghaiTime(new Date(run.lastRunAt))}）` : ''}`, `导出：${shanghaiTime(this.clock.now())}`, ...(run.staleDesignations > 0 ? [`（自上次核算后 ${run.staleDesignations} 人有变化，请重新核算后再据此发放）`] : [])].join(IDEOGRAPHIC_SPACE);
    await this.summary(spec.summary, period, xlsxSink(out, workbook, '汇总', title('汇总'), spec.summary));
    const result = await this.lines(spec.detail, period, xlsxSink(out, workbook, '明细', title('明细'), spec.detail), () => workbook.commit());
    return result;
  }

  /** 明细: the period's lines in batches by id. */
  private async lines(sheet: RosterSpec['detail'], period: string, sink: Sink, finish: () => Promise<void>): Promise<{ rows: number; totalFen: number }> {
    const fetch = (afterId: string): Promise<Array<Record<string, unknown>>> => this.db.query(sheet.query, [period, afterId, BATCH]);
    const totals = new Totals(sheet);
    let n = 0;
    let next: Promise<Array<Record<string, unknown>>> | undefined = fetch('0');
    try {
      while (next) {
        const rows: Array<Record<string, unknown>> = await next;
        next = rows.length === BATCH ? fetch(String(rows[rows.length - 1].id)) : undefined;
        for (const row of rows) sink.row(totals.add(sheet.toRow(row, ++n)));
        await sink.flush();
      }
    } finally {
      // A client gone mid-export leaves the prefetched batch unread.
      next?.catch(() => undefined);
    }
    await sink.end(totals.row());
    await finish();
    return { rows: n, totalFen: totals.fen(sheet.amountColumns[sheet.amountColumns.length - 1]) };
  }

  /** 汇总: one aggregate query, read through a cursor in batches on a connection of its own. */
  private async summary(sheet: RosterSpec['summary'], period: string, sink: Sink): Promise<void> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    const totals = new Totals(sheet);
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`DECLARE roster_summary NO SCROLL CURSOR FOR ${sheet.query}`, [period]);
      let n = 0;
      for (;;) {
        const rows: Array<Record<string, unknown>> = await runner.query(`FETCH ${BATCH} FROM roster_summary`);
        for (const row of rows) sink.row(totals.add(sheet.toRow(row, ++n)));
        await sink.flush();
        if (rows.length < BATCH) break;
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    await sink.end(totals.row());
  }

  private spec(type: RosterType): RosterSpec {
    if (type === 'allowance') {
      return {
        title: '首席技师津贴发放名册',
        summary: {
          headers: ['序号', '姓名', '身份证号', '工作单位', '所在街镇', '正常发放（月）', '补发（月）', '追回（月）', '追回（元）', '实发（元）'],
          widths: [8, 12, 22, 32, 16, 14, 10, 10, 14, 14],
          amountColumns: [8, 9],
          sumColumns: [5, 6, 7, 8, 9],
          textColumns: [2],
          // Per payee, each month netted first (a month paid and recovered in the same period counts as neither),
          // named and placed as on the payee's latest line of the period (SPEC §3.2: rosters are what was paid).
          query: `WITH months AS (
                    SELECT payee_talent_id, for_period, sum(amount_fen) AS net, max(id) AS last_id
                      FROM payment_lines WHERE run_period = $1 AND designation_id IS NOT NULL GROUP BY payee_talent_id, for_period
                  ), payees AS (
                    SELECT payee_talent_id,
                           count(*) FILTER (WHERE net > 0 AND for_period = $1)::int AS regular_months,
                           count(*) FILTER (WHERE net > 0 AND for_period < $1)::int AS arrears_months,
                           count(*) FILTER (WHERE net < 0)::int AS clawback_months,
                           COALESCE(sum(net) FILTER (WHERE net < 0), 0)::text AS clawback_fen,
                           sum(net)::text AS net_fen, max(last_id) AS last_id
                      FROM months GROUP BY payee_talent_id
                  )
                  SELECT p.*, COALESCE(tv.name, t.name) AS name, t.id_number_enc, COALESCE(ev.name, e.name) AS employer, COALESCE(sv.name, s.name) AS street
                    FROM payees p JOIN payment_lines l ON l.id = p.last_id JOIN talents t ON t.id = p.payee_talent_id
                    ${asWritten('tv', 'talent_versions', 'talent_id', 't.id', 'v.name, v.employer_id')}
                    JOIN organizations e ON e.id = COALESCE(tv.employer_id, t.employer_id)
                    ${asWritten('ev', 'organization_versions', 'organization_id', 'e.id', 'v.name, v.street_id, true AS found')}
                    LEFT JOIN organizations s ON s.id = CASE WHEN ev.found THEN ev.street_id ELSE e.street_id END
                    ${asWritten('sv', 'organization_versions', 'organization_id', 's.id', 'v.name')}
                   ORDER BY employer, name, p.payee_talent_id`,
          toRow: (r, n) => [
            n,
            String(r.name),
            this.cipher.decrypt(String(r.id_number_enc)),
            String(r.employer),
            String(r.street ?? ''),
            Number(r.regular_months),
            Number(r.arrears_months),
            Number(r.clawback_months),
            Number(r.clawback_fen) / 100,
            Number(r.net_fen) / 100,
          ],
        },
        detail: {
          headers: ['序号', '姓名', '身份证号', '工作单位', '所在街镇', '届别', '期间', '第几月', '类型', '金额（元）', '备注'],
          widths: [8, 12, 22, 32, 16, 8, 10, 8, 8, 14, 40],
          amountColumns: [9],
          sumColumns: [9],
          textColumns: [2],
          // The payee, employer and street as they were when each line was written (SPEC §3.2: rosters are what was paid).
          query: `SELECT l.id, COALESCE(tv.name, t.name) AS name, t.id_number_enc, COALESCE(ev.name, e.name) AS employer, COALESCE(sv.name, s.name) AS street,
                         d.cohort, l.for_period, l.month_index, l.kind, l.amount_fen::text AS amount_fen, l.note
                    FROM ${page('l.designation_id IS NOT NULL')} JOIN designations d ON d.id = l.designation_id JOIN talents t ON t.id = l.payee_talent_id
                    ${asWritten('tv', 'talent_versions', 'talent_id', 't.id', 'v.name, v.employer_id')}
                    JOIN organizations e ON e.id = COALESCE(tv.employer_id, t.employer_id)
                    ${asWritten('ev', 'organization_versions', 'organization_id', 'e.id', 'v.name, v.street_id, true AS found')}
                    LEFT JOIN organizations s ON s.id = CASE WHEN ev.found THEN ev.street_id ELSE e.street_id END
                    ${asWritten('sv', 'organization_versions', 'organization_id', 's.id', 'v.name')}
                   ORDER BY l.id`,
          toRow: (r, n) => [
            n,
            String(r.name),
            this.cipher.decrypt(String(r.id_number_enc)),
            String(r.employer),
            String(r.street ?? ''),
            String(r.cohort),
            String(r.for_period),
            Number(r.month_index),
            KIND_LABELS[String(r.kind)],
            Number(r.amount_fen) / 100,
            String(r.note),
          ],
        },
      };
    }
    return {
      title: '首席技师工作室资助发放名册',
      summary: {
        headers: ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别', '期次', '资助（元）', '追回（元）', '实发（元）'],
        widths: [8, 32, 22, 16, 28, 12, 8, 16, 14, 14, 14],
        amountColumns: [8, 9, 10],
        sumColumns: [8, 9, 10],
        textColumns: [2],
        // Per employer and workshop, each instalment netted first; named as on the latest line of the period.
        query: `WITH inst AS (
                  SELECT workshop_id, payee_employer_id, month_index, sum(amount_fen) AS net, max(id) AS last_id
                    FROM payment_lines WHERE run_period = $1 AND workshop_id IS NOT NULL GROUP BY workshop_id, payee_employer_id, month_index
                ), ws AS (
                  SELECT workshop_id, payee_employer_id,
                         string_agg('第' || month_index || '期', '、' ORDER BY month_index) FILTER (WHERE net <> 0) AS instalments,
                         COALESCE(sum(net) FILTER (WHERE net > 0), 0)::text AS grant_fen,
                         COALESCE(sum(net) FILTER (WHERE net < 0), 0)::text AS clawback_fen,
                         sum(net)::text AS net_fen, max(last_id) AS last_id
                    FROM inst GROUP BY workshop_id, payee_employer_id
                )
                SELECT x.*, COALESCE(ev.name, e.name) AS employer, CASE WHEN ev.found THEN ev.credit_code ELSE e.credit_code END AS credit_code,
                       COALESCE(sv.name, s.name) AS street, COALESCE(wv.name, w.name) AS workshop, COALESCE(tv.name, t.name) AS lead, w.level
                  FROM ws x JOIN payment_lines l ON l.id = x.last_id JOIN workshops w ON w.id = x.workshop_id
                  ${asWritten('wv', 'workshop_versions', 'workshop_id', 'w.id', 'v.name, v.lead_talent_id')}
                  JOIN talents t ON t.id = COALESCE(wv.lead_talent_id, w.lead_talent_id)
                  ${asWritten('tv', 'talent_versions', 'talent_id', 't.id', 'v.name')}
                  JOIN organizations e ON e.id = x.payee_employer_id
                  ${asWritten('ev', 'organization_versions', 'organization_id', 'e.id', 'v.name, v.credit_code, v.street_id, true AS found')}
                  LEFT JOIN organizations s ON s.id = CASE WHEN ev.found THEN ev.street_id ELSE e.street_id END
                  ${asWritten('sv', 'organization_versions', 'organization_id', 's.id', 'v.name')}
                 ORDER BY employer, workshop, x.workshop_id`,
        toRow: (r, n) => [
          n,
          String(r.employer),
          String(r.credit_code),
          String(r.street ?? ''),
          String(r.workshop),
          String(r.lead),
          r.level === 'municipal' ? '市级' : '区级',
          String(r.instalments ?? ''),
          Number(r.grant_fen) / 100,
          Number(r.clawback_fen) / 100,
          Number(r.net_fen) / 100,
        ],
      },
      detail: {
        headers: ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别', '期间', '第几期', '类型', '金额（元）', '备注'],
        widths: [8, 32, 22, 16, 28, 12, 8, 10, 8, 8, 14, 40],
        amountColumns: [10],
        sumColumns: [10],
        textColumns: [2],
        // The employer, its street, the workshop and its lead as they were when each line was written.
        query: `SELECT l.id, COALESCE(ev.name, e.name) AS employer, CASE WHEN ev.found THEN ev.credit_code ELSE e.credit_code END AS credit_code,
                       COALESCE(sv.name, s.name) AS street, COALESCE(wv.name, w.name) AS workshop, COALESCE(tv.name, t.name) AS lead, w.level,
                       l.for_period, l.month_index, l.kind, l.amount_fen::text AS amount_fen, l.note
                  FROM ${page('l.workshop_id IS NOT NULL')} JOIN workshops w ON w.id = l.workshop_id
                  ${asWritten('wv', 'workshop_versions', 'workshop_id', 'w.id', 'v.name, v.lead_talent_id')}
                  JOIN talents t ON t.id = COALESCE(wv.lead_talent_id, w.lead_talent_id)
                  ${asWritten('tv', 'talent_versions', 'talent_id', 't.id', 'v.name')}
                  JOIN organizations e ON e.id = l.payee_employer_id
                  ${asWritten('ev', 'organization_versions', 'organization_id', 'e.id', 'v.name, v.credit_code, v.street_id, true AS found')}
                  LEFT JOIN organizations s ON s.id = CASE WHEN ev.found THEN ev.street_id ELSE e.street_id END
                  ${asWritten('sv', 'organization_versions', 'organization_id', 's.id', 'v.name')}
                 ORDER BY l.id`,
        toRow: (r, n) => [
          n,
          String(r.employer),
          String(r.credit_code),
          String(r.street ?? ''),
          String(r.workshop),
          String(r.lead),
          r.level === 'municipal' ? '市级' : '区级',
          String(r.for_period),
          Number(r.month_index),
          KIND_LABELS[String(r.kind)],
          Number(r.amount_fen) / 100,
          String(r.note),
        ],
      },
    };
  }
}

/** The totals row: amounts summed in fen (never floats adding up yuan), counts as they are. */
class Totals {
  private readonly sums: Map<number, number>;
  constructor(private readonly sheet: SheetSpec) {
    this.sums = new Map(sheet.sumColumns.map((i) => [i, 0]));
  }
  add(values: Array<string | number>): Array<string | number> {
    for (const i of this.sheet.sumColumns) {
      const v = Number(values[i]);
      this.sums.set(i, this.sums.get(i)! + (this.sheet.amountColumns.includes(i) ? Math.round(v * 100) : v));
    }
    return values;
  }
  fen(column: number): number {
    return this.sums.get(column) ?? 0;
  }
  row(): Array<string | number> {
    return this.sheet.headers.map((_h, i) => (i === 0 ? '合计' : this.sums.has(i) ? (this.sheet.amountColumns.includes(i) ? this.sums.get(i)! / 100 : this.sums.get(i)!) : ''));
  }
}

/** Between the parts of a title row, as a Chinese form spaces them. */
const IDEOGRAPHIC_SPACE = '\u3000';

/** Minutes in Asia/Shanghai (UTC+8 all year: no daylight saving time). */
function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The batch's lines, chosen before anything is joined to them: with the joins
 * through the version tables in the same query, the planner joined every
 * remaining line of the period and sorted them for each batch of 500 (an
 * export of 100,000 lines went from 3 s to 100 s).
 */
function page(filter: string): string {
  return `(SELECT * FROM payment_lines l WHERE l.run_period = $1 AND ${filter} AND l.id > $2::bigint ORDER BY l.id LIMIT $3) l`;
}

/**
 * The version of a row that was current when line `l` was written: the first
 * earlier version kept after the line's time (migration 1764000120000), none
 * (so the current row) if the row has not changed since.
 */
function asWritten(alias: string, table: string, key: string, id: string, columns: string): string {
  return `LEFT JOIN LATERAL (SELECT ${columns} FROM ${table} v WHERE v.${key} = ${id} AND v.valid_until > l.created_at ORDER BY v.valid_until, v.id LIMIT 1) ${alias} ON true`;
}

interface Sink {
  /** Adds a row; written every CHUNK rows. */
  row(values: Array<string | number>): void;
  /** Writes what is left of the batch, then waits until the response can take more. */
  flush(): Promise<void>;
  /** Writes the totals row (and, in the xlsx, what follows it) and ends the sheet. */
  end(totals: Array<string | number>): Promise<void>;
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

/** What exceljs's streaming writer has and its typings do not show. */
interface WorkbookWriterInternals {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: ExcelJS.ValueType): number };
}

/** Rows above the data: the title row, then the header row (repeated on every printed page). */
const HEADER_ROW = 2;

/**
 * One sheet of the xlsx. exceljs writes the package (zip, workbook, styles,
 * column widths, page setup, the title and header rows); the data rows are
 * rendered here as XML into the worksheet's stream, a string every CHUNK rows.
 * exceljs's own path builds a Row, a Cell and a style object for each of the
 * 1.1 million cells of a 100,000-line roster and resolves every cell's style
 * anew: most of the export's time. Number formats are per column: amounts
 * #,##0.00, the ID number column text.
 */
function xlsxSink(out: Writable, workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, spec: SheetSpec): Sink {
  const last = String.fromCharCode(64 + spec.headers.length);
  const sheet = workbook.addWorksheet(name, {
    // Printed as finance signs it: A4 landscape, all columns on the page's width, the header on every page.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`, horizontalCentered: true },
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
  });
  const amount = (i: number) => spec.amountColumns.includes(i);
  const columnStyle = (i: number): Partial<ExcelJS.Style> => (amount(i) ? { numFmt: '#,##0.00' } : spec.textColumns.includes(i) ? { numFmt: '@' } : {});
  sheet.columns = spec.headers.map((_h, i) => ({ width: spec.widths[i], style: columnStyle(i) }));
  const titleRow = sheet.getRow(1);
  titleRow.getCell(1).value = title;
  titleRow.font = { bold: true, size: 14 };
  titleRow.height = 24;
  sheet.mergeCells(`A1:${last}1`);
  titleRow.commit();
  const header = sheet.getRow(HEADER_ROW);
  header.values = spec.headers;
  header.font = { bold: true };
  header.commit();
  const styles = (workbook as unknown as WorkbookWriterInternals).styles;
  const cellType = (i: number) => (amount(i) || spec.sumColumns.includes(i) ? ExcelJS.ValueType.Number : ExcelJS.ValueType.String);
  const styleIds = spec.headers.map((_h, i) => styles.addStyleModel(columnStyle(i), cellType(i)));
  const totalStyleIds = spec.headers.map((_h, i) => styles.addStyleModel({ ...columnStyle(i), font: { bold: true } }, cellType(i)));
  const letters = spec.headers.map((_h, i) => String.fromCharCode(65 + i));
  const stream = (sheet as unknown as { stream: Writable }).stream;
  let rowNumber = HEADER_ROW;
  let batch: string[] = [];
  const render = (values: Array<string | number>, ids: number[]) => {
    const r = ++rowNumber;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const s = ids[i] ? ` s="${ids[i]}"` : '';
      if (typeof v === 'number') xml += `<c r="${letters[i]}${r}"${s}><v>${v}</v></c>`;
      else if (v !== '') xml += `<c r="${letters[i]}${r}"${s} t="inlineStr"><is><t${/^\s|\s$/.test(v) ? ' xml:space="preserve"' : ''}>${xmlText(v)}</t></is></c>`;
    }
    return `${xml}</row>`;
  };
  return {
    row: (values) => {
      batch.push(render(values, styleIds));
      if (batch.length === CHUNK) {
        stream.write(batch.join(''));
        batch = [];
      }
    },
    flush: async () => {
      if (batch.length) stream.write(batch.join(''));
      batch = [];
      await drained(out);
    },
    end: async (totals) => {
      // The totals, a blank row, then the three signatures spread over the width.
      const signatures = spec.headers.map(() => '');
      const third = Math.floor(spec.headers.length / 3);
      signatures[1] = SIGNATURES[0];
      signatures[1 + third] = SIGNATURES[1];
      signatures[1 + 2 * third] = SIGNATURES[2];
      const totalsXml = render(totals, totalStyleIds);
      rowNumber++;
      stream.write(batch.join('') + totalsXml + render(signatures, []));
      batch = [];
      sheet.commit();
    },
  };
}

/** The signature lines under each sheet of the xlsx. */
export const SIGNATURES = ['制表：＿＿＿＿＿＿', '审核：＿＿＿＿＿＿', '批准：＿＿＿＿＿＿'] as const;

/**
 * What XML 1.0 cannot hold: C0 controls but tab, LF and CR (and DEL, as exceljs
 * drops it), the non-characters U+FFFE and U+FFFF, and UTF-16 surrogates not in
 * a pair. One such character in a name would make the whole workbook unreadable.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what this looks for
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[<>&'"]/;

/** The text without what XML cannot carry (the CSV drops it too, so both files hold the same names). */
function printable(value: string): string {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(value) ? value.replace(NOT_XML, '') : value;
}

/** XML text: the five escapes, and what XML cannot carry dropped. */
export function xmlText(value: string): string {
  const clean = printable(value);
  if (!XML_SPECIAL.test(clean)) return clean;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function csvSink(out: Writable, spec: SheetSpec): Sink {
  const line = (values: Array<string | number>) =>
    values.map((v, i) => (typeof v === 'number' ? (spec.amountColumns.includes(i) ? yuanPlain(Math.round(v * 100)) : String(v)) : csvField(v))).join(',') + '\r\n';
  let batch = '\uFEFF' + line(spec.headers);
  let rows = 0;
  return {
    row: (values) => {
      batch += line(values);
      if (++rows % CHUNK === 0) {
        out.write(batch, 'utf8');
        batch = '';
      }
    },
    flush: async () => {
      if (batch) out.write(batch, 'utf8');
      batch = '';
      await drained(out);
    },
    end: async (totals) => {
      // The total is a number too: a negative one stays -1234.56, never neutralised as text.
      out.write(batch + line(totals), 'utf8');
      batch = '';
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
  const text = /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
