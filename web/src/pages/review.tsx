import { useState } from 'preact/hooks';
import { api, ApiError, download, get, openHtml, post, Session } from '../api.js';
import { rowErrorText } from '../messages.js';
import { label } from '../labels.js';
import { Column, Confirm, DataTable, Loading, Notice, useAction, useLoad } from '../ui.js';
import type { PublicityList, RoundExpertsView, RoundView, ScoreTable, ScoreTableLine, WorkItem, WorklistView } from '../api-types.js';

/** Selection, steps 4–7 (SPEC §3.8): the expert's score sheets and the office's review, shortlist, publicity and naming. */

/** 003 附件3: the 13 items and their maxima (the server checks the same). */
const ITEMS: Array<{ key: string; max: number; text: string }> = [
  { key: 'A1', max: 5, text: '具有技师及以上职业资格（或同等水平）' },
  { key: 'A2', max: 5, text: '被单位聘任在相应岗位工作（专岗匹配）' },
  { key: 'A3', max: 10, text: '属于 G60 科创走廊紧缺工种技能人才' },
  { key: 'B1', max: 10, text: '长期在一线岗位直接从事生产技术工作，掌握关键技术' },
  { key: 'B2', max: 10, text: '擅长运用新技术新工艺，解决生产实际问题' },
  { key: 'B3', max: 10, text: '在传技带徒、培养技能人才等方面成绩显著' },
  { key: 'C1', max: 10, text: '获得市级以上技能比赛、技术比武等奖项' },
  { key: 'C2', max: 10, text: '获得区级以上科技进步奖、国家专利等' },
  { key: 'D', max: 5, text: '产业方向：人工智能、集成电路、生物医药等' },
  { key: 'E', max: 5, text: '已建立工作室或项目班组等工作团队并给予支持' },
  { key: 'F', max: 10, text: '实行高技能人才岗位津贴等待遇激励' },
  { key: 'G', max: 5, text: '按规定提取职工教育经费并开展培训' },
  { key: 'H', max: 5, text: '已认定的国家级、市级、区级人才类别' },
];

const SKILL_LEVEL: Record<string, string> = { senior_technician: '高级技师', technician: '技师', senior_worker: '高级工', other: '其他', equivalent: '同等水平' };
const STAGE: Record<string, string> = {
  eligible: '待评审',
  shortlisted: '已入围',
  publicised: '公示中',
  removed: '异议成立，已移出',
  named: '已命名',
};
const ROUND_STATUS: Record<string, string> = { open: '申报中', reviewing: '评审中', scoring_closed: '评分已结束', shortlisted: '已确定入围', publicity: '公示中', named: '已命名' };

function RoundPicker({ base }: { base: string }) {
  const rounds = useLoad<{ items: RoundView[] }>('/rounds?limit=50');
  if (!rounds.data) return <Loading error={rounds.error} />;
  return (
    <DataTable
      rows={rounds.data.items}
      testId="rounds"
      empty="暂无评审批次"
      columns={[
        { label: '届别', cell: (r) => `${r.cohort}届` },
        { label: '名额', num: true, cell: (r) => r.quota },
        { label: '状态', cell: (r) => label(ROUND_STATUS, r.status) },
        { label: '', cell: (r) => <a href={`#${base}/${r.id}`}>进入</a> },
      ]}
    />
  );
}

// ------------------------------------------------------------------ the expert

export function ExpertReviewPage({ roundId }: { roundId?: string }) {
  if (!roundId) {
    return (
      <>
        <h2>专家评审</h2>
        <p class="hint">以下是分配给您的评审批次。</p>
        <RoundPicker base="/review" />
      </>
    );
  }
  return <ExpertWorklist roundId={roundId} />;
}

