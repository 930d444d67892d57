import { useState } from 'preact/hooks';
import { download, post, query, Role } from '../api.js';
import { label, LINE_KIND, PERIOD_STATUS, dateTime, shanghaiToday, yuan } from '../labels.js';
import { Column, Confirm, Loading, Notice, Options, PagedTable, useAction, useLoad, usePaged } from '../ui.js';

interface RunSummary {
  period: string;
  status: 'open' | 'closed';
  runs: number;
  lastRunAt: string | null;
  closedAt: string | null;
  totals: { allowanceFen: number; grantFen: number; clawbackFen: number; netFen: number };
  counts: { regular: number; arrears: number; clawback: number; held: number; superseded: number; grant: number };
}

interface Line {
  designationId: string | null;
  workshopId: string | null;
  payee: string;
  forPeriod: string;
  kind: string;
  amountFen: number;
  monthIndex: number | null;
  note: string;
}

function Counts({ s }: { s: RunSummary }) {
  return (
    <span>
      正常 {s.counts.regular} · 补发 {s.counts.arrears} · 追回 {s.counts.clawback} · 资助 {s.counts.grant} · 暂缓 {s.counts.held} · 就高不发 {s.counts.superseded}
    </span>
  );
}

const PERIOD_COLUMNS: Column<RunSummary>[] = [
  { label: '期间', cell: (s) => <a href={`#/payments/${s.period}`}>{s.period}</a> },
  { label: '状态', cell: (s) => <span class={`badge ${s.status === 'closed' ? 'ok' : 'warn'}`}>{label(PERIOD_STATUS, s.status)}</span> },
  { label: '津贴', num: true, cell: (s) => yuan(s.totals.allowanceFen) },
  { label: '资助', num: true, cell: (s) => yuan(s.totals.grantFen) },
  { label: '追回', num: true, cell: (s) => yuan(s.totals.clawbackFen) },
  { label: '笔数', cell: (s) => <Counts s={s} /> },
  { label: '最近核算', cell: (s) => dateTime(s.lastRunAt) },
];

const lineColumns = (role: Role): Column<Line>[] => [
  { label: '收款人', cell: (l) => (l.designationId && role === 'admin' ? <a href={`#/designations/${l.designationId}`}>{l.payee}</a> : l.payee) },
  { label: '所属月份', cell: (l) => l.forPeriod },
  { label: '第几月', cell: (l) => l.monthIndex ?? '—' },
  { label: '类型', cell: (l) => label(LINE_KIND, l.kind) },
  { label: '金额', num: true, cell: (l) => yuan(l.amountFen) },
  { label: '备注', cell: (l) => l.note },
];

export function PaymentsPage({ role }: { role: Role }) {
  const list = usePaged<RunSummary>('/payment-runs', 12);
  const action = useAction();
  const current = shanghaiToday().slice(0, 7);
  const runCurrent = () =>
    action.run(
      () => post<RunSummary>('/payment-runs', { period: current }),
      (s) => `${s.period} 已核算（第 ${s.runs} 次）：津贴 ${yuan(s.totals.allowanceFen)}，资助 ${yuan(s.totals.grantFen)}，追回 ${yuan(s.totals.clawbackFen)}`,
    ).then(list.reload);
  return (
    <>
      <h2>津贴与资助发放</h2>
      <section class="card">
        <div class="actions">
          <button class="primary" type="button" disabled={action.busy} onClick={runCurrent} data-testid="run-current">
            {action.busy ? '正在核算…' : `核算本月（${current}）`}
          </button>
          <span class="hint">核算可重复进行：只补上变化的部分，不会重复发放。{role === 'admin' ? '关账由人社财务进行。' : ''}</span>
        </div>
        <Notice outcome={action.outcome} />
      </section>
      <PagedTable list={list} columns={PERIOD_COLUMNS} empty="还没有核算过任何期间。" testId="periods" />
    </>
  );
}

const ROSTERS = [
  { type: 'allowance', format: 'xlsx', text: '津贴发放名册（Excel）' },
  { type: 'allowance', format: 'csv', text: '津贴发放名册（CSV）' },
  { type: 'grant', format: 'xlsx', text: '资助发放名册（Excel）' },
  { type: 'grant', format: 'csv', text: '资助发放名册（CSV）' },
] as const;

