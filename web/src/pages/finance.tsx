import { useEffect, useState } from 'preact/hooks';
import { ApiError, download, get, post, query, Role } from '../api.js';
import type { LineView, RunPreview, RunSummary } from '../api-types.js';
import { label, LINE_KIND, PERIOD_STATUS, dateTime, shanghaiToday, yuan } from '../labels.js';
import { PageTotal } from '../find.js';
import { Column, Confirm, DataTable, errorText, Loading, Notice, Options, PagedTable, useAction, useLoad, usePaged } from '../ui.js';

function Counts({ s }: { s: RunSummary }) {
  return (
    <span>
      正常 {s.counts.regular} · 补发 {s.counts.arrears} · 追回 {s.counts.clawback} · 资助 {s.counts.grant} · 暂缓 {s.counts.held} · 就高不发 {s.counts.superseded}
    </span>
  );
}

const PERIOD_COLUMNS: Column<RunSummary>[] = [
  { label: '期间', cell: (s) => <a href={`#/payments/${s.period}`}>{s.period}</a> },
  {
    label: '状态',
    cell: (s) => (
      <>
        <span class={`badge ${s.status === 'closed' ? 'ok' : 'warn'}`}>{label(PERIOD_STATUS, s.status)}</span>
        {s.stale && <span class="badge bad">需重新核算</span>}
      </>
    ),
  },
  { label: '津贴', num: true, cell: (s) => yuan(s.totals.allowanceFen) },
  { label: '资助', num: true, cell: (s) => yuan(s.totals.grantFen) },
  { label: '追回', num: true, cell: (s) => yuan(s.totals.clawbackFen) },
  { label: '笔数', cell: (s) => <Counts s={s} /> },
  { label: '最近核算', cell: (s) => dateTime(s.lastRunAt) },
];

const lineColumns = (role: Role): Column<LineView>[] => [
  // A payee opens their whole ledger (every designation, every period); an admin also has the designation's page.
  {
    label: '收款人',
    cell: (l) =>
      l.designationId ? (
        <>
          {role === 'admin' ? <a href={`#/designations/${l.designationId}`}>{l.payee}</a> : l.payee}{' '}
          <a href={`#/payments/ledger/${l.designationId}`} class="hint" data-testid="open-ledger">
            全部记录
          </a>
        </>
      ) : (
        l.payee
      ),
  },
  { label: '所属月份', cell: (l) => l.forPeriod },
  { label: '第几月', cell: (l) => l.monthIndex ?? '—' },
  { label: '类型', cell: (l) => label(LINE_KIND, l.kind) },
  { label: '金额', num: true, cell: (l) => yuan(l.amountFen) },
  { label: '备注', cell: (l) => l.note },
];

