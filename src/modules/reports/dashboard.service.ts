import { Inject, Injectable } from '@nestjs/common';
import { addPeriods, periodOf } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { REASON_LABELS, AdjustmentReason } from '../adjustments/adjustment-reasons';
import { ASSESSMENT_KIND, DESIGNATION_STATUS, WORKSHOP_KIND, WORKSHOP_STATUS } from '../../../web/src/shared/labels';
import { DashboardRepository } from './dashboard.repository';
import { CountRow, Dashboard, MoneyTotals, MonthMoney } from './dashboard.views';
import { ReportTable, yuanCell } from './report-workbook';

/** How many months of payments the dashboard shows (SPEC §3.9: the last 36). */
export const DASHBOARD_MONTHS = 36;

/** Delta rows of designation counts the dashboard sums before it folds them into one a group. */
const DELTA_ROWS_BEFORE_FOLDING = 2000;

export const DASHBOARD_CHARTS = ['cohort', 'street', 'industryAuthority', 'status', 'payments', 'assessments', 'adjustments', 'workshops'] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

@Injectable()
export class DashboardService {
  constructor(
    private readonly figures: DashboardRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dashboard(): Promise<Dashboard> {
    const today = this.clock.today();
    const to = periodOf(today);
    const from = addPeriods(to, -(DASHBOARD_MONTHS - 1));
    // "Due soon" looks as far ahead as a task is open before its due date (SPEC §3.4 setting, 30 days).
    const dueWithinDays = this.config.assessments.openDaysBefore;
    // Every designation written adds a delta row or two; past a few thousand the sum starts to cost, so fold them first.
    if (await this.figures.designationDeltasExceed(DELTA_ROWS_BEFORE_FOLDING)) await this.figures.compactDesignationCounts();
    const [designations, money, assessments, pending, workshops] = await Promise.all([
      this.figures.designations(),
      this.figures.money(from, to),
      this.figures.assessments(today, dueWithinDays),
      this.figures.pendingAdjustments(),
      this.figures.workshops(),
    ]);
    const months: MonthMoney[] = [];
    for (let p = from; p <= to; p = addPeriods(p, 1)) months.push({ period: p, regularFen: 0, arrearsFen: 0, clawbackFen: 0, grantFen: 0, netFen: 0 });
    const byPeriod = new Map(months.map((m) => [m.period, m]));
    for (const r of money) {
      const m = byPeriod.get(r.period);
      if (!m) continue;
      m[`${r.kind}Fen`] += r.amountFen;
      m.netFen += r.amountFen;
    }
    const sum = (k: keyof MoneyTotals) => months.reduce((s, m) => s + m[k], 0);
    return {
      asOf: today,
      designations,
      payments: { from, to, months, totals: { regularFen: sum('regularFen'), arrearsFen: sum('arrearsFen'), clawbackFen: sum('clawbackFen'), grantFen: sum('grantFen'), netFen: sum('netFen') } },
      assessments: {
        dueWithinDays,
        byKind: assessments,
        totals: {
          dueSoon: assessments.reduce((s, a) => s + a.dueSoon, 0),
          overdue: assessments.reduce((s, a) => s + a.overdue, 0),
          done: assessments.reduce((s, a) => s + a.done, 0),
        },
      },
      adjustments: { pending: pending.reduce((s, r) => s + r.count, 0), pendingByReason: pending },
      workshops: { byStatus: workshops },
    };
  }

  /** The numbers behind each chart, one sheet a chart (or the one asked for). */
  tables(d: Dashboard, chart?: DashboardChart): ReportTable[] {
    const counts = (sheet: string, title: string, keyHeader: string, rows: CountRow[], label: (r: CountRow) => string): ReportTable => ({
      sheet,
      title: `${title}（截至 ${d.asOf}）`,
      headers: [keyHeader, '人数'],
      widths: [36, 12],
      rows: rows.map((r) => [label(r), r.count]),
      totals: ['合计', rows.reduce((s, r) => s + r.count, 0)],
    });
    const all: Record<DashboardChart, () => ReportTable> = {
      cohort: () => counts('按届别', '在期首席技师：按届别', '届别', d.designations.activeByCohort, (r) => `${r.key}届`),
      street: () => counts('按街镇', '在期首席技师：按所在街镇（园区）', '街镇（园区）', d.designations.activeByStreet, (r) => r.name ?? '（未登记）'),
      industryAuthority: () =>
        counts('按行业主管单位', '在期首席技师：按行业主管单位', '行业主管单位', d.designations.activeByIndustryAuthority, (r) => r.name ?? '（无行业主管单位）'),
      status: () => counts('按状态', '全部命名：按状态', '状态', d.designations.byStatus, (r) => (DESIGNATION_STATUS as Record<string, string>)[r.key ?? ''] ?? String(r.key)),
      payments: () => ({
        sheet: '按月发放',
        title: `按月发放金额（按发放期间，${d.payments.from} 至 ${d.payments.to}）`,
        headers: ['发放期间', '正常（元）', '补发（元）', '追回（元）', '工作室资助（元）', '实发合计（元）'],
        widths: [12, 16, 16, 16, 18, 18],
        yuanColumns: [1, 2, 3, 4, 5],
        rows: d.payments.months.map((m) => [m.period, yuanCell(m.regularFen), yuanCell(m.arrearsFen), yuanCell(m.clawbackFen), yuanCell(m.grantFen), yuanCell(m.netFen)]),
        totals: ['合计', ...(['regularFen', 'arrearsFen', 'clawbackFen', 'grantFen', 'netFen'] as const).map((k) => yuanCell(d.payments.totals[k]))],
      }),
      assessments: () => ({
        sheet: '考核',
        title: `考核任务（截至 ${d.asOf}，${d.assessments.dueWithinDays} 天内到期）`,
        headers: ['考核类型', `${d.assessments.dueWithinDays}天内到期`, '已逾期', '已完成'],
        widths: [14, 14, 12, 12],
        rows: d.assessments.byKind.map((a) => [ASSESSMENT_KIND[a.kind], a.dueSoon, a.overdue, a.done]),
        totals: ['合计', d.assessments.totals.dueSoon, d.assessments.totals.overdue, d.assessments.totals.done],
      }),
      adjustments: () => ({
        ...counts('动态调整', '待决定的动态调整：按事由', '事由', d.adjustments.pendingByReason, (r) => REASON_LABELS[r.key as AdjustmentReason] ?? String(r.key)),
        headers: ['事由', '件数'],
      }),
      workshops: () => ({
        sheet: '工作室',
        title: `工作室：按类型和状态（截至 ${d.asOf}）`,
        headers: ['类型', '状态', '个数'],
        widths: [24, 16, 10],
        rows: d.workshops.byStatus.map((w) => [(WORKSHOP_KIND as Record<string, string>)[w.kind] ?? w.kind, (WORKSHOP_STATUS as Record<string, string>)[w.status] ?? w.status, w.count]),
        totals: ['合计', '', d.workshops.byStatus.reduce((s, w) => s + w.count, 0)],
      }),
    };
    return (chart ? [chart] : DASHBOARD_CHARTS).map((c) => all[c]());
  }
}
