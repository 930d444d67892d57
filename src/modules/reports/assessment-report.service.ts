import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { REASON_LABELS, AdjustmentReason } from '../adjustments/adjustment-reasons';
import { GRADES, GRADE_LABELS, Grade } from '../annual-reviews/grades';
import { AssessmentReportRepository, AssessmentReportRow } from './assessment-report.repository';
import { escapeHtml } from './html';
import { ReportTable } from './report-workbook';

export const REPORT_KIND_LABELS: Record<AssessmentReportRow['kind'], string> = { mid_term: '届中考核', end_term: '届满考核', annual_review: '日常考查' };
const TASK_STATUS_LABELS: Record<string, string> = { open: '待考核', overdue: '已逾期未考核', done: '已完成', cancelled: '已取消' };
const ADJUSTMENT_STATUS_LABELS: Record<string, string> = { pending: '待决定', approved: '已批准', rejected: '已驳回' };

export interface AssessmentReportSummary {
  kind: AssessmentReportRow['kind'];
  total: number;
  grades: Record<Grade, number>;
  notHeld: number;
  adjustments: number;
}

export interface AssessmentReport {
  year: number;
  generatedOn: string;
  summary: AssessmentReportSummary[];
  items: AssessmentReportRow[];
}

export function adjustmentText(a: AssessmentReportRow['adjustment']): string {
  if (!a) return '';
  return `${REASON_LABELS[a.reason as AdjustmentReason] ?? a.reason}，自 ${a.effectiveOn} 起中止（${ADJUSTMENT_STATUS_LABELS[a.status] ?? a.status}）`;
}

const gradeText = (g: string | null) => (g ? GRADE_LABELS[g as Grade] : '');

/** The yearly 考核情况 report to the 区协调小组 (policy 003 五(四)), as data, workbook and printable page. */
@Injectable()
export class AssessmentReportService {
  constructor(
    private readonly rows: AssessmentReportRepository,
    private readonly clock: Clock,
  ) {}

  async report(year: number): Promise<AssessmentReport> {
    const items = await this.rows.rows(year);
    const summary = (['mid_term', 'end_term', 'annual_review'] as const).map((kind) => {
      const of = items.filter((i) => i.kind === kind);
      const grades = Object.fromEntries(GRADES.map((g) => [g, of.filter((i) => i.grade === g).length])) as Record<Grade, number>;
      return { kind, total: of.length, grades, notHeld: of.filter((i) => i.grade === null).length, adjustments: of.filter((i) => i.adjustment).length };
    });
    return { year, generatedOn: this.clock.today(), summary, items };
  }

  static readonly HEADERS = ['序号', '考核类型', '姓名', '身份证号', '工作单位', '届别', '组织单位', '考核日期', '等次', '分数', '状态', '引起的动态调整'];

  tables(r: AssessmentReport): ReportTable[] {
    return [
      {
        sheet: '汇总',
        title: `${r.year}年度首席技师考核情况汇总（制表日期 ${r.generatedOn}）`,
        headers: ['考核类型', '人次', ...GRADES.map((g) => GRADE_LABELS[g]), '未考核', '引起动态调整'],
        widths: [12, 8, 8, 8, 10, 8, 8, 14],
        rows: r.summary.map((s) => [REPORT_KIND_LABELS[s.kind], s.total, ...GRADES.map((g) => s.grades[g]), s.notHeld, s.adjustments]),
        totals: ['合计', ...sumColumns(r.summary.map((s) => [s.total, ...GRADES.map((g) => s.grades[g]), s.notHeld, s.adjustments]))],
      },
      {
        sheet: '明细',
        title: `${r.year}年度首席技师考核情况明细`,
        headers: AssessmentReportService.HEADERS,
        widths: [6, 10, 10, 20, 30, 6, 28, 12, 10, 8, 14, 40],
        rows: r.items.map((i, n) => [
          n + 1,
          REPORT_KIND_LABELS[i.kind],
          i.talentName,
          i.idNumberMasked,
          i.employer,
          i.cohort,
          i.organizer,
          i.assessedOn ?? '',
          gradeText(i.grade),
          i.score,
          i.assessedOn ? TASK_STATUS_LABELS.done : `${TASK_STATUS_LABELS[i.status] ?? i.status}（${i.dueOn} 到期）`,
          adjustmentText(i.adjustment),
        ]),
      },
    ];
  }

  /** A page to print (A4 landscape), with the 制表 / 审核 lines the office signs. */
  html(r: AssessmentReport): string {
    const [summary, detail] = this.tables(r);
    const table = (t: ReportTable) =>
      `<table><thead><tr>${t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${[...t.rows, ...(t.totals ? [t.totals] : [])]
        .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c === null ? '' : String(c))}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${r.year}年度首席技师考核情况</title>
<style>
  @page { size: A4 landscape; margin: 1.5cm; }
  body { font-family: "SimSun", "Songti SC", serif; margin: 1.5cm; font-size: 10.5pt; }
  h1 { text-align: center; font-size: 18pt; margin-bottom: 4px; }
  h2 { font-size: 13pt; margin-top: 18px; }
  p.meta { text-align: center; margin: 0 0 12px; }
  table { width: 100%; border-collapse: collapse; }
  thead { display: table-header-group; }
  th, td { border: 1px solid #000; padding: 4px 6px; text-align: left; }
  th { background: #eee; }
  tr { page-break-inside: avoid; }
  .sign { margin-top: 28px; display: flex; justify-content: space-between; }
</style></head>
<body>
<h1>${r.year}年度松江区首席技师考核情况</h1>
<p class="meta">松江区首席技师工作协调小组办公室&#12288;制表日期：${escapeHtml(r.generatedOn)}</p>
<h2>一、汇总</h2>
${table(summary)}
<h2>二、明细（届中考核、届满考核、日常考查）</h2>
${r.items.length === 0 ? '<p>本年度无考核记录。</p>' : table(detail)}
<div class="sign"><span>制表：</span><span>审核：</span><span>批准：</span></div>
</body></html>`;
  }
}

function sumColumns(rows: number[][]): number[] {
  return rows.reduce((acc, r) => acc.map((v, i) => v + r[i]), rows[0].map(() => 0));
}