export function PeriodPage({ period, role }: { period: string; role: Role }) {
  const summary = useLoad<RunSummary>(`/payment-runs/${period}`);
  const [kind, setKind] = useState('');
  const lines = usePaged<Line>(`/payment-runs/${period}/lines${query({ kind })}`, 50);
  const action = useAction();
  const [progress, setProgress] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const s = summary.data;
  if (!s) return <Loading error={summary.error} />;

  const fetchRoster = (type: string, format: string) =>
    action.run(
      async () => {
        setProgress('正在生成名册…');
        try {
          return await download(`/payment-runs/${period}/roster${query({ type, format })}`, (bytes) => setProgress(`正在下载：已接收 ${(bytes / 1024).toFixed(0)} KB`));
        } finally {
          setProgress(null);
        }
      },
      (r) => `已下载 ${r.fileName}（${(r.bytes / 1024).toFixed(0)} KB）`,
    );
  const rerun = () => action.run(() => post<RunSummary>('/payment-runs', { period }), (r) => `${r.period} 已重新核算（第 ${r.runs} 次）`).then(() => (summary.reload(), lines.reload()));
  const close = async () => {
    const closed = await action.run(() => post<RunSummary>(`/payment-runs/${period}/close`), () => `${period} 已关账：此后该期间的发放记录不再改变`);
    setConfirming(false);
    if (closed) summary.reload();
  };

  return (
    <>
      <h2>
        {period} 发放 <span class={`badge ${s.status === 'closed' ? 'ok' : 'warn'}`}>{label(PERIOD_STATUS, s.status)}</span>
      </h2>
      <p>
        <a href="#/payments">← 全部期间</a>
      </p>
      <Notice outcome={action.outcome} />
      {progress && (
        <div class="notice info" role="status" data-testid="progress">
          {progress}
        </div>
      )}
      <section class="card">
        <div class="totals" data-testid="totals">
          <div>
            津贴<b>{yuan(s.totals.allowanceFen)}</b>
          </div>
          <div>
            资助<b>{yuan(s.totals.grantFen)}</b>
          </div>
          <div>
            追回<b>{yuan(s.totals.clawbackFen)}</b>
          </div>
          <div>
            合计<b>{yuan(s.totals.netFen)}</b>
          </div>
        </div>
        <p>
          <Counts s={s} />
        </p>
        <p class="hint">
          已核算 {s.runs} 次，最近 {dateTime(s.lastRunAt)}
          {s.closedAt ? `；关账于 ${dateTime(s.closedAt)}` : ''}
        </p>
        <div class="actions">
          {ROSTERS.map((r) => (
            <button type="button" disabled={action.busy} onClick={() => fetchRoster(r.type, r.format)}>
              下载{r.text}
            </button>
          ))}
          {s.status === 'open' && (
            <button type="button" disabled={action.busy} onClick={rerun}>
              重新核算
            </button>
          )}
          {s.status === 'open' && role === 'finance' && (
            <button type="button" class="danger" disabled={action.busy} onClick={() => setConfirming(true)}>
              关账…
            </button>
          )}
        </div>
      </section>
      <Confirm open={confirming} title={`确认关闭 ${period}？`} confirmText="确认关账" busy={action.busy} onConfirm={close} onCancel={() => setConfirming(false)}>
        <p>关账后该期间不能再核算，发放记录不再改变。请确认名册已导出。</p>
        <ul data-testid="close-totals">
          <li>津贴：{yuan(s.totals.allowanceFen)}</li>
          <li>资助：{yuan(s.totals.grantFen)}</li>
          <li>追回：{yuan(s.totals.clawbackFen)}</li>
          <li>合计：{yuan(s.totals.netFen)}</li>
        </ul>
      </Confirm>
      <h3>发放明细</h3>
      <div class="filters">
        <label class="field">
          <span>类型</span>
          <select value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)} name="kind">
            <Options words={LINE_KIND} blank="全部" />
          </select>
        </label>
      </div>
      <PagedTable list={lines} columns={lineColumns(role)} empty="没有明细。" testId="lines" />
    </>
  );
}
