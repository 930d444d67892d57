import { useState } from 'preact/hooks';
import { download, get, openHtml, Page, query, Role } from '../api.js';
import type { Dashboard, DesignationView, StatusCounts } from '../api-types.js';
import { BarChart, MoneyChart } from '../charts.js';
import { ADJUSTMENT_REASON, ASSESSMENT_KIND, DESIGNATION_STATUS, label, shanghaiToday, WORKSHOP_KIND, WORKSHOP_STATUS, yuan } from '../labels.js';
import { Loading, Notice, useAction, useLoad } from '../ui.js';

/** A chart in a card, with the numbers behind it as xlsx (GET /reports/dashboard?format=xlsx&chart=…). */
function ChartCard(props: { title: string; chart: string; children: preact.ComponentChildren }) {
  const action = useAction();
  return (
    <section class="card" data-testid={`chart-${props.chart}`}>
      <div class="card-head">
        <h3>{props.title}</h3>
        <button type="button" disabled={action.busy} onClick={() => action.run(() => download(`/reports/dashboard?format=xlsx&chart=${props.chart}`, () => undefined))} data-testid={`xlsx-${props.chart}`}>
          下载数据（xlsx）
        </button>
      </div>
      <Notice outcome={action.outcome} />
      {props.children}
    </section>
  );
}

const sum = (rows: Array<{ count: number }>) => rows.reduce((s, r) => s + r.count, 0);

/**
 * The district office's waiting work, first thing on arrival (issue 15 item 8):
 * adjustments to decide and assessments overdue, each a link to its counted
 * tab, which opens on that work. The same counts as those tabs show.
 */
function WaitingWork() {
  const adjustments = useLoad<StatusCounts>('/adjustments/counts');
  const assessments = useLoad<StatusCounts>('/assessments/counts');
  const pending = adjustments.data?.byStatus.pending;
  const overdue = assessments.data?.byStatus.overdue;
  const item = (n: number | undefined, href: string, text: string, testId: string) => (
    <li data-testid={testId} class={n ? 'waiting' : ''}>
      <a href={href}>
        {text}
        <b>{n ?? '…'}</b> 项
      </a>
    </li>
  );
  return (
    <section class="card" data-testid="waiting-work">
      <h3>待办事项</h3>
      <Notice outcome={adjustments.error || assessments.error ? { kind: 'error', text: adjustments.error ?? assessments.error ?? '' } : null} />
      <ul class="waiting-list">
        {item(pending, '#/adjustments', '待决定的动态调整', 'waiting-adjustments')}
        {item(overdue, '#/assessments', '已逾期的考核任务', 'waiting-overdue')}
      </ul>
      {pending === 0 && overdue === 0 && <p class="muted">目前没有待办事项。</p>}
    </section>
  );
}

