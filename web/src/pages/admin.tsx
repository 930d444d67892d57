import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, get, Page, post, query, upload } from '../api.js';
import { ADJUSTMENT_REASON, ADJUSTMENT_STATUS, DESIGNATION_STATUS, JOB, label, LINE_KIND, ROLE, shanghaiToday, yuan } from '../labels.js';
import { Column, Confirm, CountTabs, DataTable, DecisionButtons, Field, FormButtons, formValues, Loading, Notice, Options, Outcome, PagedTable, RowError, RowErrorsTable, useAction, useApiForm, useLoad, usePaged } from '../ui.js';
import { AssessmentsPage } from './assessor.js';
import { whoFilter } from '../find.js';

interface Designation {
  id: string;
  talentId: string;
  talentName: string;
  cohort: string;
  designatedOn: string;
  status: string;
  termStart: string;
  termEnd: string;
  midTermDue: string;
  endTermDue: string;
  monthlyAllowanceFen: number;
  suspendedFrom: string | null;
  completedOn: string | null;
  suspendsOn: string | null;
  timeline?: Array<{ at: string; onDate: string; kind: string; summary: string }>;
}

interface Adjustment {
  id: string;
  designationId: string;
  talentName: string;
  reason: string;
  effectiveOn: string;
  note: string | null;
  evidence: string | null;
  source: string;
  status: string;
  decisionComment: string | null;
  createdAt: string;
}

function statusBadge(status: string) {
  return <span class={`badge ${status === 'active' ? 'ok' : status === 'suspended' ? 'bad' : ''}`}>{label(DESIGNATION_STATUS, status)}</span>;
}

const DESIGNATION_COLUMNS: Column<Designation>[] = [
  { label: '姓名', cell: (d) => <a href={`#/designations/${d.id}`}>{d.talentName}</a> },
  { label: '届别', cell: (d) => d.cohort },
  { label: '命名日期', cell: (d) => d.designatedOn },
  { label: '任期', cell: (d) => `${d.termStart} 至 ${d.termEnd}` },
  { label: '状态', cell: (d) => statusBadge(d.status) },
  { label: '月津贴', num: true, cell: (d) => yuan(d.monthlyAllowanceFen) },
];

export function DesignationsPage() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [nobody, setNobody] = useState(false);
  const list = usePaged<Designation>(nobody ? null : `/designations${query(filters)}`, 20);
  const apply = async (event: Event) => {
    event.preventDefault();
    const { who = '', ...rest } = formValues(event.currentTarget as HTMLFormElement);
    const found = await whoFilter(who);
    setNobody(found === null);
    setFilters({ ...rest, ...(found ?? {}) });
  };
  return (
    <>
      <h2>首席技师名册</h2>
      <form class="filters" onSubmit={apply} role="search">
        <Field label="姓名或身份证号" name="who">
          <input name="who" placeholder="姓名中的任意字，或完整身份证号" autocomplete="off" />
        </Field>
        <Field label="状态" name="status">
          <select name="status">
            <Options words={DESIGNATION_STATUS} blank="全部" />
          </select>
        </Field>
        <Field label="届别" name="cohort">
          <input name="cohort" placeholder="如 2024" inputMode="numeric" />
        </Field>
        <button type="submit" class="primary">
          查询
        </button>
      </form>
      {nobody ? (
        <p class="notice info" data-testid="designations-nobody">
          没有登记该身份证号的人员。
        </p>
      ) : (
        <PagedTable list={list} columns={DESIGNATION_COLUMNS} empty="没有符合条件的记录。" testId="designations" />
      )}
    </>
  );
}

interface LedgerLine {
  /** null for an opening line: paid by spreadsheet before the service. */
  runPeriod: string | null;
  forPeriod: string;
  kind: string;
  amountFen: number;
  monthIndex: number;
  note: string;
}

const LEDGER_COLUMNS: Column<LedgerLine>[] = [
  { label: '发放期间', cell: (l) => l.runPeriod ?? '期初' },
  { label: '所属月份', cell: (l) => l.forPeriod },
  { label: '第几月', cell: (l) => l.monthIndex },
  { label: '类型', cell: (l) => label(LINE_KIND, l.kind) },
  { label: '金额', num: true, cell: (l) => yuan(l.amountFen) },
  { label: '备注', cell: (l) => l.note },
];

