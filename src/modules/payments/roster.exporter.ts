import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { yuanPlain } from './money';

export const ROSTER_TYPES = ['allowance', 'grant'] as const;
export type RosterType = (typeof ROSTER_TYPES)[number];
export const ROSTER_FORMATS = ['xlsx', 'csv'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

const KIND_LABELS: Record<string, string> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助' };
const BATCH = 5_000;

interface RosterSpec {
  title: string;
  headers: string[];
  widths: number[];
  /** Index of the amount column (yuan). */
  amountColumn: number;
  /** Columns written as text so Excel never turns an 18-digit number into 3.1E+17. */
  textColumns: number[];
  query: string;
  toRow(row: Record<string, unknown>, n: number): Array<string | number>;
}

/**
 * 发放名册 for HR finance: the one place full ID numbers leave the service.
 * Rows are read in batches and written as they come (exceljs WorkbookWriter),
 * so 100,000 lines never sit in memory at once.
 */
@Injectable()
export class RosterExporter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PiiCipher,
  ) {}

  fileName(type: RosterType, period: string, format: RosterFormat): string {
    return `${this.spec(type).title}-${period}.${format}`;
  }

  async write(type: RosterType, period: string, format: RosterFormat, out: Writable): Promise<{ rows: number; totalFen: number }> {
    const spec = this.spec(type);
    const sink = format === 'xlsx' ? xlsxSink(out, period, spec) : csvSink(out, spec);
    let totalFen = 0;
    let n = 0;
    let afterId = '0';
    for (;;) {
      const rows: Array<Record<string, unknown>> = await this.db.query(spec.query, [period, afterId, BATCH]);
      for (const row of rows) {
        totalFen += Number(row.amount_fen);
        await sink.row(spec.toRow(row, ++n));
      }
      if (rows.length < BATCH) break;
      afterId = String(rows[rows.length - 1].id);
    }
    const totals = spec.headers.map((_h, i) => (i === 0 ? '合计' : i === spec.amountColumn ? totalFen / 100 : ''));
    await sink.end(totals, totalFen);
    return { rows: n, totalFen };
  }

  private spec(type: RosterType): RosterSpec {
    if (type === 'allowance') {
      return {
        title: '首席技师津贴发放名册',
        headers: ['序号', '姓名', '身份证号', '工作单位', '所在街镇', '届别', '期间', '第几月', '类型', '金额（元）', '备注'],
        widths: [8, 12, 22, 32, 16, 8, 10, 8, 8, 14, 40],
        amountColumn: 9,
        textColumns: [2],
        query: `SELECT l.id, t.name, t.id_number_enc, e.name AS employer, s.name AS street, d.cohort, l.for_period, l.month_index, l.kind,
                       l.amount_fen::text AS amount_fen, l.note
                  FROM payment_lines l JOIN designations d ON d.id = l.designation_id JOIN talents t ON t.id = d.talent_id
                  JOIN organizations e ON e.id = t.employer_id LEFT JOIN organizations s ON s.id = e.street_id
                 WHERE l.run_period = $1 AND l.designation_id IS NOT NULL AND l.id > $2::bigint ORDER BY l.id LIMIT $3`,
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
      };
    }
    return {
      title: '首席技师工作室资助发放名册',
      headers: ['序号', '单位名称', '统一社会信用代码', '所在街镇', '工作室', '领衔人', '级别', '期间', '第几期', '类型', '金额（元）', '备注'],
      widths: [8, 32, 22, 16, 28, 12, 8, 10, 8, 8, 14, 40],
      amountColumn: 10,
      textColumns: [2],
      query: `SELECT l.id, e.name AS employer, e.credit_code, s.name AS street, w.name AS workshop, t.name AS lead, w.level, l.for_period, l.month_index,
                     l.kind, l.amount_fen::text AS amount_fen, l.note
                FROM payment_lines l JOIN workshops w ON w.id = l.workshop_id JOIN organizations e ON e.id = l.payee_employer_id
                JOIN talents t ON t.id = w.lead_talent_id LEFT JOIN organizations s ON s.id = e.street_id
               WHERE l.run_period = $1 AND l.workshop_id IS NOT NULL AND l.id > $2::bigint ORDER BY l.id LIMIT $3`,
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
    };
  }
}

interface Sink {
  row(values: Array<string | number>): Promise<void>;
  end(totals: Array<string | number>, totalFen: number): Promise<void>;
}

function xlsxSink(out: Writable, period: string, spec: RosterSpec): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(period);
  sheet.columns = spec.headers.map((header, i) => ({
    header,
    width: spec.widths[i],
    style: i === spec.amountColumn ? { numFmt: '#,##0.00' } : spec.textColumns.includes(i) ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  return {
    row: async (values) => sheet.addRow(values).commit(),
    end: async (totals) => {
      const row = sheet.addRow(totals);
      row.font = { bold: true };
      row.commit();
      sheet.commit();
      await workbook.commit();
    },
  };
}

function csvSink(out: Writable, spec: RosterSpec): Sink {
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(text, 'utf8')) resolve();
      else out.once('drain', resolve).once('error', reject);
    });
  const line = (values: Array<string | number>) =>
    values.map((v, i) => (i === spec.amountColumn && typeof v === 'number' ? yuanPlain(Math.round(v * 100)) : csvField(String(v)))).join(',') + '\r\n';
  let started = false;
  return {
    row: async (values) => {
      if (!started) {
        started = true;
        await write('\uFEFF' + line(spec.headers));
      }
      await write(line(values));
    },
    end: async (totals, totalFen) => {
      if (!started) await write('\uFEFF' + line(spec.headers));
      await write(line(totals.map((v, i) => (i === spec.amountColumn ? yuanPlain(totalFen) : v))));
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