/** SPEC §3.9: the programme at a glance, the console's home for the district office and finance. */
export function DashboardPage({ role }: { role: Role }) {
  const { data: d, error } = useLoad<Dashboard>('/reports/dashboard');
  const all = useAction();
  if (!d) return <Loading error={error} />;
  const paidMonths = d.payments.months.filter((m) => m.regularFen || m.arrearsFen || m.clawbackFen || m.grantFen).reverse();
  return (
    <>
      <h2>工作概况（截至 {d.asOf}）</h2>
      {role === 'admin' && <WaitingWork />}
      <div class="totals" data-testid="dashboard-totals">
        <div>
          在期首席技师<b data-testid="active-count">{sum(d.designations.activeByCohort)}</b>
        </div>
        <div>
          近36个月实发<b data-testid="net-36">{yuan(d.payments.totals.netFen)}</b>
        </div>
        <div>
          {d.assessments.dueWithinDays}天内到期考核<b>{d.assessments.totals.dueSoon}</b>
        </div>
        <div>
          逾期考核<b>{d.assessments.totals.overdue}</b>
        </div>
        <div>
          待决定动态调整<b>{d.adjustments.pending}</b>
        </div>
      </div>
      <p class="actions" style="margin-top: 12px">
        <button type="button" disabled={all.busy} onClick={() => all.run(() => download('/reports/dashboard?format=xlsx', () => undefined))} data-testid="xlsx-all">
          下载全部图表数据（xlsx）
        </button>
      </p>
      <Notice outcome={all.outcome} />

      <ChartCard title={`按发放期间的金额（${d.payments.from} 至 ${d.payments.to}）`} chart="payments">
        <MoneyChart months={d.payments.months} testId="money-chart" />
        <div class="table-wrap">
          <table data-testid="money-table">
            <thead>
              <tr>
                <th>发放期间</th>
                <th class="num">正常</th>
                <th class="num">补发</th>
                <th class="num">资助</th>
                <th class="num">追回</th>
                <th class="num">合计</th>
              </tr>
            </thead>
            <tbody>
              {paidMonths.map((m) => (
                <tr data-period={m.period}>
                  <td>{role === 'admin' || role === 'finance' ? <a href={`#/payments/${m.period}`}>{m.period}</a> : m.period}</td>
                  <td class="num">{yuan(m.regularFen)}</td>
                  <td class="num">{yuan(m.arrearsFen)}</td>
                  <td class="num">{yuan(m.grantFen)}</td>
                  <td class="num">{yuan(m.clawbackFen)}</td>
                  <td class="num">{yuan(m.netFen)}</td>
                </tr>
              ))}
              <tr data-testid="money-total">
                <th>合计</th>
                <th class="num">{yuan(d.payments.totals.regularFen)}</th>
                <th class="num">{yuan(d.payments.totals.arrearsFen)}</th>
                <th class="num">{yuan(d.payments.totals.grantFen)}</th>
                <th class="num">{yuan(d.payments.totals.clawbackFen)}</th>
                <th class="num">{yuan(d.payments.totals.netFen)}</th>
              </tr>
            </tbody>
          </table>
        </div>
      </ChartCard>

      <div class="dash-grid">
        <ChartCard title="在期首席技师：按届别" chart="cohort">
          <BarChart title="在期首席技师：按届别" testId="bars-cohort" rows={d.designations.activeByCohort.map((r) => ({ label: `${r.key}届`, value: r.count }))} unit="人" />
        </ChartCard>
        <ChartCard title="全部命名：按状态" chart="status">
          <BarChart title="全部命名：按状态" testId="bars-status" rows={d.designations.byStatus.map((r) => ({ label: label(DESIGNATION_STATUS, r.key), value: r.count }))} unit="人" />
        </ChartCard>
        <ChartCard title="在期首席技师：按街镇（园区）" chart="street">
          <BarChart title="按街镇" testId="bars-street" rows={d.designations.activeByStreet.map((r) => ({ label: r.name ?? '（未登记）', value: r.count }))} unit="人" />
        </ChartCard>
        <ChartCard title="在期首席技师：按行业主管单位" chart="industryAuthority">
          <BarChart title="按行业主管单位" testId="bars-authority" rows={d.designations.activeByIndustryAuthority.map((r) => ({ label: r.name ?? '（无行业主管单位）', value: r.count }))} unit="人" />
        </ChartCard>
        <ChartCard title="考核任务" chart="assessments">
          <BarChart
            title="考核任务"
            testId="bars-assessments"
            rows={d.assessments.byKind.flatMap((a) => [
              { label: `${label(ASSESSMENT_KIND, a.kind)}：${d.assessments.dueWithinDays}天内到期`, value: a.dueSoon },
              { label: `${label(ASSESSMENT_KIND, a.kind)}：已逾期`, value: a.overdue },
              { label: `${label(ASSESSMENT_KIND, a.kind)}：已完成`, value: a.done },
            ])}
          />
        </ChartCard>
        <ChartCard title="待决定的动态调整" chart="adjustments">
          <BarChart title="待决定的动态调整" testId="bars-adjustments" rows={d.adjustments.pendingByReason.map((r) => ({ label: label(ADJUSTMENT_REASON, r.key), value: r.count }))} unit="件" />
        </ChartCard>
        <ChartCard title="工作室：按类型和状态" chart="workshops">
          <BarChart title="工作室" testId="bars-workshops" rows={d.workshops.byStatus.map((w) => ({ label: `${label(WORKSHOP_KIND, w.kind).replace('上海市', '')}·${label(WORKSHOP_STATUS, w.status)}`, value: w.count }))} unit="个" />
        </ChartCard>
      </div>

      <PaymentHistoryLookup />
      {role === 'admin' && <AssessmentReportCard />}
    </>
  );
}

