import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../core/errors/domain-error';
import { ReportTable, yuanCell } from './report-workbook';

export interface HistoryLine {
  /** The period whose run paid it; null for an opening line (paid before the service, SPEC §3.7). */
  runPeriod: string | null;
  forPeriod: string;
  kind: 'regular' | 'arrears' | 'clawback' | 'grant' | 'opening';
  amountFen: number;
  /** The person (allowance) or the workshop (grant) the line is for. */
  subject: string;
  cohort: string | null;
  monthIndex: number;
  note: string;
}

export interface PaymentHistory {
  payee: { kind: 'talent' | 'employer'; id: string; name: string; identifier: string };
  since: string | null;
  /** Per run period (opening lines under null), oldest first. */
  byPeriod: Array<{ runPeriod: string | null; allowanceFen: number; clawbackFen: number; grantFen: number; netFen: number }>;
  totalFen: number;
  items: HistoryLine[];
}

const KIND_LABELS: Record<HistoryLine['kind'], string> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助', opening: '期初已发' };
/** Sorts the opening lines (paid before any run) first. */
const LINE_ORDER = `CASE WHEN l.kind = 'opening' THEN 0 ELSE 1 END, l.run_period, l.for_period, l.id`;
/** Runs from `since` on; opening lines for months from `since` on. */
const SINCE = `($2::text IS NULL OR (l.kind <> 'opening' AND l.run_period >= $2) OR (l.kind = 'opening' AND l.for_period >= $2))`;

/**
 * "What did we pay X since 2024" (issue 18): every ledger line paid to a person
 * or an employer. An employer's are its workshops' grants and the allowances of
 * the people who worked for it when each line was written (the roster's reading,
 * SPEC §3.2), so a person who moved on stays in the old employer's history.
 */
@Injectable()
export class PaymentHistoryReport {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forTalent(talentId: string, since: string | undefined): Promise<PaymentHistory> {
    const [t]: Array<{ name: string; id_number_masked: string }> = await this.db.query(`SELECT name, id_number_masked FROM talents WHERE id = $1`, [talentId]);
    if (!t) throw new NotFoundError('talent', talentId);
    const rows = await this.db.query(
      `SELECT l.run_period, l.for_period, l.kind, l.amount_fen::text AS amount_fen, $3::text AS subject, d.cohort, l.month_index, l.note
         FROM designations d CROSS JOIN LATERAL designation_ledger_lines(d.id) l
        WHERE d.talent_id = $1 AND ${SINCE}
        ORDER BY ${LINE_ORDER}`,
      [talentId, since ?? null, t.name],
    );
    return build({ kind: 'talent', id: talentId, name: t.name, identifier: t.id_number_masked }, since, rows);
  }

  async forEmployer(employerId: string, since: string | undefined): Promise<PaymentHistory> {
    const [e]: Array<{ name: string; credit_code: string }> = await this.db.query(`SELECT name, credit_code FROM organizations WHERE id = $1 AND kind = 'employer'`, [employerId]);
    if (!e) throw new NotFoundError('employer', employerId);
    const rows = await this.db.query(
      `SELECT l.run_period, l.for_period, l.kind, l.amount_fen::text AS amount_fen, w.name AS subject, NULL AS cohort, l.month_index, l.note, l.id
         FROM payment_lines l JOIN workshops w ON w.id = l.workshop_id
        WHERE l.workshop_id IN (SELECT id FROM workshops WHERE employer_id = $1) AND l.payee_employer_id = $1 AND ${SINCE}
       UNION ALL
       SELECT l.run_period, l.for_period, l.kind, l.amount_fen::text, COALESCE(tv.name, t.name), d.cohort, l.month_index, l.note, l.id
         FROM designations d JOIN talents t ON t.id = d.talent_id
         CROSS JOIN LATERAL designation_ledger_lines(d.id) l
         LEFT JOIN LATERAL (SELECT v.name, v.employer_id FROM talent_versions v WHERE v.talent_id = t.id AND v.valid_until > l.created_at ORDER BY v.valid_until, v.id LIMIT 1) tv ON true
        WHERE (t.employer_id = $1 OR EXISTS (SELECT 1 FROM talent_versions v2 WHERE v2.talent_id = t.id AND v2.employer_id = $1))
          AND COALESCE(tv.employer_id, t.employer_id) = $1 AND ${SINCE}
        ORDER BY 9`,
      [employerId, since ?? null],
    );
    return build({ kind: 'employer', id: employerId, name: e.name, identifier: e.credit_code }, since, rows);
  }

