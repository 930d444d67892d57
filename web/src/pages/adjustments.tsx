import { useEffect, useState } from 'preact/hooks';
import { api, post, query } from '../api.js';
import { ADJUSTMENT_REASON, ADJUSTMENT_STATUS, label, yuan } from '../labels.js';
import { Column, Confirm, CountTabs, DecisionButtons, Field, FormButtons, InputField, Notice, Outcome, PagedTable, SelectField, useAction, useApiForm, useLoad, usePaged } from '../ui.js';
import type { AdjustmentEffect, AdjustmentView, DesignationView } from '../api-types.js';

/** 动态调整: proposing one on a designation, and the office's queue of decisions with their money effect. */

const ADJUSTMENT_FIELDS = ['reason', 'effectiveOn', 'note', 'evidence'] as const;

export function ProposeAdjustment({ designation, onDone }: { designation: Pick<DesignationView, 'id' | 'status'>; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<Outcome>(null);
  const form = useApiForm(
    ADJUSTMENT_FIELDS,
    async (v) => {
      await post<AdjustmentView>(`/designations/${designation.id}/adjustments`, v);
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
            <SelectField label="原因" name="reason" words={ADJUSTMENT_REASON} blank="请选择" error={errors.reason} />
            <InputField label="中止日期" name="effectiveOn" error={errors.effectiveOn} type="date" />
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

const ADJUSTMENT_COLUMNS: Column<AdjustmentView>[] = [
  { label: '姓名', cell: (a) => <a href={`#/designations/${a.designationId}`}>{a.talentName}</a> },
  { label: '原因', cell: (a) => label(ADJUSTMENT_REASON, a.reason) },
  { label: '中止日期', cell: (a) => a.effectiveOn },
  { label: '说明与依据', cell: (a) => [a.note, a.evidence].filter(Boolean).join('；') || '—' },
  { label: '来源', cell: (a) => (a.source === 'manual' ? '人工提出' : '系统提出') },
  { label: '状态', cell: (a) => `${label(ADJUSTMENT_STATUS, a.status)}${a.decisionComment ? `（${a.decisionComment}）` : ''}` },
];


/** A decision waiting for its confirmation, with the money effect once loaded (approvals only). */
interface PendingDecision {
  a: AdjustmentView;
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
  const list = usePaged<AdjustmentView>(status === null ? null : `/adjustments${query({ status })}`, 20);
  const action = useAction();
  const [pending, setPending] = useState<PendingDecision | null>(null);
  // A decision is confirmed first, saying what it does to the money.
  const ask = (a: AdjustmentView, decision: 'approve' | 'reject', comment: string | undefined) => {
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
        () => post<AdjustmentView>(`/adjustments/${p.a.id}/decision`, { decision: p.decision, comment: p.comment }),
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