/** "What did we pay X since 2024": find the person by name, one click for their (or their employer's) history as xlsx. */
function PaymentHistoryLookup() {
  const [name, setName] = useState('');
  const [since, setSince] = useState('2024-01');
  const [found, setFound] = useState<DesignationView[] | null>(null);
  const action = useAction();
  const search = async (e: Event) => {
    e.preventDefault();
    const page = await action.run(() => get<Page<DesignationView>>(`/designations${query({ name: name.trim(), limit: 10 })}`));
    if (page) setFound(page.items);
  };
  const file = (kind: 'talents' | 'employers', id: string) => action.run(() => download(`/reports/payment-history/${kind}/${id}${query({ since, format: 'xlsx' })}`, () => undefined));
  return (
    <section class="card" data-testid="payment-history">
      <h3>发放记录查询</h3>
      <form class="filters" onSubmit={search}>
        <label class="field">
          <span>姓名（前几个字）</span>
          <input name="name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} required />
        </label>
        <label class="field">
          <span>自（发放期间）</span>
          <input type="month" name="since" value={since} onInput={(e) => setSince((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={action.busy || name.trim() === ''}>
          查找
        </button>
      </form>
      <Notice outcome={action.outcome} />
      {found && found.length === 0 && <p class="hint">没有找到此人。</p>}
      {found && found.length > 0 && (
        <table>
          <tbody>
            {found.map((d) => (
              <tr>
                <td>{d.talentName}</td>
                <td>{d.cohort}届</td>
                <td class="actions">
                  <button type="button" disabled={action.busy} onClick={() => file('talents', d.talentId)} data-testid="history-person">
                    个人发放记录（xlsx）
                  </button>
                  <button type="button" disabled={action.busy} onClick={() => file('employers', d.employerId)}>
                    所在单位发放记录（xlsx）
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">发放记录按发放期间列出每一笔津贴、补发、追回和工作室资助（含系统外已发的期初记录），身份证号只显示首2位和末4位。</p>
    </section>
  );
}

/** 考核情况 (policy 003 五(四)) for the 区协调小组: xlsx or a page to print. */
function AssessmentReportCard() {
  const [year, setYear] = useState(shanghaiToday().slice(0, 4));
  const action = useAction();
  const ok = /^\d{4}$/.test(year);
  return (
    <section class="card" data-testid="assessment-report">
      <h3>年度考核情况报告</h3>
      <div class="filters">
        <label class="field">
          <span>年度</span>
          <input name="year" inputMode="numeric" value={year} onInput={(e) => setYear((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" disabled={!ok || action.busy} onClick={() => action.run(() => download(`/reports/assessments/${year}?format=xlsx`, () => undefined))}>
          下载（xlsx）
        </button>
        <button type="button" disabled={!ok || action.busy} onClick={() => action.run(() => openHtml(`/reports/assessments/${year}?format=html`))}>
          打印版
        </button>
      </div>
      <Notice outcome={action.outcome} />
      <p class="hint">列出该年度全部届中考核、届满考核和日常考查的等次、组织单位、日期，以及由此提出的动态调整。</p>
    </section>
  );
}
