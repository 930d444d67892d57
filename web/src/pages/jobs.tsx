import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { JOB, label, shanghaiToday } from '../labels.js';
import { formValues, InputField, Notice, SelectField, useAction } from '../ui.js';

/** 运行任务: a scheduled job run now for a chosen day (POST /jobs/{name}/run), as the schedule would. */
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
          <SelectField label="任务" name="name" words={JOB} />
          <InputField label="按日期运行" name="asOf" type="date" value={shanghaiToday()} />
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