  tables(h: PaymentHistory): ReportTable[] {
    const who = `${h.payee.name}（${h.payee.identifier}）`;
    const span = h.since ? `${h.since} 起` : '全部';
    const period = (p: string | null) => p ?? '期初（系统外已发）';
    return [
      {
        sheet: '汇总',
        title: `${who} 发放记录汇总（${span}）`,
        headers: ['发放期间', '津贴（元）', '追回（元）', '工作室资助（元）', '合计（元）'],
        widths: [20, 16, 16, 18, 16],
        yuanColumns: [1, 2, 3, 4],
        rows: h.byPeriod.map((p) => [period(p.runPeriod), yuanCell(p.allowanceFen), yuanCell(p.clawbackFen), yuanCell(p.grantFen), yuanCell(p.netFen)]),
        totals: ['合计', ...(['allowanceFen', 'clawbackFen', 'grantFen', 'netFen'] as const).map((k) => yuanCell(h.byPeriod.reduce((s, p) => s + p[k], 0)))],
      },
      {
        sheet: '明细',
        title: `${who} 发放明细（${span}）`,
        headers: ['序号', '发放期间', '所属月份', h.payee.kind === 'talent' ? '姓名' : '人员／工作室', '届别', '第几月（期）', '类型', '金额（元）', '备注'],
        widths: [6, 20, 10, 24, 8, 12, 10, 14, 40],
        yuanColumns: [7],
        rows: h.items.map((l, i) => [i + 1, period(l.runPeriod), l.forPeriod, l.subject, l.cohort ?? '', l.monthIndex, KIND_LABELS[l.kind], yuanCell(l.amountFen), l.note]),
        totals: ['合计', null, null, null, null, null, null, yuanCell(h.totalFen), null],
      },
    ];
  }
}

function build(payee: PaymentHistory['payee'], since: string | undefined, rows: Array<Record<string, unknown>>): PaymentHistory {
  const items: HistoryLine[] = rows.map((r) => ({
    runPeriod: r.kind === 'opening' ? null : String(r.run_period),
    forPeriod: String(r.for_period),
    kind: r.kind as HistoryLine['kind'],
    amountFen: Number(r.amount_fen),
    subject: String(r.subject),
    cohort: r.cohort === null ? null : String(r.cohort),
    monthIndex: Number(r.month_index),
    note: String(r.note ?? ''),
  }));
  // Opening lines (no run) first, then by the run that paid them and the month they were for.
  const key = (l: HistoryLine) => `${l.runPeriod ?? '0000-00'} ${l.forPeriod}`;
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const byPeriod = new Map<string | null, PaymentHistory['byPeriod'][number]>();
  for (const l of items) {
    const p = byPeriod.get(l.runPeriod) ?? { runPeriod: l.runPeriod, allowanceFen: 0, clawbackFen: 0, grantFen: 0, netFen: 0 };
    if (l.kind === 'clawback') p.clawbackFen += l.amountFen;
    else if (l.kind === 'grant') p.grantFen += l.amountFen;
    else p.allowanceFen += l.amountFen;
    p.netFen += l.amountFen;
    byPeriod.set(l.runPeriod, p);
  }
  return { payee, since: since ?? null, byPeriod: [...byPeriod.values()], totalFen: items.reduce((s, l) => s + l.amountFen, 0), items };
}