export function PaymentsPage({ role }: { role: Role }) {
  const list = usePaged<RunSummary>('/payment-runs', 12);
  const current = shanghaiToday().slice(0, 7);
  const [other, setOther] = useState(current);
  // A closed month cannot be run again (409): the button says so before anyone tries.
  const currentClosed = useLoad<RunSummary>(`/payment-runs/${current}`).data?.status === 'closed';
  return (
    <>
      <h2>津贴与资助发放</h2>
      <section class="card">
        <div class="actions">
          <button class="primary" type="button" disabled={currentClosed} onClick={() => (location.hash = `#/payments/${current}`)} data-testid="run-current">
            试算并核算本月（{current}）
          </button>
          {currentClosed && (
            <span class="hint" data-testid="run-current-closed">
              本月（{current}）已关账，不能再核算；本月之后的变化将在下月核算时补发或追回。
            </span>
          )}
          <label class="field">
            <span>其他期间</span>
            <input type="month" name="period" value={other} onInput={(e) => setOther((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="button" disabled={!/^\d{4}-\d{2}$/.test(other)} onClick={() => (location.hash = `#/payments/${other}`)} data-testid="open-period">
            试算该期间
          </button>
        </div>
        <p class="hint">核算前先看试算：试算列出此时核算将写入的汇总和明细，不写入任何记录，可与台账核对。核算可重复进行：只补上变化的部分，不会重复发放。{role === 'admin' ? '关账由人社财务进行。' : ''}</p>
      </section>
      <PagedTable list={list} columns={PERIOD_COLUMNS} empty="还没有核算过任何期间。" testId="periods" />
    </>
  );
}

/** GET /payment-runs/{period}/preview, keeping the status of a failure (404: this service has no preview yet, or no such period). */
function usePreview(period: string, wanted: boolean) {
  const [state, setState] = useState<{ data: RunPreview | null; error: ApiError | Error | null; loading: boolean }>({ data: null, error: null, loading: false });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setState({ data: null, error: null, loading: true });
    get<RunPreview>(`/payment-runs/${period}/preview`)
      .then((p) => live && setState({ data: p, error: null, loading: false }))
      .catch((e: unknown) => live && setState({ data: null, error: e instanceof Error ? e : new Error(String(e)), loading: false }));
    return () => {
      live = false;
    };
  }, [period, wanted, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

const PREVIEW_SHOWN = 200;

function Totals({ s, testId }: { s: RunSummary; testId: string }) {
  return (
    <div class="totals" data-testid={testId}>
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
  );
}

/**
 * 试算 then 运行 (SPEC §3.7): what a run of the period would write now, written
 * nowhere, for finance to check against its spreadsheet; the run button comes
 * after it. A preview that fails does not hide the button: the run itself is
 * what the API guards.
 */
function PreviewAndRun({ period, role, hasRun, onRun }: { period: string; role: Role; hasRun: boolean; onRun: () => void }) {
  const [wanted, setWanted] = useState(!hasRun);
  const preview = usePreview(period, wanted);
  const [kind, setKind] = useState('');
  const action = useAction();
  const run = async () => {
    const done = await action.run(
      () => post<RunSummary>('/payment-runs', { period }),
      (r) => `${r.period} 已核算（第 ${r.runNumber} 次）：津贴 ${yuan(r.totals.allowanceFen)}，资助 ${yuan(r.totals.grantFen)}，追回 ${yuan(r.totals.clawbackFen)}`,
    );
    if (done) {
      onRun();
      preview.reload();
    }
  };
  const lines = preview.data ? preview.data.lines.filter((l) => kind === '' || l.kind === kind) : [];
  const missing = preview.error instanceof ApiError && preview.error.status === 404;
  return (
    <section class="card" data-testid="preview">
      <h3>试算{hasRun ? '（重新核算前核对）' : ''}</h3>
      <p class="hint">试算不写入任何记录：列出此时核算 {period} 将写入的汇总和明细，请与台账核对后再核算。</p>
      {!wanted && (
        <div class="actions">
          <button type="button" onClick={() => setWanted(true)} data-testid="preview-load">
            试算
          </button>
        </div>
      )}
      {preview.loading && <p class="loading">正在试算…</p>}
      {preview.error && (
        <div class="notice error" role="alert" data-testid="preview-error">
          {missing ? `试算暂不可用：服务没有提供 ${period} 的试算（GET /api/v1/payment-runs/${period}/preview 答复 404）。可直接核算，核算后核对发放明细。` : `试算失败：${errorText(preview.error)}`}
        </div>
      )}
      {preview.data && (
        <>
          <Totals s={preview.data.summary} testId="preview-totals" />
          <p>
            <Counts s={preview.data.summary} />
          </p>
          <div class="filters">
            <label class="field">
              <span>类型</span>
              <select value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)} name="preview-kind">
                <Options words={LINE_KIND} blank="全部" />
              </select>
            </label>
            <span class="hint" data-testid="preview-count">
              共 {lines.length} 笔{lines.length > PREVIEW_SHOWN ? `，显示前 ${PREVIEW_SHOWN} 笔` : ''}
            </span>
          </div>
          <DataTable rows={lines.slice(0, PREVIEW_SHOWN)} columns={lineColumns(role)} empty="此时核算不会写入任何明细。" testId="preview-lines" />
        </>
      )}
      <div class="actions">
        <button class="primary" type="button" disabled={action.busy} onClick={run} data-testid="run-period">
          {action.busy ? '正在核算…' : hasRun ? `重新核算 ${period}` : `运行：核算 ${period}`}
        </button>
      </div>
      <Notice outcome={action.outcome} />
    </section>
  );
}

/** GET /payment-runs/{period}: null while loading; `notRun` when the period has no run yet (404). */
function useSummary(period: string) {
  const [state, setState] = useState<{ data: RunSummary | null; notRun: boolean; error: string | null }>({ data: null, notRun: false, error: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    get<RunSummary>(`/payment-runs/${period}`)
      .then((d) => live && setState({ data: d, notRun: false, error: null }))
      .catch((e: unknown) => live && setState(e instanceof ApiError && e.status === 404 ? { data: null, notRun: true, error: null } : { data: null, notRun: false, error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [period, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

const ROSTERS = [
  { type: 'allowance', format: 'xlsx', text: '津贴发放名册（Excel）' },
  { type: 'allowance', format: 'csv', text: '津贴发放名册（CSV）' },
  { type: 'grant', format: 'xlsx', text: '资助发放名册（Excel）' },
  { type: 'grant', format: 'csv', text: '资助发放名册（CSV）' },
] as const;

export function PeriodPage({ period, role }: { period: string; role: Role }) {
  const summary = useSummary(period);
  const [kind, setKind] = useState('');
  const [q, setQ] = useState('');
  const lines = usePaged<LineView>(`/payment-runs/${period}/lines${query({ kind, q })}`, 50);
  const action = useAction();
  const [progress, setProgress] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const s = summary.data;
  if (summary.notRun) {
    return (
      <>
        <h2>
          {period} 发放 <span class="badge warn">未核算</span>
        </h2>
        <p>
          <a href="#/payments">← 全部期间</a>
        </p>
        <PreviewAndRun period={period} role={role} hasRun={false} onRun={() => (summary.reload(), lines.reload())} />
      </>
    );
  }
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
  const close = async () => {
    await action.run(() => post<RunSummary>(`/payment-runs/${period}/close`), () => `${period} 已关账：此后该期间的发放记录不再改变`);
    setConfirming(false);
    // Closed, or refused (409: the figures went stale since the page was loaded): either way the summary says what now holds.
    summary.reload();
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
        <Totals s={s} testId="totals" />
        <p>
          <Counts s={s} />
        </p>
        <p class="hint">
          已核算 {s.runNumber} 次，最近 {dateTime(s.lastRunAt)}
          {s.closedAt ? `；关账于 ${dateTime(s.closedAt)}` : ''}
        </p>
        {s.stale && (
          <div class="notice error" role="alert" data-testid="stale">
            自上次核算后 {s.staleDesignations} 人有变化，请重新核算。上面的金额和名册是第 {s.runNumber} 次核算的结果，已不是此时应发的数；重新核算前不能关账。
          </div>
        )}
        <p class="hint" data-testid="roster-hint">
          名册注明期间和第几次核算。用 Excel 打开请下载 Excel 版（首页为按人汇总的“汇总”表，其后为“明细”表，可直接打印签字）；CSV 版供其他系统导入，在 Excel 中打开时 18 位身份证号会变成科学计数法（如 3.1E+17）。
        </p>
        <div class="actions">
          {ROSTERS.map((r) => (
            <button type="button" disabled={action.busy} onClick={() => fetchRoster(r.type, r.format)}>
              下载{r.text}
            </button>
          ))}
          {s.status === 'open' && role === 'finance' && (
            <button
              type="button"
              class="danger"
              disabled={action.busy || s.stale}
              title={s.stale ? `自上次核算后 ${s.staleDesignations} 人有变化，请先重新核算` : undefined}
              onClick={() => setConfirming(true)}
              data-testid="close-period"
            >
              关账…
            </button>
          )}
        </div>
      </section>
      {s.status === 'open' && <PreviewAndRun period={period} role={role} hasRun={true} onRun={() => (summary.reload(), lines.reload())} />}
      <Confirm open={confirming} title={`确认关闭 ${period}？`} confirmText="确认关账" busy={action.busy} onConfirm={close} onCancel={() => setConfirming(false)}>
        <p>
          关账后该期间不能再核算，发放记录不再改变：按第 {s.runNumber} 次核算（{dateTime(s.lastRunAt)}）的结果实发 <b>{yuan(s.totals.netFen)}</b>，以后的变化记入下一期间。请确认名册已导出。
        </p>
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
        <form class="inline" role="search" onSubmit={(e) => (e.preventDefault(), setQ(String(new FormData(e.currentTarget as HTMLFormElement).get('q') ?? '').trim()))}>
          <label class="field">
            <span>收款人</span>
            <input name="q" placeholder="姓名，或身份证号后 4 位" autocomplete="off" />
          </label>
          <button type="submit">查找</button>
        </form>
      </div>
      <PagedTable list={lines} columns={lineColumns(role)} empty={q ? '没有找到该收款人的明细。' : '没有明细。'} testId="lines" />
      {!lines.loading && !lines.error && <PageTotal rows={lines.items} testId="lines-page-total" />}
    </>
  );
}