function ExpertWorklist({ roundId }: { roundId: string }) {
  const list = useLoad<WorklistView>(`/rounds/${roundId}/review`);
  const [scoring, setScoring] = useState<WorkItem | null>(null);
  const { outcome, setOutcome } = useAction();
  if (!list.data) return <Loading error={list.error} />;
  const w = list.data;
  return (
    <>
      <h2>{w.cohort}届首席技师专家评审</h2>
      <p data-testid="progress">
        评分进度：已评 <b>{w.scored}</b> / 共 {w.toScore} 份{w.scoringClosed && <span class="badge">评分已结束</span>}
      </p>
      <Notice outcome={outcome} />
      {scoring && (
        <ScoreForm
          item={scoring}
          onCancel={() => setScoring(null)}
          onDone={(total) => {
            setScoring(null);
            setOutcome({ kind: 'ok', text: `已保存 ${scoring.name} 的评分：${total} 分` });
            list.reload();
          }}
        />
      )}
      <DataTable
        rows={w.items}
        testId="worklist"
        empty="暂无待评审的申报"
        columns={[
          { label: '姓名', cell: (a) => a.name },
          { label: '身份证号', cell: (a) => a.idNumberMasked },
          { label: '申报单位', cell: (a) => a.employerName },
          { label: '工种', cell: (a) => a.occupation },
          { label: '等级', cell: (a) => label(SKILL_LEVEL, a.skillLevel) },
          { label: '我的评分', cell: (a) => (a.myScore ? <span class="badge ok">{a.myScore.total} 分</span> : <span class="badge warn">未评</span>) },
          {
            label: '',
            cell: (a) => (
              <div class="actions">
                {!w.scoringClosed && (
                  <button type="button" onClick={() => setScoring(a)}>
                    {a.myScore ? '修改评分' : '评分'}
                  </button>
                )}
                <button type="button" onClick={() => openHtml(`/applications/${a.id}/score-sheet`).catch((e) => setOutcome({ kind: 'error', text: String(e) }))}>
                  打印评审表
                </button>
                {/* The filled 申报表 the sheet is scored against (ID number masked). */}
                <button type="button" onClick={() => openHtml(`/applications/${a.id}/form`).catch((e) => setOutcome({ kind: 'error', text: String(e) }))}>
                  查看申报表
                </button>
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

/** The 附件3 sheet as a form: each item refuses what is not a whole number within its maximum, before and after sending. */
function ScoreForm({ item, onCancel, onDone }: { item: WorkItem; onCancel: () => void; onDone: (total: number) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(ITEMS.map((i) => [i.key, item.myScore ? String(item.myScore.items[i.key]) : ''])));
  const [opinion, setOpinion] = useState(item.myScore?.opinion ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = (key: string, max: number): string | null => {
    const v = values[key].trim();
    return /^\d+$/.test(v) && Number(v) <= max ? null : `${key} 须为 0 至 ${max} 的整数`;
  };
  const total = ITEMS.reduce((sum, i) => sum + (problem(i.key, i.max) ? 0 : Number(values[i.key])), 0);
  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    for (const i of ITEMS) {
      const p = problem(i.key, i.max);
      if (p) local[i.key] = p;
    }
    if (opinion.trim() === '') local.opinion = '请填写专家总体评价意见';
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const saved = await api<{ total: number }>('PUT', `/applications/${item.id}/scores/me`, { items: Object.fromEntries(ITEMS.map((i) => [i.key, Number(values[i.key])])), opinion: opinion.trim() });
      onDone(saved.total);
    } catch (e) {
      const details = e instanceof ApiError && Array.isArray(e.details) ? (e.details as Array<{ field: string; constraint?: string }>) : [];
      // Each item's problem in Chinese by its code (invalidScore, unknownItem), beside the item.
      setErrors(Object.fromEntries(details.map((d) => [d.field.replace(/^items\./, ''), rowErrorText({ field: d.field.replace(/^items\./, ''), constraint: d.constraint })])));
      if (details.length === 0) setGeneral(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" data-testid="score-form">
      <h3>松江区首席技师选拔与培养专家评审表：{item.name}（{item.employerName}，{item.occupation}）</h3>
      {(item.achievements || item.awards || item.patents) && (
        <p class="hint">
          {item.achievements && <>主要业绩：{item.achievements}；</>}
          {item.awards && <>获奖：{item.awards}；</>}
          {item.patents && <>专利：{item.patents}</>}
        </p>
      )}
      {general && (
        <div class="notice error" role="alert">
          {general}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <table>
          <thead>
            <tr>
              <th>要素</th>
              <th>评分内容</th>
              <th class="num">分值</th>
              <th>得分</th>
            </tr>
          </thead>
          <tbody>
            {ITEMS.map((i) => (
              <tr class={errors[i.key] ? 'overdue' : ''}>
                <td>{i.key}</td>
                <td>{i.text}</td>
                <td class="num">{i.max}</td>
                <td data-field={i.key}>
                  <input
                    name={i.key}
                    aria-label={`${i.key} 得分（0–${i.max}）`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={i.max}
                    step={1}
                    value={values[i.key]}
                    onInput={(e) => setValues((v) => ({ ...v, [i.key]: (e.currentTarget as HTMLInputElement).value }))}
                    style="max-width: 90px"
                  />
                  {errors[i.key] && <div class="field-error">{errors[i.key]}</div>}
                </td>
              </tr>
            ))}
            <tr>
              <td colSpan={2}>小计</td>
              <td class="num">100</td>
              <td data-testid="sheet-total">{total}</td>
            </tr>
          </tbody>
        </table>
        <label class={`field${errors.opinion ? ' invalid' : ''}`} data-field="opinion">
          <span>专家总体评价意见</span>
          <textarea name="opinion" value={opinion} onInput={(e) => setOpinion((e.currentTarget as HTMLTextAreaElement).value)} />
          {errors.opinion && <div class="field-error">{errors.opinion}</div>}
        </label>
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            {busy ? '正在提交…' : '保存评分'}
          </button>
          <button type="button" onClick={onCancel}>
            取消
          </button>
        </div>
      </form>
    </section>
  );
}

// ------------------------------------------------------------------ the office

export function OfficeReviewPage({ roundId }: { roundId?: string }) {
  if (!roundId) {
    return (
      <>
        <h2>专家评审与命名认定</h2>
        <RoundPicker base="/review" />
      </>
    );
  }
  return <OfficeRound roundId={roundId} />;
}

function OfficeRound({ roundId }: { roundId: string }) {
  const round = useLoad<RoundView>(`/rounds/${roundId}`);
  const experts = useLoad<RoundExpertsView>(`/rounds/${roundId}/experts`);
  const table = useLoad<ScoreTable>(`/rounds/${roundId}/scores`);
  const list = useLoad<PublicityList>(`/rounds/${roundId}/publicity-list`);
  const action = useAction();
  const reload = () => {
    round.reload();
    experts.reload();
    table.reload();
    list.reload();
  };
  if (!round.data || !experts.data || !table.data || !list.data) return <Loading error={round.error ?? experts.error ?? table.error ?? list.error} />;
  const status = round.data.status;
  return (
    <>
      <h2>
        {round.data.cohort}届首席技师评审（名额 {round.data.quota}）<span class="badge" data-testid="round-status">{label(ROUND_STATUS, status)}</span>
      </h2>
      <Notice outcome={action.outcome} />
      <ExpertAssignment roundId={roundId} view={experts.data} open={!table.data.scoringClosed} action={action} onChange={reload} />
      <ScoreTableCard roundId={roundId} table={table.data} quota={round.data.quota} action={action} onChange={reload} />
      {(status === 'shortlisted' || status === 'publicity' || status === 'named') && <PublicityCard roundId={roundId} status={status} list={list.data} action={action} onChange={reload} />}
    </>
  );
}

type Action = ReturnType<typeof useAction>;

function ExpertAssignment({ roundId, view, open, action, onChange }: { roundId: string; view: RoundExpertsView; open: boolean; action: Action; onChange: () => void }) {
  const all = useLoad<{ items: Array<{ id: string; name: string; disabled: boolean }> }>('/users?role=expert&limit=200');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const selected = chosen ?? view.experts.map((e) => e.id);
  return (
    <section class="card" data-testid="experts">
      <h3>评审专家</h3>
      <DataTable
        rows={view.experts}
        empty="尚未分配评审专家"
        columns={[
          { label: '专家', cell: (e) => e.name },
          { label: '进度', cell: (e) => `已评 ${e.scored} / ${e.toScore}` },
          { label: '纸质评分表', cell: (e) => <button type="button" onClick={() => action.run(() => download(`/rounds/${roundId}/score-sheets/${e.id}`, () => undefined), (r) => `已下载 ${r.fileName}`)}>下载</button> },
        ]}
      />
      {open && all.data && (
        <div class="filters">
          {all.data.items
            .filter((u) => !u.disabled)
            .map((u) => (
              <label>
                <input
                  type="checkbox"
                  style="width:auto"
                  checked={selected.includes(u.id)}
                  onChange={(ev) => setChosen((ev.currentTarget as HTMLInputElement).checked ? [...selected, u.id] : selected.filter((id) => id !== u.id))}
                />{' '}
                {u.name}
              </label>
            ))}
          <button type="button" class="primary" disabled={action.busy} onClick={() => action.run(() => api('PUT', `/rounds/${roundId}/experts`, { expertUserIds: selected }), () => (onChange(), '已保存评审专家'))}>
            保存专家分配
          </button>
        </div>
      )}
    </section>
  );
}

function ScoreTableCard({ roundId, table, quota, action, onChange }: { roundId: string; table: ScoreTable; quota: number; action: Action; onChange: () => void }) {
  const [picked, setPicked] = useState<string[] | null>(null);
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const candidates = table.items.filter((l) => l.stage === 'eligible' || l.stage === 'shortlisted');
  const selection = picked ?? (candidates.some((l) => l.stage === 'shortlisted') ? candidates.filter((l) => l.stage === 'shortlisted') : candidates.slice(0, quota)).map((l) => l.applicationId);
  const canShortlist = table.status === 'scoring_closed' || table.status === 'shortlisted';
  const experts = table.items[0]?.totals ?? [];
  const columns: Column<ScoreTableLine>[] = [
    ...(canShortlist
      ? [
          {
            label: '入围',
            cell: (l: ScoreTableLine) =>
              l.stage === 'eligible' || l.stage === 'shortlisted' ? (
                <input
                  type="checkbox"
                  style="width:auto"
                  aria-label={`入围 ${l.name}`}
                  checked={selection.includes(l.applicationId)}
                  onChange={(ev) => setPicked((ev.currentTarget as HTMLInputElement).checked ? [...selection, l.applicationId] : selection.filter((id) => id !== l.applicationId))}
                />
              ) : null,
          },
        ]
      : []),
    { label: '名次', num: true, cell: (l) => l.rank },
    { label: '姓名', cell: (l) => l.name },
    { label: '身份证号', cell: (l) => l.idNumberMasked },
    { label: '申报单位', cell: (l) => l.employerName },
    { label: '得分', num: true, cell: (l) => l.score.toFixed(2) },
    { label: 'B 技能水平', num: true, cell: (l) => l.scoreB.toFixed(2) },
    { label: 'C 获奖情况', num: true, cell: (l) => l.scoreC.toFixed(2) },
    ...experts.map((e) => ({ label: e.expertName, num: true, cell: (l: ScoreTableLine) => l.totals.find((x) => x.expertId === e.expertId)?.total ?? '—' })),
    { label: '分差', num: true, cell: (l) => <span class={l.spread >= 10 ? 'badge bad' : ''}>{l.spread}</span> },
    { label: '状态', cell: (l) => label(STAGE, l.stage) },
    { label: '', cell: (l) => <button type="button" onClick={() => setOpen(open === l.applicationId ? null : l.applicationId)}>{open === l.applicationId ? '收起' : '分项'}</button> },
  ];
  const shown = open ? table.items.find((l) => l.applicationId === open) : undefined;
  return (
    <section class="card">
      <h3>评分汇总</h3>
      <p class="hint">得分为各专家总分的平均（保留两位小数）；同分时 B 项高者在前，再看 C 项。</p>
      {!table.scoringClosed && (
        <div class="actions">
          <button type="button" class="primary" disabled={action.busy} onClick={() => action.run(() => post(`/rounds/${roundId}/scoring/close`), () => (onChange(), '评分已结束，各专家现在可以看到彼此的评分'))}>
            结束评分
          </button>
        </div>
      )}
      <DataTable rows={table.items} columns={columns} testId="score-table" empty="尚无评分" rowAttrs={(l) => ({ 'data-application': l.applicationId })} />
      {shown && (
        <div data-testid="item-breakdown">
          <h3>{shown.name}：各项平均分</h3>
          <DataTable rows={ITEMS} empty="" columns={[{ label: '要素', cell: (i) => i.key }, { label: '评分内容', cell: (i) => i.text }, { label: '满分', num: true, cell: (i) => i.max }, { label: '平均', num: true, cell: (i) => shown.itemMeans[i.key]?.toFixed(2) }]} />
        </div>
      )}
      {canShortlist && (
        <div>
          <p>
            已选 <b data-testid="picked-count">{selection.length}</b> 人，名额 {quota} 人。超过名额或越过较高分数的申报须写明理由。
          </p>
          <label class="field" data-field="reason">
            <span>理由（需要时填写）</span>
            <textarea value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <button
            type="button"
            class="primary"
            disabled={action.busy || selection.length === 0}
            onClick={() => action.run(() => post(`/rounds/${roundId}/shortlist`, { applicationIds: selection, ...(reason.trim() ? { reason: reason.trim() } : {}) }), () => (setPicked(null), onChange(), `已确定入围名单：${selection.length} 人`))}
          >
            确定入围名单
          </button>
        </div>
      )}
    </section>
  );
}

function PublicityCard({ roundId, status, list, action, onChange }: { roundId: string; status: string; list: PublicityList; action: Action; onChange: () => void }) {
  const [startsOn, setStartsOn] = useState('');
  const [designatedOn, setDesignatedOn] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [objecting, setObjecting] = useState<{ id: string; name: string } | null>(null);
  const [text, setText] = useState('');
  const [upheld, setUpheld] = useState(false);
  const objections = useLoad<{ items: Array<{ id: string; name: string; text: string; upheld: boolean; recordedOn: string }> }>(`/rounds/${roundId}/objections`);
  // The confirmation lists who will be named as the service has it when it opens, not as this page last loaded it.
  const [fresh, setFresh] = useState<PublicityList | null>(null);
  const toName = (confirming && fresh ? fresh : list).items.filter((l) => l.stage === 'publicised');
  const openConfirmation = () =>
    get<PublicityList>(`/rounds/${roundId}/publicity-list`)
      .then((l) => (setFresh(l), setConfirming(true)))
      .catch(() => (setFresh(null), setConfirming(true)));
  return (
    <section class="card" data-testid="publicity">
      <h3>公示</h3>
      {list.startsOn ? (
        <p data-testid="publicity-dates">
          公示时间：<b>{list.startsOn}</b> 至 <b>{list.endsOn}</b>（按国家法定节假日和调休安排计算的工作日）
        </p>
      ) : (
        <div class="filters">
          <label class="field" data-field="startsOn">
            <span>公示开始日期</span>
            <input type="date" value={startsOn} onInput={(e) => setStartsOn((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="button" class="primary" disabled={action.busy || !startsOn} onClick={() => action.run(() => post<{ endsOn: string }>(`/rounds/${roundId}/publicity`, { startsOn }), (r) => (onChange(), `公示自 ${startsOn} 起，至 ${r.endsOn} 止`))}>
            开始公示
          </button>
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={() => openHtml(`/rounds/${roundId}/publicity-list?format=html`).catch(() => undefined)}>
          打印公示名单
        </button>
        <button type="button" onClick={() => action.run(() => download(`/rounds/${roundId}/publicity-list?format=xlsx`, () => undefined), (r) => `已下载 ${r.fileName}`)}>
          下载公示名单（Excel）
        </button>
      </div>
      <DataTable
        rows={list.items}
        testId="publicity-list"
        empty="暂无"
        columns={[
          { label: '姓名', cell: (l) => l.name },
          { label: '工作单位', cell: (l) => l.employerName },
          { label: '工种', cell: (l) => l.occupation },
          { label: '技能等级', cell: (l) => label(SKILL_LEVEL, l.skillLevel) },
          { label: '状态', cell: (l) => label(STAGE, l.stage) },
          { label: '', cell: (l) => (status === 'publicity' && l.stage === 'publicised' ? <button type="button" onClick={() => setObjecting({ id: l.applicationId, name: l.name })}>登记异议</button> : null) },
        ]}
      />
      {objecting && (
        <div class="card" data-testid="objection-form">
          <h3>登记异议：{objecting.name}</h3>
          <label class="field" data-field="text">
            <span>异议内容及核实情况</span>
            <textarea value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <label>
            <input type="checkbox" style="width:auto" checked={upheld} onChange={(e) => setUpheld((e.currentTarget as HTMLInputElement).checked)} /> 异议成立（移出名单）
          </label>
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={action.busy || text.trim() === ''}
              onClick={() =>
                action.run(
                  () => post(`/applications/${objecting.id}/objections`, { text: text.trim(), upheld }),
                  () => (setObjecting(null), setText(''), setUpheld(false), objections.reload(), onChange(), upheld ? `异议成立，${objecting.name} 已移出名单` : '已登记异议'),
                )
              }
            >
              保存
            </button>
            <button type="button" onClick={() => setObjecting(null)}>
              取消
            </button>
          </div>
        </div>
      )}
      {objections.data && objections.data.items.length > 0 && (
        <DataTable
          rows={objections.data.items}
          testId="objections"
          empty=""
          columns={[
            { label: '对象', cell: (o) => o.name },
            { label: '内容', cell: (o) => o.text },
            { label: '结论', cell: (o) => (o.upheld ? <span class="badge bad">成立</span> : <span class="badge">不成立</span>) },
            { label: '登记日期', cell: (o) => o.recordedOn },
          ]}
        />
      )}
      {status === 'publicity' && (
        <>
          <h3>命名认定</h3>
          <div class="filters">
            <label class="field" data-field="designatedOn">
              <span>命名认定日期</span>
              <input type="date" value={designatedOn} onInput={(e) => setDesignatedOn((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <button type="button" class="primary" disabled={!designatedOn} onClick={openConfirmation}>
              命名认定…
            </button>
          </div>
          <Confirm
            open={confirming}
            title="确认命名认定"
            confirmText={`命名 ${toName.length} 人`}
            busy={action.busy}
            onCancel={() => setConfirming(false)}
            onConfirm={() =>
              action.run(
                () => post<{ created: number }>(`/rounds/${roundId}/naming`, { designatedOn }),
                (r) => (setConfirming(false), onChange(), `已命名认定 ${r.created} 名首席技师`),
              ).then(() => setConfirming(false))
            }
          >
            <p>
              将以 <b>{designatedOn}</b> 为命名认定日期，为以下 {toName.length} 人各建立一条首席技师认定记录（任期自次月起三年），并通知其所在单位：
            </p>
            <ul data-testid="naming-preview">
              {toName.map((l) => (
                <li>
                  {l.name}（{l.employerName}）
                </li>
              ))}
            </ul>
          </Confirm>
        </>
      )}
    </section>
  );
}

export function ReviewPage({ session, roundId }: { session: Session; roundId?: string }) {
  return session.user.role === 'expert' ? <ExpertReviewPage roundId={roundId} /> : <OfficeReviewPage roundId={roundId} />;
}
