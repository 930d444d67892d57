import { useEffect, useState } from 'preact/hooks';
import { download, get, openHtml, post, query, Session } from '../api.js';
import type { AnnualResultsView, AnnualResultsViewPage, ChangeRequestCounts, ChangeRequestView, LeadCandidatePage, WorkshopDetail, WorkshopView } from '../api-types.js';
import { CHANGE_ACTION, CHANGE_REASON, CHANGE_STATUS, label, WORKSHOP_KIND, WORKSHOP_STATUS, dateTime, shanghaiToday } from '../labels.js';
import { landFromHome } from '../route.js';
import { Column, Confirm, CountTabs, DecisionButtons, Field, FormCard, InputField, Loading, Notice, Options, Paged, PagedTable, SelectField, useAction, useApiForm, useLoad, usePaged } from '../ui.js';

const REQUEST_TAB_TEXT: Record<string, string> = { submitted: '待区（产业）工会审核', union_reviewed: '待市办公室决定', approved: '已批准', rejected: '已驳回' };

function statusBadge(status: string) {
  const tone = status === 'active' ? 'ok' : status === 'attention_required' ? 'bad' : '';
  return <span class={`badge ${tone}`}>{label(WORKSHOP_STATUS, status)}</span>;
}

const WORKSHOP_COLUMNS: Column<WorkshopView>[] = [
  { label: '名称', cell: (w) => <a href={`#/workshops/${w.id}`}>{w.name}</a> },
  { label: '类型', cell: (w) => label(WORKSHOP_KIND, w.kind) },
  { label: '单位', cell: (w) => w.employerName },
  { label: '领衔人', cell: (w) => w.leadTalentName },
  { label: '命名日期', cell: (w) => w.namedOn },
  { label: '状态', cell: (w) => statusBadge(w.status) },
];

export function WorkshopsPage({ session }: { session: Session }) {
  const kind = session.user.role === 'city_office' ? 'craftsman_innovation' : '';
  const [status, setStatus] = useState('');
  const list = usePaged<WorkshopView>(`/workshops${query({ kind, status })}`, 20);
  return (
    <>
      <h2>{session.user.role === 'city_office' ? '上海市工匠创新工作室' : '我的工作室'}</h2>
      <div class="filters">
        <label class="field">
          <span>状态</span>
          <select name="status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <Options words={WORKSHOP_STATUS} blank="全部" />
          </select>
        </label>
      </div>
      <PagedTable list={list} columns={WORKSHOP_COLUMNS} empty="没有工作室。" testId="workshops" />
      {session.user.role === 'union' && session.user.organizationId && <UnionForms unionId={session.user.organizationId} />}
    </>
  );
}