export function DesignationPage({ id }: { id: string }) {
  const designation = useLoad<Designation>(`/designations/${id}`);
  const payments = useLoad<{ items: LedgerLine[] }>(`/designations/${id}/payments`);
  const d = designation.data;
  if (!d) return <Loading error={designation.error} />;
  const paid = payments.data?.items.reduce((sum, l) => sum + l.amountFen, 0) ?? 0;
  return (
    <>
      <h2>
        {d.talentName} {statusBadge(d.status)}
      </h2>
      <p>
        <a href="#/designations">← 名册</a>
      </p>
      <section class="card">
        <p>
          {d.cohort} 届 · 命名于 {d.designatedOn} · 任期 {d.termStart} 至 {d.termEnd} · 月津贴 {yuan(d.monthlyAllowanceFen)}
        </p>
        <p>
          届中考核截止 {d.midTermDue} · 届满考核截止 {d.endTermDue}
          {d.suspendedFrom ? ` · 自 ${d.suspendedFrom} 起中止` : ''}
          {d.suspendsOn ? ` · 将自 ${d.suspendsOn} 起中止（动态调整已同意）` : ''}
          {d.completedOn ? ` · ${d.completedOn} 届满` : ''}
        </p>
      </section>
      <ProposeAdjustment designation={d} onDone={designation.reload} />
      <h3>经历</h3>
      <ol class="timeline" data-testid="timeline">
        {d.timeline?.map((e) => (
          <li>
            <strong>{e.onDate}</strong> {e.summary}
          </li>
        ))}
      </ol>
      <h3>发放记录（累计 {yuan(paid)}）</h3>
      {payments.data ? <DataTable rows={payments.data.items} columns={LEDGER_COLUMNS} empty="尚无发放。" testId="designation-payments" /> : <Loading error={payments.error} />}
      <h3>考核</h3>
      <AssessmentsPage designationId={id} canCorrect />
    </>
  );
}

const ADJUSTMENT_FIELDS = ['reason', 'effectiveOn', 'note', 'evidence'] as const;

