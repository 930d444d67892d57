import { useRef, useState } from 'preact/hooks';
import { post, query } from '../api.js';
import type { AssessmentView, StatusCounts } from '../api-types.js';
import { ASSESSMENT_KIND, GRADE, label, shanghaiToday, TASK_STATUS } from '../labels.js';
import { Column, Confirm, CountTabs, Field, FormCard, formValues, InputField, Notice, Outcome, PagedTable, SelectField, useApiForm, useLoad, usePaged } from '../ui.js';

const TABS = [
  { status: 'open', text: '待考核' },
  { status: 'overdue', text: '已逾期' },
  { status: 'done', text: '已完成' },
] as const;

function pick(all: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, all[k] ?? 0]));
}

function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
}

const TASK_COLUMNS = (today: string): Column<AssessmentView>[] => [
  { label: '姓名', cell: (a) => a.talentName },
  { label: '工作单位', cell: (a) => a.employerName },
  { label: '类型', cell: (a) => label(ASSESSMENT_KIND, a.kind) },
  { label: '开始', cell: (a) => a.opensOn },
  {
    label: '截止',
    cell: (a) => {
      const left = daysUntil(a.dueOn, today);
      return (
        <>
          <strong>{a.dueOn}</strong>
          {a.status === 'open' && <div class="hint">{left >= 0 ? `还有 ${left} 天` : `已过 ${-left} 天`}</div>}
          {a.status === 'overdue' && <div class="field-error">已逾期 {-left} 天</div>}
        </>
      );
    },
  },
  { label: '状态', cell: (a) => <span class={`badge ${a.status === 'done' ? 'ok' : a.status === 'overdue' ? 'bad' : 'warn'}`}>{label(TASK_STATUS, a.status)}</span> },
  {
    label: '结果',
    cell: (a) =>
      a.grade ? (
        <>
          {`${label(GRADE, a.grade)}${a.score !== null ? `（${a.score} 分）` : ''}，${a.assessedOn}`}
          {a.correctionReason && <div class="hint">已由区协调小组办公室更正：{a.correctionReason}</div>}
        </>
      ) : (
        '—'
      ),
  },
];

/**
 * The task list. On its own (not inside a designation's page) it has tabs with
 * counts and opens where the work is: 已逾期 when anything is overdue, else 待考核.
 * `canCorrect`: the district office's view, where a recorded result can be corrected (SPEC §3.4).
 */
export function AssessmentsPage({ designationId, canCorrect = false }: { designationId?: string; canCorrect?: boolean }) {
  const counts = useLoad<StatusCounts>(designationId ? null : '/assessments/counts');
  const [chosen, setChosen] = useState<string | null>(null);
  const landing = counts.data ? (counts.data.byStatus.overdue > 0 ? 'overdue' : 'open') : counts.error ? 'open' : null;
  const status = designationId ? '' : (chosen ?? landing);
  const setStatus = (value: string) => setChosen(value);
  const list = usePaged<AssessmentView>(status === null ? null : `/assessments${query({ status, designationId })}`, 20);
  const [recording, setRecording] = useState<AssessmentView | null>(null);
  const [correcting, setCorrecting] = useState<AssessmentView | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const today = shanghaiToday();
  // A form that did its work closes, says so above the list, and the list shows the change.
  const done = (close: () => void) => (text: string) => (close(), setOutcome({ kind: 'ok', text }), list.reload());
  return (
    <>
      {!designationId && <h2>考核任务</h2>}
      {!designationId && status !== null && (
        <CountTabs tabs={TABS.map((t) => ({ value: t.status, text: t.text }))} counts={counts.data && pick(counts.data.byStatus, TABS.map((t) => t.status))} current={status} onSelect={setStatus} testId="task-tabs" />
      )}
      <Notice outcome={outcome} />
      {recording && <ResultForm task={recording} onDone={done(() => (setRecording(null), counts.reload()))} onCancel={() => setRecording(null)} />}
      {correcting && <CorrectionForm task={correcting} onDone={done(() => setCorrecting(null))} onCancel={() => setCorrecting(null)} />}
      <PagedTable
        list={list}
        columns={[
          ...TASK_COLUMNS(today),
          {
            label: '',
            cell: (a) =>
              a.status === 'open' || a.status === 'overdue' ? (
                <button type="button" onClick={() => (setOutcome(null), setCorrecting(null), setRecording(a))}>
                  登记结果
                </button>
              ) : (
                a.status === 'done' &&
                canCorrect && (
                  <button type="button" onClick={() => (setOutcome(null), setRecording(null), setCorrecting(a))}>
                    更正结果
                  </button>
                )
              ),
          },
        ]}
        empty="没有任务。"
        testId="assessments"
        rowAttrs={(a) => ({ class: a.status === 'overdue' ? 'overdue' : a.status === 'open' && daysUntil(a.dueOn, today) <= 7 ? 'due-soon' : '' })}
      />
    </>
  );
}

/** Sends a result or its correction; a score that is not a number goes as typed, so the API's message names it. */
async function sendResult(path: string, v: Record<string, string>, rest: Record<string, unknown>): Promise<void> {
  const body: Record<string, unknown> = { grade: v.grade, assessedOn: v.assessedOn, ...rest };
  if (v.score !== undefined) body.score = Number.isNaN(Number(v.score)) ? v.score : Number(v.score);
  await post(path, body);
}

