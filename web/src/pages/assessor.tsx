import { useState } from 'preact/hooks';
import { post, query } from '../api.js';
import { ASSESSMENT_KIND, GRADE, label, shanghaiToday, TASK_STATUS } from '../labels.js';
import { Column, CountTabs, Field, FormButtons, Notice, Options, Outcome, PagedTable, useApiForm, useLoad, usePaged } from '../ui.js';

export interface Assessment {
  id: string;
  designationId: string;
  talentName: string;
  employerName: string;
  kind: string;
  organizerName: string;
  opensOn: string;
  dueOn: string;
  status: string;
  grade: string | null;
  score: number | null;
  assessedOn: string | null;
  comments: string | null;
}

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

const TASK_COLUMNS = (today: string): Column<Assessment>[] => [
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
  { label: '结果', cell: (a) => (a.grade ? `${label(GRADE, a.grade)}${a.score !== null ? `（${a.score} 分）` : ''}，${a.assessedOn}` : '—') },
];

/**
 * The task list. On its own (not inside a designation's page) it has tabs with
 * counts and opens where the work is: 已逾期 when anything is overdue, else 待考核.
 */
export function AssessmentsPage({ designationId }: { designationId?: string }) {
  const counts = useLoad<{ byStatus: Record<string, number> }>(designationId ? null : '/assessments/counts');
  const [chosen, setChosen] = useState<string | null>(null);
  const landing = counts.data ? (counts.data.byStatus.overdue > 0 ? 'overdue' : 'open') : counts.error ? 'open' : null;
  const status = designationId ? '' : (chosen ?? landing);
  const setStatus = (value: string) => setChosen(value);
  const list = usePaged<Assessment>(status === null ? null : `/assessments${query({ status, designationId })}`, 20);
  const [recording, setRecording] = useState<Assessment | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const today = shanghaiToday();
  return (
    <>
      {!designationId && <h2>考核任务</h2>}
      {!designationId && status !== null && (
        <CountTabs tabs={TABS.map((t) => ({ value: t.status, text: t.text }))} counts={counts.data && pick(counts.data.byStatus, TABS.map((t) => t.status))} current={status} onSelect={setStatus} testId="task-tabs" />
      )}
      <Notice outcome={outcome} />
      {recording && (
        <ResultForm
          task={recording}
          onDone={(text) => {
            setRecording(null);
            setOutcome({ kind: 'ok', text });
            list.reload();
            counts.reload();
          }}
          onCancel={() => setRecording(null)}
        />
      )}
      <PagedTable
        list={list}
        columns={[
          ...TASK_COLUMNS(today),
          {
            label: '',
            cell: (a) =>
              (a.status === 'open' || a.status === 'overdue') && (
                <button type="button" onClick={() => (setOutcome(null), setRecording(a))}>
                  登记结果
                </button>
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

const RESULT_FIELDS = ['grade', 'assessedOn', 'score', 'comments'] as const;

function ResultForm({ task, onDone, onCancel }: { task: Assessment; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    RESULT_FIELDS,
    async (v) => {
      const body: Record<string, unknown> = { grade: v.grade, assessedOn: v.assessedOn, comments: v.comments };
      // A score that is not a number goes as typed, so the API's message names it.
      if (v.score !== undefined) body.score = Number.isNaN(Number(v.score)) ? v.score : Number(v.score);
      await post(`/assessments/${task.id}/result`, body);
      return `已登记 ${task.talentName} 的${label(ASSESSMENT_KIND, task.kind)}结果：${label(GRADE, v.grade)}`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <section class="card" aria-label="登记考核结果">
      <h3>
        登记结果：{task.talentName} · {label(ASSESSMENT_KIND, task.kind)}（截止 {task.dueOn}）
      </h3>
      {form.generalNotice}
      <form class="stack" onSubmit={form.onSubmit} noValidate>
        <Field label="考核等次" name="grade" error={errors.grade}>
          <select name="grade">
            <Options words={GRADE} blank="请选择" />
          </select>
        </Field>
        <Field label="考核日期" name="assessedOn" error={errors.assessedOn}>
          <input name="assessedOn" type="date" />
        </Field>
        <Field label="得分（可选，0–100）" name="score" error={errors.score}>
          <input name="score" inputMode="decimal" />
        </Field>
        <Field label="评语（可选）" name="comments" error={errors.comments}>
          <textarea name="comments" />
        </Field>
        <FormButtons busy={form.busy} submitText="提交结果" onCancel={onCancel} />
      </form>
    </section>
  );
}