/** The union's yearly statistics forms (policy 004 附件2, 001 附件3), filled from the registry and the workshops' results. */
function UnionForms({ unionId }: { unionId: string }) {
  const [year, setYear] = useState(String(Number(shanghaiToday().slice(0, 4)) - 1));
  const action = useAction();
  const ok = /^\d{4}$/.test(year);
  const get = (form: string) => action.run(() => download(`/reports/workshops/${unionId}/${year}${query({ form })}`, () => undefined));
  return (
    <section class="card" data-testid="union-forms">
      <h3>年度统计表</h3>
      <div class="filters">
        <label class="field">
          <span>年度</span>
          <input name="year" inputMode="numeric" value={year} onInput={(e) => setYear((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" disabled={!ok || action.busy} onClick={() => get('004-2')} data-testid="form-004">
          工匠创新工作室创建情况统计表（xlsx）
        </button>
        <button type="button" disabled={!ok || action.busy} onClick={() => get('001-3')}>
          “上海工匠”培养选树工作情况统计表（xlsx）
        </button>
      </div>
      <Notice outcome={action.outcome} />
      <p class="hint">表中数字取自本系统：工作室数、各工作室登记的年度成果、专利和交流活动、持有“上海工匠”称号的人数；联系人、是否开展活动等本系统不掌握的栏目留空，由工会填写。</p>
    </section>
  );
}

/** The form's fields, and the API's names for the patent counts (its messages name `patents.invention` etc.). */
const RESULT_FIELDS = ['year', 'results', 'invention', 'utilityModel', 'design', 'activities', 'patents.invention', 'patents.utilityModel', 'patents.design'] as const;

/** The year's counts, each a whole number from 0 (the year is asked for apart). */
const COUNT_FIELDS = [
  ['results', '创新成果数'],
  ['invention', '发明专利'],
  ['utilityModel', '实用新型'],
  ['design', '外观设计'],
  ['activities', '交流活动次数'],
] as const;

/** A workshop's yearly results (创新成果, patents by type, exchange activities); its unit union records them. */
function AnnualResultsCard({ workshopId, mayRecord }: { workshopId: string; mayRecord: boolean }) {
  const list = useLoad<AnnualResultsViewPage>(`/workshops/${workshopId}/annual-results`);
  const [done, setDone] = useState<string | null>(null);
  const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : v);
  const form = useApiForm(
    RESULT_FIELDS,
    async (v) => {
      const r = await post<AnnualResultsView>(`/workshops/${workshopId}/annual-results`, {
        year: int(v.year),
        results: int(v.results),
        patents: { invention: int(v.invention), utilityModel: int(v.utilityModel), design: int(v.design) },
        activities: int(v.activities),
      });
      return `${r.year} 年度成果已登记`;
    },
    (text) => (setDone(text), list.reload()),
  );
  const errorOf = (f: string) => form.errors[f] ?? (f === 'invention' || f === 'utilityModel' || f === 'design' ? form.errors[`patents.${f}`] : undefined);
  return (
    <section class="card" data-testid="annual-results">
      <h3>年度成果</h3>
      {list.data && list.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>年度</th>
              <th class="num">创新成果</th>
              <th class="num">发明专利</th>
              <th class="num">实用新型</th>
              <th class="num">外观设计</th>
              <th class="num">交流活动</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r) => (
              <tr>
                <td>{r.year}</td>
                <td class="num">{r.results}</td>
                <td class="num">{r.patents.invention}</td>
                <td class="num">{r.patents.utilityModel}</td>
                <td class="num">{r.patents.design}</td>
                <td class="num">{r.activities}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="hint">尚未登记年度成果。</p>
      )}
      {mayRecord && (
        <form class="filters" onSubmit={form.onSubmit} noValidate>
          {form.generalNotice}
          {done && <div class="notice ok">{done}</div>}
          <InputField label="年度" name="year" error={errorOf('year')} inputMode="numeric" defaultValue={String(Number(shanghaiToday().slice(0, 4)) - 1)} />
          {COUNT_FIELDS.map(([name, caption]) => (
            <InputField label={caption} name={name} error={errorOf(name)} inputMode="numeric" defaultValue="0" />
          ))}
          <button class="primary" type="submit" disabled={form.busy}>
            {form.busy ? '正在提交…' : '登记（同一年度再次登记即更正）'}
          </button>
        </form>
      )}
    </section>
  );
}

export function WorkshopPage({ id, session }: { id: string; session: Session }) {
  const workshop = useLoad<WorkshopDetail>(`/workshops/${id}`);
  const requests = usePaged<ChangeRequestView>(`/change-requests${query({ workshopId: id })}`, 10);
  const [filing, setFiling] = useState(false);
  const action = useAction();
  const w = workshop.data;
  if (!w) return <Loading error={workshop.error} />;
  const mayFile = session.user.role === 'union' && w.unionId === session.user.organizationId && w.kind === 'craftsman_innovation' && (w.status === 'active' || w.status === 'attention_required');
  return (
    <>
      <h2>
        {w.name} {statusBadge(w.status)}
      </h2>
      <p>
        <a href="#/workshops">← 全部工作室</a>
      </p>
      <Notice outcome={action.outcome} />
      <section class="card">
        <p>
          {label(WORKSHOP_KIND, w.kind)} · {w.employerName} · 命名于 {w.namedOn} · 现任领衔人 <strong>{w.leadTalentName}</strong>
          {w.memberCount !== null && ` · ${w.memberCount} 人`}
          {w.address && ` · ${w.address}`}
        </p>
        {w.status === 'attention_required' && <div class="notice error">领衔人已退休、身故或被中止，请尽快提交管理变更申请。</div>}
        <h3>领衔人变更记录</h3>
        <ol class="timeline" data-testid="lead-history">
          {w.leadHistory.map((l) => (
            <li>
              {l.talentName}：{l.fromDate} 起{l.toDate ? `，至 ${l.toDate}` : '（现任）'}
            </li>
          ))}
        </ol>
        {mayFile && !filing && (
          <button class="primary" type="button" onClick={() => setFiling(true)}>
            提交管理变更申请
          </button>
        )}
      </section>
      {filing && (
        <ChangeRequestForm
          workshop={w}
          onDone={(text) => {
            setFiling(false);
            action.setOutcome({ kind: 'ok', text });
            requests.reload();
            workshop.reload();
          }}
          onCancel={() => setFiling(false)}
        />
      )}
      <AnnualResultsCard workshopId={w.id} mayRecord={session.user.role === 'union' && w.unionId === session.user.organizationId} />
      <h3>管理变更申请</h3>
      <RequestTable list={requests} session={session} onDecided={(text) => (action.setOutcome({ kind: 'ok', text }), requests.reload(), workshop.reload())} />
    </>
  );
}

const REQUEST_FIELDS = ['reason', 'reasonDetail', 'action', 'newLeadTalentId', 'memberCount', 'address', 'contactName', 'contactPhone'] as const;

/** Mirrors 上海市工匠创新工作室管理变更申请表 (附件3): reason, requested change, and the new lead. */
function ChangeRequestForm({ workshop, onDone, onCancel }: { workshop: WorkshopView; onDone: (text: string) => void; onCancel: () => void }) {
  const [picked, setActionChoice] = useState<string | null>(null);
  const candidates = useLoad<LeadCandidatePage>(`/workshops/${workshop.id}/lead-candidates`);
  // 变更领衔人 needs someone to change to (SPEC §3.6): without a candidate it is greyed out, and the form says why.
  const noCandidate = candidates.data !== null && candidates.data.items.length === 0;
  const actionChoice = picked ?? (noCandidate ? '' : 'change_lead');
  const form = useApiForm(
    REQUEST_FIELDS,
    async (v) => {
      await post(`/workshops/${workshop.id}/change-requests`, {
        reason: v.reason,
        reasonDetail: v.reasonDetail,
        action: v.action,
        newLeadTalentId: v.action === 'change_lead' ? v.newLeadTalentId : undefined,
        // A count that is not a number goes as typed, so the API's message names it.
        memberCount: v.memberCount === undefined || Number.isNaN(Number(v.memberCount)) ? v.memberCount : Number(v.memberCount),
        address: v.address,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
      });
      return `已提交 ${workshop.name} 的管理变更申请，待区（产业）工会审核`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard
      form={form}
      label="管理变更申请表"
      title="上海市工匠创新工作室管理变更申请表"
      intro={
        <p class="hint">
          工作室：{workshop.name}；所在单位：{workshop.employerName}；原领衔人：{workshop.leadTalentName}
        </p>
      }
      submitText="提交申请"
      onCancel={onCancel}
    >
      <SelectField label="变更原因" name="reason" words={CHANGE_REASON} blank="请选择" error={errors.reason} />
      <Field label="原因说明" name="reasonDetail" error={errors.reasonDetail} hint="原因为“其他”时必填">
        <textarea name="reasonDetail" />
      </Field>
      <Field label="申请事项" name="action" error={errors.action}>
        <select name="action" value={actionChoice} onChange={(e) => setActionChoice((e.currentTarget as HTMLSelectElement).value)}>
          {noCandidate && <option value="">请选择</option>}
          {Object.entries(CHANGE_ACTION).map(([value, text]) => (
            <option value={value} disabled={value === 'change_lead' && noCandidate}>
              {value === 'change_lead' && noCandidate ? `${text}（无可选的新领衔人）` : text}
            </option>
          ))}
        </select>
        {noCandidate && (
          <div class="hint" data-testid="no-lead-candidate">
            不能变更领衔人：{workshop.employerName}暂无获得“上海工匠”称号的其他职工。新领衔人须先由区协调小组办公室或市工匠创新工作室创建命名办公室在“荣誉称号”中登记“上海工匠”。
          </div>
        )}
      </Field>
      {actionChoice === 'change_lead' && (
        <Field label="新领衔人" name="newLeadTalentId" error={errors.newLeadTalentId ?? candidates.error ?? undefined} hint="须为本单位职工并获得“上海工匠”称号">
          <select name="newLeadTalentId" disabled={!candidates.data}>
            <option value="">{candidates.data && candidates.data.items.length === 0 ? '本单位暂无获得“上海工匠”称号的其他职工' : '请选择'}</option>
            {candidates.data?.items.map((c) => (
              <option value={c.talentId}>
                {c.name}（{c.idNumberMasked}）
              </option>
            ))}
          </select>
        </Field>
      )}
      <InputField label="人数" name="memberCount" error={errors.memberCount} inputMode="numeric" defaultValue={workshop.memberCount?.toString() ?? ''} />
      <InputField label="工作室地址" name="address" error={errors.address} defaultValue={workshop.address ?? ''} />
      <InputField label="联系人" name="contactName" error={errors.contactName} autocomplete="name" />
      <InputField label="联系电话" name="contactPhone" error={errors.contactPhone} hint="手机或座机（如 021-62307008）；仅工会与市办公室可见完整号码" type="tel" autocomplete="tel" />
    </FormCard>
  );
}

const REQUEST_COLUMNS: Column<ChangeRequestView>[] = [
  { label: '工作室', cell: (r) => <a href={`#/workshops/${r.workshopId}`}>{r.workshopName}</a> },
  { label: '原因', cell: (r) => `${label(CHANGE_REASON, r.reason)}${r.reasonDetail ? `：${r.reasonDetail}` : ''}` },
  { label: '申请事项', cell: (r) => `${label(CHANGE_ACTION, r.action)}${r.newLeadName ? ` → ${r.newLeadName}` : ''}` },
  { label: '状态', cell: (r) => <RequestStatus r={r} /> },
  { label: '提交时间', cell: (r) => dateTime(r.createdAt) },
];

/** The status, and for a rejected request who refused it and why (the reason is not only on the printout). */
function RequestStatus({ r }: { r: ChangeRequestView }) {
  if (r.status !== 'rejected') return <>{label(CHANGE_STATUS, r.status)}</>;
  const byCity = r.cityDecision === 'reject';
  const comment = byCity ? r.cityComment : r.unionComment;
  return (
    <>
      <span class="badge bad">{label(CHANGE_STATUS, r.status)}</span>
      <div class="hint" data-testid="rejection-reason">
        {byCity ? '市办公室' : '区（产业）工会'}不同意：{comment ?? '未说明理由'}
      </div>
    </>
  );
}

/** What a 同意/不同意 sets going, said before it is given (issue 15). */
function requestEffect(r: ChangeRequestView, decision: 'approve' | 'reject', role: string, currentLead: string | null): string {
  if (decision === 'reject') return `不同意后本申请即告终止（已驳回），${r.workshopName}维持现状；单位工会可重新提出申请。`;
  if (role === 'union') return `同意后提交市工匠创新工作室创建命名办公室终审；终审同意后：${whatHappens(r, currentLead)}。`;
  return `同意后立即生效：${whatHappens(r, currentLead)}。`;
}

function whatHappens(r: ChangeRequestView, currentLead: string | null): string {
  if (r.action === 'change_lead') return `${r.workshopName}的领衔人${currentLead ? `由 ${currentLead} ` : ''}变更为 ${r.newLeadName ?? '新领衔人'}`;
  if (r.action === 'exit_revoke') return `${r.workshopName}摘牌，不再使用“上海市工匠创新工作室”称号`;
  return `${r.workshopName}退出管理序列，保留称号`;
}

function RequestTable({ list, session, onDecided }: { list: Paged<ChangeRequestView>; session: Session; onDecided: (text: string) => void }) {
  const action = useAction();
  const role = session.user.role;
  const [pending, setPending] = useState<{ r: ChangeRequestView; decision: 'approve' | 'reject'; comment: string | undefined; currentLead: string | null } | null>(null);
  // A district union decides requests of the unions under it; the unit union that filed one cannot.
  const mayDecide = (r: ChangeRequestView) => (role === 'union' && r.status === 'submitted' && r.unionId !== session.user.organizationId) || (role === 'city_office' && r.status === 'union_reviewed');
  const ask = (r: ChangeRequestView, decision: 'approve' | 'reject', comment: string | undefined) => {
    setPending({ r, decision, comment, currentLead: null });
    // The lead it replaces, named when the workshop can be read (best effort: the confirmation stands without it).
    if (r.action === 'change_lead') {
      get<WorkshopDetail>(`/workshops/${r.workshopId}`)
        .then((w) => setPending((p) => (p && p.r.id === r.id ? { ...p, currentLead: w.leadTalentName } : p)))
        .catch(() => undefined);
    }
  };
  const decide = (p: { r: ChangeRequestView; decision: 'approve' | 'reject'; comment: string | undefined }) =>
    action
      .run(() => post<ChangeRequestView>(`/change-requests/${p.r.id}/decisions`, { decision: p.decision, comment: p.comment }))
      .then((res) => {
        setPending(null);
        if (res) onDecided(`${p.r.workshopName}：${label(CHANGE_STATUS, res.status)}`);
      });
  const print = (r: ChangeRequestView) => action.run(() => openHtml(`/change-requests/${r.id}/form`));
  const actions: Column<ChangeRequestView> = {
    label: '',
    cell: (r) => (
      <div class="actions">
        <button type="button" onClick={() => print(r)}>
          打印申请表
        </button>
        {mayDecide(r) && <DecisionButtons busy={action.busy} approveText="同意" rejectText="不同意" onDecide={(decision, comment) => ask(r, decision, comment)} />}
      </div>
    ),
  };
  return (
    <>
      <Notice outcome={action.outcome} />
      <Confirm
        open={pending !== null}
        title={pending ? `确认${pending.decision === 'approve' ? '同意' : '不同意'}：${pending.r.workshopName}（${label(CHANGE_ACTION, pending.r.action)}）？` : ''}
        confirmText={pending?.decision === 'approve' ? '确认同意' : '确认不同意'}
        busy={action.busy}
        onConfirm={() => pending && decide(pending)}
        onCancel={() => setPending(null)}
      >
        {pending && (
          <p data-testid="request-effect">
            <b>{requestEffect(pending.r, pending.decision, role, pending.currentLead)}</b>
            {pending.comment ? `意见：${pending.comment}` : ''}
          </p>
        )}
      </Confirm>
      <PagedTable list={list} columns={[...REQUEST_COLUMNS, actions]} empty="没有申请。" testId="change-requests" rowAttrs={(r) => ({ 'data-request': r.id })} />
    </>
  );
}

const REQUEST_TABS = [{ value: '', text: '全部' }, ...Object.entries(CHANGE_STATUS).map(([value]) => ({ value, text: REQUEST_TAB_TEXT[value] }))];

/**
 * Change requests in tabs with counts; a reader who decides a stage (the
 * district union, the city office) opens on its queue.
 */
export function ChangeRequestsPage({ session }: { session: Session }) {
  const counts = useLoad<ChangeRequestCounts>('/change-requests/counts');
  const [chosen, setChosen] = useState<string | null>(null);
  const landing = counts.data ? (counts.data.waiting ?? '') : counts.error ? '' : null;
  const status = chosen ?? landing;
  const list = usePaged<ChangeRequestView>(status === null ? null : `/change-requests${query({ status })}`, 20);
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <>
      <h2>{session.user.role === 'city_office' ? '待决定的管理变更申请' : '管理变更申请'}</h2>
      {status !== null && <CountTabs tabs={REQUEST_TABS} counts={counts.data?.byStatus ?? null} current={status} onSelect={setChosen} testId="request-tabs" />}
      {outcome && <div class="notice ok">{outcome}</div>}
      <RequestTable list={list} session={session} onDecided={(text) => (setOutcome(text), list.reload(), counts.reload())} />
    </>
  );
}

/**
 * Where a union or the city office lands: on the change requests when it
 * decides a stage and (the city office) something waits, else its workshops.
 */
export function RequestsLanding({ session }: { session: Session }) {
  const counts = useLoad<ChangeRequestCounts>('/change-requests/counts');
  const c = counts.data;
  const known = c !== null || counts.error !== null;
  useEffect(() => {
    if (!known) return;
    const queue = c !== null && c.waiting !== null && (session.user.role === 'union' || c.byStatus[c.waiting] > 0);
    landFromHome(queue ? '#/change-requests' : '#/workshops');
  }, [known]);
  return <Loading />;
}