/** 等次, date and score of a result; a correction starts from the recorded ones. */
function GradeFields({ errors, scoreLabel, recorded }: { errors: Record<string, string>; scoreLabel: string; recorded?: AssessmentView }) {
  return (
    <>
      <SelectField label="考核等次" name="grade" words={GRADE} blank="请选择" error={errors.grade} />
      <InputField label="考核日期" name="assessedOn" error={errors.assessedOn} type="date" defaultValue={recorded && (recorded.assessedOn ?? '')} />
      <InputField label={scoreLabel} name="score" error={errors.score} inputMode="decimal" defaultValue={recorded && (recorded.score === null ? '' : String(recorded.score))} />
    </>
  );
}

const RESULT_FIELDS = ['grade', 'assessedOn', 'score', 'comments'] as const;

function ResultForm({ task, onDone, onCancel }: { task: AssessmentView; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    RESULT_FIELDS,
    async (v) => {
      await sendResult(`/assessments/${task.id}/result`, v, { comments: v.comments });
      return `已登记 ${task.talentName} 的${label(ASSESSMENT_KIND, task.kind)}结果：${label(GRADE, v.grade)}`;
    },
    onDone,
  );
  const { errors } = form;
  // 不合格 proposes a suspension (SPEC §3.4): the assessor confirms it first, told what it sets going.
  const [failing, setFailing] = useState<{ form: HTMLFormElement; assessedOn: string | undefined } | null>(null);
  const confirmed = useRef(false);
  const onSubmit = (event: Event) => {
    const el = event.currentTarget as HTMLFormElement;
    const v = formValues(el);
    if (v.grade === 'unqualified' && !confirmed.current) {
      event.preventDefault();
      setFailing({ form: el, assessedOn: v.assessedOn });
      return;
    }
    confirmed.current = false;
    return form.onSubmit(event);
  };
  const workshops = task.leadsWorkshops;
  return (
    <FormCard
      form={form}
      label="登记考核结果"
      title={
        <>
          登记结果：{task.talentName} · {label(ASSESSMENT_KIND, task.kind)}（截止 {task.dueOn}）
        </>
      }
      onSubmit={onSubmit}
      submitText="提交结果"
      onCancel={onCancel}
      after={
        <Confirm
          open={failing !== null}
          title={`确认登记“不合格”：${task.talentName}？`}
          confirmText="确认不合格"
          busy={form.busy}
          onConfirm={() => {
            const target = failing?.form;
            setFailing(null);
            confirmed.current = true;
            target?.requestSubmit();
          }}
          onCancel={() => setFailing(null)}
        >
          <div data-testid="unqualified-effect">
            <p>
              <b>
                将提出动态调整：拟自 {failing?.assessedOn ?? '考核日期'} 起中止 {task.talentName} 的首席技师认定，停发津贴
              </b>
              （经区协调小组办公室批准后生效；待批期间津贴暂缓发放）。
            </p>
            {workshops.length > 0 && (
              <p>
                {task.talentName} 领衔 {workshops.join('、')}：中止后其工作室资助一并停发。
              </p>
            )}
            <p class="hint">登记后考核组织单位不能修改结果，更正须由区协调小组办公室办理。</p>
          </div>
        </Confirm>
      }
    >
      <GradeFields errors={errors} scoreLabel="得分（可选，0–100，须与等次相符：优秀 90–100，合格 75 至不足 90，基本合格 60 至不足 75，不合格不足 60）" />
      <Field label="评语（可选）" name="comments" error={errors.comments}>
        <textarea name="comments" />
      </Field>
    </FormCard>
  );
}

const CORRECTION_FIELDS = ['grade', 'assessedOn', 'score', 'reason'] as const;

/**
 * The district office corrects a recorded result with a reason (SPEC §3.4),
 * told first what a correction away from 不合格 does to the adjustment it proposed.
 */
function CorrectionForm({ task, onDone, onCancel }: { task: AssessmentView; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    CORRECTION_FIELDS,
    async (v) => {
      await sendResult(`/assessments/${task.id}/correction`, v, { reason: v.reason });
      return `已更正 ${task.talentName} 的${label(ASSESSMENT_KIND, task.kind)}结果：${label(GRADE, task.grade)} → ${label(GRADE, v.grade)}`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard
      form={form}
      label="更正考核结果"
      title={
        <>
          更正结果：{task.talentName} · {label(ASSESSMENT_KIND, task.kind)}（原结果 {label(GRADE, task.grade)}，{task.assessedOn}）
        </>
      }
      intro={task.grade === 'unqualified' && <p class="hint">更正为其他等次时，原“不合格”提出且尚未决定的动态调整将被驳回（意见注明本次更正）；已决定的不受影响。</p>}
      submitText="提交更正"
      onCancel={onCancel}
    >
      <GradeFields errors={errors} scoreLabel="得分（可选，须与等次相符）" recorded={task} />
      <Field label="更正理由" name="reason" error={errors.reason}>
        <textarea name="reason" />
      </Field>
    </FormCard>
  );
}