function ProposeAdjustment({ designation, onDone }: { designation: Designation; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<Outcome>(null);
  const form = useApiForm(
    ADJUSTMENT_FIELDS,
    async (v) => {
      await post<Adjustment>(`/designations/${designation.id}/adjustments`, v);
      return '已提出动态调整，请在“动态调整”中决定';
    },
    (text) => {
      setDone({ kind: 'ok', text });
      setOpen(false);
      onDone();
    },
  );
  if (designation.status !== 'active') return null;
  const { errors } = form;
  return (
    <section class="card">
      <Notice outcome={done} />
      {!open ? (
        <button type="button" onClick={() => (setDone(null), setOpen(true))}>
          提出动态调整…
        </button>
      ) : (
        <>
          {form.generalNotice}
          <form class="stack" onSubmit={form.onSubmit} noValidate>
            <Field label="原因" name="reason" error={errors.reason}>
              <select name="reason">
                <Options words={ADJUSTMENT_REASON} blank="请选择" />
              </select>
            </Field>
            <Field label="中止日期" name="effectiveOn" error={errors.effectiveOn}>
              <input type="date" name="effectiveOn" />
            </Field>
            <Field label="说明" name="note" error={errors.note}>
              <textarea name="note" />
            </Field>
            <Field label="依据" name="evidence" error={errors.evidence}>
              <textarea name="evidence" />
            </Field>
            <FormButtons busy={form.busy} submitText="提出" onCancel={() => setOpen(false)} />
          </form>
        </>
      )}
    </section>
  );
}

const ADJUSTMENT_COLUMNS: Column<Adjustment>[] = [
  { label: '姓名', cell: (a) => <a href={`#/designations/${a.designationId}`}>{a.talentName}</a> },
  { label: '原因', cell: (a) => label(ADJUSTMENT_REASON, a.reason) },
  { label: '中止日期', cell: (a) => a.effectiveOn },
  { label: '说明与依据', cell: (a) => [a.note, a.evidence].filter(Boolean).join('；') || '—' },
  { label: '来源', cell: (a) => (a.source === 'manual' ? '人工提出' : '系统提出') },
  { label: '状态', cell: (a) => `${label(ADJUSTMENT_STATUS, a.status)}${a.decisionComment ? `（${a.decisionComment}）` : ''}` },
];

/** GET /adjustments/{id}/effect: what approving it does to the money (fen; clawbacks ≤ 0). */
interface AdjustmentEffect {
  effectiveOn: string;
  stopsOn: string;
  clawbackFen: number;
  months: Array<{ forPeriod: string; paidFen: number }>;
  grantClawbackFen: number;
  grants: Array<{ workshop: string; instalment: number; paidFen: number }>;
}

/** A decision waiting for its confirmation, with the money effect once loaded (approvals only). */
interface PendingDecision {
  a: Adjustment;
  decision: 'approve' | 'reject';
  comment: string | undefined;
  effect: AdjustmentEffect | null;
  error: string | null;
}

/** What the confirmation says the decision does (issue 15: 停发自 …，追回 ¥…). */
function DecisionEffect({ p }: { p: PendingDecision }) {
  if (p.decision === 'reject') {
    return <p data-testid="decision-effect">驳回后该动态调整作废：{p.a.talentName} 的认定不中止，因它暂缓的月份在下次核算时照常补发。</p>;
  }
  if (p.error) return <div class="notice error">无法计算批准后的金额影响：{p.error}</div>;
  const e = p.effect;
  if (!e) return <p class="loading">正在计算批准后的金额影响…</p>;
  return (
    <div data-testid="decision-effect">
      <p>
        <b>
          停发自 {e.stopsOn}，追回 {yuan(-e.clawbackFen)}
        </b>
        {e.grantClawbackFen !== 0 && <b>；追回工作室资助 {yuan(-e.grantClawbackFen)}</b>}
      </p>
      <p class="hint">
        {p.a.talentName} 的认定自 {e.effectiveOn} 起中止（{label(ADJUSTMENT_REASON, p.a.reason)}），{e.stopsOn.slice(0, 7)} 起不再发放津贴；
        {e.months.length > 0 ? `已发放的 ${e.months.map((m) => m.forPeriod).join('、')} 共 ${e.months.length} 个月由下次核算追回。` : '没有需要追回的已发月份。'}
        {e.grants.map((g) => `${g.workshop}第${g.instalment}期资助 ${yuan(g.paidFen)} 一并追回。`).join('')}
      </p>
    </div>
  );
}

const ADJUSTMENT_TABS = [...Object.entries(ADJUSTMENT_STATUS).map(([value, text]) => ({ value, text })), { value: '', text: '全部' }];

/** Adjustments in tabs with counts; the office opens on 待决定 when any waits (issue 15 item 8). */
export function AdjustmentsPage() {
  const counts = useLoad<{ byStatus: Record<string, number> }>('/adjustments/counts');
  const [chosen, setChosen] = useState<string | null>(null);
  const landing = counts.data ? (counts.data.byStatus.pending > 0 ? 'pending' : '') : counts.error ? 'pending' : null;
  // Once landed, the tab stays: deciding the last pending one must not swap the list under the office.
  useEffect(() => {
    if (chosen === null && landing !== null) setChosen(landing);
  }, [landing]);
  const status = chosen ?? landing;
  const list = usePaged<Adjustment>(status === null ? null : `/adjustments${query({ status })}`, 20);
  const action = useAction();
  const [pending, setPending] = useState<PendingDecision | null>(null);
  // A decision is confirmed first, saying what it does to the money.
  const ask = (a: Adjustment, decision: 'approve' | 'reject', comment: string | undefined) => {
    setPending({ a, decision, comment, effect: null, error: null });
    if (decision === 'approve') {
      api<AdjustmentEffect>('GET', `/adjustments/${a.id}/effect`)
        .then((effect) => setPending((p) => (p && p.a.id === a.id ? { ...p, effect } : p)))
        .catch((e: unknown) => setPending((p) => (p && p.a.id === a.id ? { ...p, error: e instanceof Error ? e.message : String(e) } : p)));
    }
  };
  const decide = (p: PendingDecision) =>
    action
      .run(
        () => post<Adjustment>(`/adjustments/${p.a.id}/decision`, { decision: p.decision, comment: p.comment }),
        (r) => `${p.a.talentName}：${label(ADJUSTMENT_REASON, p.a.reason)} ${label(ADJUSTMENT_STATUS, r.status)}`,
      )
      .then(() => setPending(null))
      .then(() => (list.reload(), counts.reload()));
  return (
    <>
      <h2>动态调整</h2>
      {status !== null && <CountTabs tabs={ADJUSTMENT_TABS} counts={counts.data?.byStatus ?? null} current={status} onSelect={setChosen} testId="adjustment-tabs" />}
      <Notice outcome={action.outcome} />
      <Confirm
        open={pending !== null}
        title={pending ? `确认${pending.decision === 'approve' ? '批准' : '驳回'}：${pending.a.talentName}（${label(ADJUSTMENT_REASON, pending.a.reason)}）？` : ''}
        confirmText={pending?.decision === 'approve' ? '确认批准' : '确认驳回'}
        busy={action.busy || (pending?.decision === 'approve' && !pending.effect && !pending.error)}
        onConfirm={() => pending && decide(pending)}
        onCancel={() => setPending(null)}
      >
        {pending && <DecisionEffect p={pending} />}
      </Confirm>
      <PagedTable
        list={list}
        columns={[
          ...ADJUSTMENT_COLUMNS,
          {
            label: '',
            cell: (a) => a.status === 'pending' && <DecisionButtons busy={action.busy} approveText="批准" rejectText="驳回" onDecide={(decision, comment) => ask(a, decision, comment)} />,
          },
        ]}
        empty="没有记录。"
        testId="adjustments"
        rowAttrs={(a) => ({ 'data-adjustment': a.id })}
      />
    </>
  );
}


const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ImportPage() {
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ created: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    setResult(null);
    setError(null);
    setRows([]);
    if (!file) {
      setError('请选择 CSV 或 Excel（.xlsx）文件');
      return;
    }
    setBusy('正在上传…');
    try {
      const xlsx = file.name.toLowerCase().endsWith('.xlsx');
      const body = xlsx ? file : await file.text();
      const rowsNote = typeof body === 'string' ? ` ${body.split('\n').length - 1} 行` : '';
      setResult(
        await upload<{ created: number }>('/designations/import', body, xlsx ? XLSX_TYPE : 'text/csv', (f) =>
          setBusy(f < 1 ? `正在上传：${Math.round(f * 100)}%` : `已上传，正在逐行校验并导入${rowsNote}…`),
        ),
      );
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}（${e.status}）` : String(e));
      if (e instanceof ApiError && Array.isArray(e.details)) setRows(e.details as RowError[]);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <h2>批量导入首席技师</h2>
      <section class="card">
        <p>
          Excel（.xlsx，读第一个工作表）或 CSV（UTF-8），表头：<code>姓名,身份证号,统一社会信用代码,届别,命名日期</code>（或 <code>name,idNumber,employerCreditCode,cohort,designatedOn</code>）。
          全部行无误才会导入；有错时一行也不导入。错误中的行号即 Excel 中看到的行号（表头为第 1 行）。
        </p>
        <form onSubmit={submit} class="actions">
          <input type="file" name="file" accept=".csv,text/csv,.xlsx" />
          <button class="primary" type="submit" disabled={busy !== null}>
            {busy ? '正在导入…' : '导入'}
          </button>
        </form>
        {busy && (
          <div class="notice info" role="status" data-testid="import-progress">
            {busy}
          </div>
        )}
        {result && (
          <div class="notice ok" role="status">
            已导入 {result.created} 条命名认定。
          </div>
        )}
        {error && (
          <div class="notice error" role="alert">
            {error}
          </div>
        )}
        <RowErrorsTable rows={rows} testId="import-errors" />
      </section>
    </>
  );
}

export function JobsPage() {
  const action = useAction();
  const [last, setLast] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const v = formValues(event.currentTarget as HTMLFormElement);
    const result = await action.run(() => post<{ name: string; asOf: string; result: unknown }>(`/jobs/${v.name}/run`, { asOf: v.asOf }), (r) => `${label(JOB, r.name)} 已按 ${r.asOf} 运行完毕`);
    if (result) setLast(result.result);
  };
  return (
    <>
      <h2>运行任务</h2>
      <section class="card">
        <p class="hint">任务每天按计划自动运行；此处可按指定日期补跑或重跑，结果与按计划运行相同，不会重复生效。</p>
        <form class="stack" onSubmit={submit}>
          <Field label="任务" name="name">
            <select name="name">
              <Options words={JOB} />
            </select>
          </Field>
          <Field label="按日期运行" name="asOf">
            <input type="date" name="asOf" value={shanghaiToday()} />
          </Field>
          <button class="primary" type="submit" disabled={action.busy}>
            {action.busy ? '正在运行…' : '运行'}
          </button>
        </form>
        <Notice outcome={action.outcome} />
        {last !== null && <pre data-testid="job-result">{JSON.stringify(last, null, 2)}</pre>}
      </section>
    </>
  );
}

interface User {
  id: string;
  name: string;
  role: string;
  username: string | null;
  hasPassword: boolean;
  email: string | null;
  organizationName: string | null;
  disabled: boolean;
}

const USER_COLUMNS: Column<User>[] = [
  { label: '姓名', cell: (u) => u.name },
  { label: '角色', cell: (u) => label(ROLE, u.role) },
  { label: '所属组织', cell: (u) => u.organizationName ?? '—' },
  { label: '用户名', cell: (u) => u.username ?? '—' },
  { label: '电子邮箱', cell: (u) => u.email ?? '—' },
  { label: '可登录', cell: (u) => (u.hasPassword ? '是' : '否') },
  { label: '状态', cell: (u) => (u.disabled ? '已停用' : '正常') },
];

/** Roles bound to one organisation, and the kinds it may be (as the API checks them). */
const ROLE_ORGANIZATION_KINDS: Record<string, string[]> = { assessor: ['street', 'industry_authority', 'district_office'], union: ['union'] };
const USER_FIELDS = ['name', 'role', 'organizationId', 'username', 'email', 'password'] as const;

/** The organisations a user of the role may belong to (empty for roles bound to none). */
function useOrganizationsFor(role: string) {
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    const kinds = ROLE_ORGANIZATION_KINDS[role] ?? [];
    let live = true;
    setOrgs([]);
    Promise.all(kinds.map((kind) => get<Page<{ id: string; name: string }>>(`/organizations${query({ kind, limit: 200 })}`)))
      .then((pages) => live && setOrgs(pages.flatMap((p) => p.items)))
      .catch(() => live && setOrgs([]));
    return () => {
      live = false;
    };
  }, [role]);
  return orgs;
}

function CreateUser({ onDone, onCancel }: { onDone: (text: string) => void; onCancel: () => void }) {
  const [role, setRole] = useState('');
  const orgs = useOrganizationsFor(role);
  const bound = ROLE_ORGANIZATION_KINDS[role] !== undefined;
  const form = useApiForm(
    USER_FIELDS,
    async (v) => {
      const u = await post<User & { token: string }>('/users', { ...v, organizationId: bound ? v.organizationId : undefined });
      return `已创建用户 ${u.name}（${label(ROLE, u.role)}），登录用户名 ${u.username}。请将初始密码告知本人，并请其登录后修改密码。`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <section class="card" aria-label="新建用户">
      <h3>新建用户</h3>
      {form.generalNotice}
      <form class="stack" onSubmit={form.onSubmit} noValidate>
        <Field label="姓名" name="name" error={errors.name}>
          <input name="name" />
        </Field>
        <Field label="角色" name="role" error={errors.role}>
          <select name="role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
            <Options words={ROLE} blank="请选择" />
          </select>
        </Field>
        {bound && (
          <Field label="所属组织" name="organizationId" error={errors.organizationId} hint={role === 'assessor' ? '考核组织单位：街镇、行业主管单位或区协调小组办公室' : '本单位工会或区局（产业）工会'}>
            <select name="organizationId">
              <option value="">请选择</option>
              {orgs.map((o) => (
                <option value={o.id}>{o.name}</option>
              ))}
            </select>
          </Field>
        )}
        <Field label="登录用户名" name="username" error={errors.username} hint="3–64 个字母、数字或 . _ @ -">
          <input name="username" autocomplete="off" />
        </Field>
        <Field label="电子邮箱（接收待办邮件）" name="email" error={errors.email}>
          <input name="email" type="email" />
        </Field>
        <Field label="初始密码（至少 10 个字符）" name="password" error={errors.password}>
          <input name="password" type="password" autocomplete="new-password" />
        </Field>
        <FormButtons busy={form.busy} submitText="创建" onCancel={onCancel} />
      </form>
    </section>
  );
}

export function UsersPage() {
  const list = usePaged<User>('/users', 50);
  const action = useAction();
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  const [disabling, setDisabling] = useState<User | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!editing) return;
    const v = formValues(event.currentTarget as HTMLFormElement);
    const done = await action.run(() => api<User>('PUT', `/users/${editing.id}/password`, v), (u) => `已为 ${u.name} 设置登录账号 ${u.username}；其已登录的会话与 API 令牌已全部失效`);
    if (done) {
      setEditing(null);
      list.reload();
    }
  };
  const toggle = async (u: User) => {
    const done = await action.run(
      () => api<User>('PATCH', `/users/${u.id}`, { disabled: !u.disabled }),
      (v) => (v.disabled ? `已停用 ${v.name}：其令牌与会话已全部失效` : `已启用 ${v.name}：需重新签发令牌或登录`),
    );
    setDisabling(null);
    if (done) list.reload();
  };
  return (
    <>
      <h2>用户与登录账号</h2>
      <Notice outcome={action.outcome} />
      {!creating && (
        <div class="actions">
          <button type="button" class="primary" onClick={() => (action.setOutcome(null), setCreating(true))}>
            新建用户…
          </button>
        </div>
      )}
      {creating && (
        <CreateUser
          onDone={(text) => {
            setCreating(false);
            action.setOutcome({ kind: 'ok', text });
            list.reload();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {editing && (
        <section class="card">
          <h3>重设 {editing.name} 的密码</h3>
          <form class="stack" onSubmit={submit}>
            <Field label="用户名" name="username">
              <input name="username" value={editing.username ?? ''} />
            </Field>
            <Field label="新密码（至少 10 个字符）" name="password">
              <input name="password" type="password" autocomplete="new-password" />
            </Field>
            <div class="actions">
              <button class="primary" type="submit" disabled={action.busy}>
                保存
              </button>
              <button type="button" onClick={() => setEditing(null)}>
                取消
              </button>
            </div>
          </form>
        </section>
      )}
      <PagedTable
        list={list}
        columns={[
          ...USER_COLUMNS,
          {
            label: '',
            cell: (u) => (
              <div class="actions">
                <button type="button" onClick={() => (action.setOutcome(null), setEditing(u))}>
                  {u.hasPassword ? '重设密码' : '设置密码'}
                </button>
                <button type="button" onClick={() => (u.disabled ? toggle(u) : setDisabling(u))} disabled={action.busy}>
                  {u.disabled ? '启用' : '停用…'}
                </button>
              </div>
            ),
          },
        ]}
        empty="没有用户。"
        testId="users"
        rowAttrs={(u) => ({ 'data-user': u.username ?? u.id })}
      />
      <Confirm open={disabling !== null} title={`停用 ${disabling?.name ?? ''}？`} confirmText="确认停用" busy={action.busy} onConfirm={() => disabling && toggle(disabling)} onCancel={() => setDisabling(null)}>
        <p>停用后此人立即无法登录，其已登录的会话与 API 令牌全部失效。可随时重新启用。</p>
      </Confirm>
    </>
  );
}

// The audit log finds by person and action and shows changes as tables (issue 15): pages/audit.tsx.
export { AuditPage } from './audit.js';
