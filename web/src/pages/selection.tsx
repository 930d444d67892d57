import { useState } from 'preact/hooks';
import { api, download, openHtml, post, query, Session } from '../api.js';
import type { ApplicationView, BanView, DesignationPaymentView, DesignationView, RoundView, WorkshopView } from '../api-types.js';
import { APPLICATION_STAGE, CHANNEL, DESIGNATION_STATUS, GRADE, INDUSTRY, label, ROUND_STATUS, shanghaiToday, SKILL_LEVEL } from '../labels.js';
import { Column, DataTable, Field, FormCard, InputField, Loading, Notice, Outcome, PagedTable, SelectField, useAction, useApiForm, useLoad, usePaged } from '../ui.js';

/** 首席技师选拔 (SPEC §3.8 steps 1–3): the employer's applications, the street's or authority's queue, the office's round board. */

const CONTENT_FIELDS = ['occupation', 'skillLevel', 'skillRecognisedBy', 'post', 'industry', 'achievements', 'awards', 'patents', 'team', 'otherTitles', 'employerSupport'] as const;
const PERSON_FIELDS = ['person.name', 'person.idNumber', 'person.phone', 'person.employerId'] as const;

const warningsCell = (a: ApplicationView) =>
  a.warnings.length === 0 ? (
    '—'
  ) : (
    <ul class="warnings" data-testid="warnings">
      {a.warnings.map((w) => (
        <li class="badge warn">{w.message}</li>
      ))}
    </ul>
  );

const BASE_COLUMNS: Column<ApplicationView>[] = [
  { label: '届别', cell: (a) => a.cohort },
  { label: '姓名', cell: (a) => a.name },
  { label: '身份证号', cell: (a) => a.idNumberMasked },
  { label: '工作单位', cell: (a) => a.employerName },
  { label: '推荐方式', cell: (a) => label(CHANNEL, a.channel) },
  { label: '工种 / 等级', cell: (a) => `${a.occupation} / ${label(SKILL_LEVEL, a.skillLevel)}` },
  { label: '所属产业', cell: (a) => label(INDUSTRY, a.industry) },
  { label: '环节', cell: (a) => <span class={`badge ${a.stage === 'ineligible' || a.stage === 'declined' ? 'bad' : a.stage === 'submitted' ? 'warn' : 'ok'}`}>{label(APPLICATION_STAGE, a.stage)}</span> },
  { label: '提示', cell: warningsCell },
];

function PrintButton({ id, onError }: { id: string; onError: (text: string) => void }) {
  return (
    <button type="button" onClick={() => openHtml(`/applications/${id}/form`).catch((e: Error) => onError(e.message))}>
      打印申报表
    </button>
  );
}

/** The 申报表 fields of 003 附件1; `person` fields only when filing for someone new. */
function ApplicationForm(props: {
  title: string;
  initial?: ApplicationView;
  withPerson: boolean;
  /** The office files on a candidate's behalf: it picks the channel and the employer. */
  office?: { employers: Array<{ id: string; name: string }> };
  send: (body: Record<string, unknown>) => Promise<string>;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const form = useApiForm([...CONTENT_FIELDS, ...PERSON_FIELDS, 'channel', 'talentId'], async (v) => {
    const body: Record<string, unknown> = {};
    for (const f of CONTENT_FIELDS) if (v[f] !== undefined) body[f] = v[f];
    if (props.withPerson) body.person = { name: v['person.name'], idNumber: v['person.idNumber'], ...(v['person.phone'] ? { phone: v['person.phone'] } : {}), ...(props.office ? { employerId: v['person.employerId'] } : {}) };
    if (props.office) body.channel = v.channel;
    return props.send(body);
  }, props.onDone);
  const a = props.initial;
  const { errors } = form;
  const text = (name: (typeof CONTENT_FIELDS)[number], caption: string, long = false) => (
    <Field label={caption} name={name} error={errors[name]}>
      {long ? <textarea name={name} defaultValue={(a?.[name] as string | null) ?? ''} /> : <input name={name} defaultValue={(a?.[name] as string | null) ?? ''} />}
    </Field>
  );
  return (
    <FormCard form={form} label={props.title} title={props.title} testId="application-form" submitText="提交" onCancel={props.onCancel}>
      {props.office && (
        <>
          <Field label="推荐方式" name="channel" error={errors.channel}>
            <select name="channel">
              <option value="expert_or_association">专家或社会团体举荐</option>
              <option value="self">个人自荐</option>
              <option value="employer">单位推荐</option>
            </select>
          </Field>
          <Field label="工作单位" name="person.employerId" error={errors['person.employerId']}>
            <select name="person.employerId">
              <option value="">请选择</option>
              {props.office.employers.map((e) => (
                <option value={e.id}>{e.name}</option>
              ))}
            </select>
          </Field>
        </>
      )}
      {props.withPerson && (
        <>
          <InputField label="姓名" name="person.name" error={errors['person.name']} />
          <InputField label="身份证号" name="person.idNumber" error={errors['person.idNumber']} hint="已登记的人员按身份证号认定，不会重复登记" />
          <InputField label="手机号码（可选）" name="person.phone" error={errors['person.phone']} />
        </>
      )}
      {text('occupation', '工种')}
      <SelectField label="最高技能等级" name="skillLevel" words={SKILL_LEVEL} blank="请选择" error={errors.skillLevel} defaultValue={a?.skillLevel ?? ''} />
      {text('skillRecognisedBy', '相当水平的认定单位（技能等级为“相当水平”时填写）')}
      {text('post', '职务（岗位）')}
      <SelectField label="所属产业" name="industry" words={INDUSTRY} blank="请选择" error={errors.industry} defaultValue={a?.industry ?? ''} />
      {text('achievements', '主要业绩与贡献', true)}
      {text('awards', '近五年获奖情况', true)}
      {text('patents', '知识产权（专利）', true)}
      {text('team', '带领团队情况', true)}
      {text('otherTitles', '已认定人才类别')}
      {text('employerSupport', '单位支持措施（工作室/团队、津贴、培训经费）', true)}
    </FormCard>
  );
}

/** The employer: its applications in every round, filing (单位推荐, its own staff) and editing until the window closes. */
export function EmployerApplicationsPage({ session }: { session: Session }) {
  const rounds = useLoad<{ items: RoundView[] }>('/rounds');
  const list = usePaged<ApplicationView>('/applications', 20);
  const [filing, setFiling] = useState<RoundView | null>(null);
  const [editing, setEditing] = useState<ApplicationView | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const today = shanghaiToday();
  const done = (text: string) => (setFiling(null), setEditing(null), setOutcome({ kind: 'ok', text }), list.reload(), rounds.reload());
  const open = (rounds.data?.items ?? []).filter((r) => r.status === 'open' && r.applicationsOpen <= today && today <= r.applicationsClose);
  return (
    <>
      <h2>首席技师申报</h2>
      <Notice outcome={outcome} />
      {!rounds.data ? (
        <Loading error={rounds.error} />
      ) : (
        <DataTable
          rows={rounds.data.items}
          testId="rounds"
          empty="暂无选拔。"
          columns={[
            { label: '届别', cell: (r) => `${r.cohort}年` },
            { label: '申报期', cell: (r) => `${r.applicationsOpen} 至 ${r.applicationsClose}` },
            { label: '本单位已申报', cell: (r) => `${r.total}（单位推荐最多 ${r.employerNominationsMax} 名）` },
            { label: '', cell: (r) => open.includes(r) && <button type="button" class="primary" onClick={() => (setOutcome(null), setEditing(null), setFiling(r))}>申报</button> },
          ]}
        />
      )}
      {filing && (
        <ApplicationForm
          title={`${filing.cohort}年首席技师申报（单位推荐）`}
          withPerson
          send={async (body) => {
            const person = { ...(body.person as object), employerId: session.user.organizationId };
            const a = await post<ApplicationView>(`/rounds/${filing.id}/applications`, { ...body, channel: 'employer', person });
            return `已提交 ${a.name} 的申报${a.warnings.length ? `（提示：${a.warnings.map((w) => w.message).join('；')}）` : ''}`;
          }}
          onDone={done}
          onCancel={() => setFiling(null)}
        />
      )}
      {editing && (
        <ApplicationForm
          title={`修改申报：${editing.name}`}
          initial={editing}
          withPerson={false}
          send={async (body) => {
            await api('PATCH', `/applications/${editing.id}`, body);
            return `已修改 ${editing.name} 的申报`;
          }}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      )}
      <h3>本单位的申报</h3>
      <PagedTable
        list={list}
        testId="applications"
        empty="尚无申报。"
        columns={[
          ...BASE_COLUMNS,
          { label: '推荐意见', cell: (a) => (a.recommendation ? `${a.recommendation.decision === 'recommend' ? '推荐' : '不推荐'}：${a.recommendation.comment ?? ''}` : '—') },
          {
            label: '',
            cell: (a) => (
              <div class="actions">
                {a.stage === 'submitted' && today <= a.editableUntil && a.channel === 'employer' && (
                  <button type="button" onClick={() => (setOutcome(null), setFiling(null), setEditing(a))}>
                    修改
                  </button>
                )}
                <PrintButton id={a.id} onError={(text) => setOutcome({ kind: 'error', text })} />
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The employer's people: their designations, money and annual reviews (日常考查, 003 五(一)), and its workshops' grants. */
export function EmployerPeoplePage() {
  const designations = usePaged<DesignationView>('/designations', 20);
  const workshops = usePaged<WorkshopView>('/workshops', 20);
  const [reviewing, setReviewing] = useState<DesignationView | null>(null);
  const [lines, setLines] = useState<{ title: string; items: DesignationPaymentView[] } | null>(null);
  const action = useAction();
  const showLines = (title: string, path: string) => action.run(async () => setLines({ title, items: (await api<{ items: DesignationPaymentView[] }>('GET', path)).items }));
  return (
    <>
      <h2>本单位首席技师</h2>
      <Notice outcome={action.outcome} />
      {reviewing && (
        <AnnualReviewForm
          designation={reviewing}
          onDone={(text) => (setReviewing(null), action.setOutcome({ kind: 'ok', text }))}
          onCancel={() => setReviewing(null)}
        />
      )}
      <PagedTable
        list={designations}
        testId="my-designations"
        empty="本单位暂无首席技师。"
        columns={[
          { label: '姓名', cell: (d) => d.talentName },
          { label: '届别', cell: (d) => d.cohort },
          { label: '任期', cell: (d) => `${d.termStart} 至 ${d.termEnd}` },
          { label: '状态', cell: (d) => label(DESIGNATION_STATUS, d.status) },
          {
            label: '',
            cell: (d) => (
              <div class="actions">
                <button type="button" onClick={() => (action.setOutcome(null), setReviewing(d))}>
                  登记日常考查
                </button>
                <button type="button" onClick={() => showLines(`${d.talentName} 的津贴发放`, `/designations/${d.id}/payments`)}>
                  津贴发放
                </button>
              </div>
            ),
          },
        ]}
      />
      <h3>本单位工作室</h3>
      <PagedTable
        list={workshops}
        testId="my-workshops"
        empty="本单位暂无工作室。"
        columns={[
          { label: '名称', cell: (w) => w.name },
          { label: '状态', cell: (w) => w.status },
          { label: '', cell: (w) => <button type="button" onClick={() => showLines(`${w.name} 的工作资助`, `/workshops/${w.id}/payments`)}>工作资助</button> },
        ]}
      />
      {lines && (
        <section class="card" aria-label={lines.title}>
          <h3>{lines.title}</h3>
          <DataTable
            rows={lines.items}
            testId="lines"
            empty="暂无发放记录。"
            columns={[
              { label: '发放期', cell: (l) => l.runPeriod ?? '期初' },
              { label: '所属月份', cell: (l) => l.forPeriod },
              { label: '类型', cell: (l) => l.kind },
              { label: '金额（元）', num: true, cell: (l) => yuan(l.amountFen) },
            ]}
          />
        </section>
      )}
    </>
  );
}

function AnnualReviewForm({ designation, onDone, onCancel }: { designation: DesignationView; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    ['year', 'grade', 'reviewedOn'],
    async (v) => {
      await post(`/designations/${designation.id}/annual-reviews`, { year: Number(v.year), grade: v.grade, reviewedOn: v.reviewedOn });
      return `已登记 ${designation.talentName} ${v.year} 年度日常考查：${label(GRADE, v.grade)}`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard form={form} label="登记日常考查" title={<>登记日常考查：{designation.talentName}</>} submitText="提交" onCancel={onCancel}>
      <InputField label="年度" name="year" error={errors.year} inputMode="numeric" defaultValue={shanghaiToday().slice(0, 4)} />
      <SelectField label="考查等次" name="grade" words={GRADE} blank="请选择" error={errors.grade} />
      <InputField label="考查日期" name="reviewedOn" error={errors.reviewedOn} type="date" />
    </FormCard>
  );
}

/** A street or industry authority: the applications waiting for its 推荐意见, and those it has given. */
export function RecommendationsPage() {
  const [stage, setStage] = useState('submitted');
  const list = usePaged<ApplicationView>(`/applications${query({ stage })}`, 20);
  const action = useAction();
  const [comments, setComments] = useState<Record<string, string>>({});
  const decide = (a: ApplicationView, decision: 'recommend' | 'decline') =>
    action.run(
      () => post(`/applications/${a.id}/recommendation`, { decision, comment: comments[a.id] ?? '' }),
      () => `已出具 ${a.name} 的推荐意见：${decision === 'recommend' ? '推荐' : '不推荐'}`,
    ).then(() => list.reload());
  return (
    <>
      <h2>首席技师推荐意见</h2>
      <div class="actions" role="tablist">
        {[
          ['submitted', '待出具'],
          ['recommended', '已推荐'],
          ['declined', '不推荐'],
        ].map(([s, text]) => (
          <button type="button" role="tab" aria-selected={stage === s} class={stage === s ? 'primary' : ''} onClick={() => setStage(s)}>
            {text}
          </button>
        ))}
      </div>
      <Notice outcome={action.outcome} />
      <PagedTable
        list={list}
        testId="recommendation-queue"
        empty="没有申报。"
        columns={[
          ...BASE_COLUMNS,
          { label: '申报日期', cell: (a) => a.filedOn },
          {
            label: '推荐意见',
            cell: (a) =>
              a.stage === 'submitted' ? (
                <div class="actions">
                  <input placeholder="推荐意见" aria-label="推荐意见" value={comments[a.id] ?? ''} onInput={(e) => setComments({ ...comments, [a.id]: (e.currentTarget as HTMLInputElement).value })} />
                  <button type="button" class="primary" disabled={action.busy} onClick={() => decide(a, 'recommend')}>
                    推荐
                  </button>
                  <button type="button" class="danger" disabled={action.busy} onClick={() => decide(a, 'decline')}>
                    不推荐
                  </button>
                </div>
              ) : (
                a.recommendation?.comment ?? '—'
              ),
          },
        ]}
      />
    </>
  );
}

/** The district office: rounds, the board of a round by stage, eligibility (资格审查), bans, the export. */
export function RoundsPage() {
  const rounds = usePaged<RoundView>('/rounds', 20);
  const [selected, setSelected] = useState<RoundView | null>(null);
  const [creating, setCreating] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  return (
    <>
      <h2>首席技师选拔</h2>
      <Notice outcome={outcome} />
      <div class="actions">
        <button type="button" class="primary" onClick={() => (setOutcome(null), setCreating(true))}>
          新建选拔
        </button>
      </div>
      {creating && <RoundForm onDone={(text) => (setCreating(false), setOutcome({ kind: 'ok', text }), rounds.reload())} onCancel={() => setCreating(false)} />}
      <PagedTable
        list={rounds}
        testId="rounds"
        empty="尚无选拔。"
        columns={[
          { label: '届别', cell: (r) => `${r.cohort}年` },
          { label: '名额', num: true, cell: (r) => r.quota },
          { label: '申报期', cell: (r) => `${r.applicationsOpen} 至 ${r.applicationsClose}` },
          { label: '状态', cell: (r) => label(ROUND_STATUS, r.status) },
          { label: '申报数', num: true, cell: (r) => r.total },
          { label: '', cell: (r) => <button type="button" onClick={() => setSelected(r)}>查看</button> },
        ]}
      />
      {selected && <RoundBoard round={selected} key={selected.id} />}
      <BansList />
    </>
  );
}

function RoundForm({ onDone, onCancel }: { onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    ['cohort', 'quota', 'applicationsOpen', 'applicationsClose'],
    async (v) => {
      const r = await post<RoundView>('/rounds', { cohort: v.cohort, applicationsOpen: v.applicationsOpen, applicationsClose: v.applicationsClose, ...(v.quota ? { quota: Number(v.quota) } : {}) });
      return `已新建 ${r.cohort} 年选拔，名额 ${r.quota}`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard form={form} label="新建选拔" title="新建选拔" submitText="新建" onCancel={onCancel}>
      <InputField label="届别（年份）" name="cohort" error={errors.cohort} inputMode="numeric" />
      <InputField label="名额（默认 25）" name="quota" error={errors.quota} inputMode="numeric" />
      <InputField label="申报开始" name="applicationsOpen" error={errors.applicationsOpen} type="date" />
      <InputField label="申报截止" name="applicationsClose" error={errors.applicationsClose} type="date" />
    </FormCard>
  );
}

function RoundBoard({ round }: { round: RoundView }) {
  const board = useLoad<RoundView>(`/rounds/${round.id}`);
  const [stage, setStage] = useState('');
  const list = usePaged<ApplicationView>(`/rounds/${round.id}/applications${query({ stage })}`, 50);
  const [deciding, setDeciding] = useState<ApplicationView | null>(null);
  const [filing, setFiling] = useState(false);
  const employers = useLoad<{ items: Array<{ id: string; name: string }> }>(filing ? '/organizations?kind=employer&limit=200' : null);
  const action = useAction();
  const counts = board.data?.counts ?? {};
  const refresh = (text: string) => (setDeciding(null), setFiling(false), action.setOutcome({ kind: 'ok', text }), list.reload(), board.reload());
  return (
    <section class="card" aria-label={`${round.cohort}年选拔`}>
      <h3>
        {round.cohort}年选拔：共 {board.data?.total ?? '…'} 份申报（名额 {round.quota}）
      </h3>
      <div class="actions" role="tablist" data-testid="stage-counts">
        <button type="button" role="tab" aria-selected={stage === ''} class={stage === '' ? 'primary' : ''} onClick={() => setStage('')}>
          全部 {board.data?.total ?? 0}
        </button>
        {['submitted', 'recommended', 'declined', 'eligible', 'ineligible'].map((s) => (
          <button type="button" role="tab" aria-selected={stage === s} class={stage === s ? 'primary' : ''} onClick={() => setStage(s)}>
            {label(APPLICATION_STAGE, s)} {counts[s] ?? 0}
          </button>
        ))}
        <button type="button" disabled={action.busy} onClick={() => action.run(() => download(`/rounds/${round.id}/export`, () => undefined), (r) => `已导出 ${r.fileName}`)}>
          导出 Excel
        </button>
        <button type="button" onClick={() => (action.setOutcome(null), setDeciding(null), setFiling(true))}>
          代为申报
        </button>
      </div>
      <Notice outcome={action.outcome} />
      {filing && employers.data && (
        <ApplicationForm
          title={`代为申报：${round.cohort}年（专家或社会团体举荐、个人自荐）`}
          withPerson
          office={{ employers: employers.data.items }}
          send={async (body) => {
            const a = await post<ApplicationView>(`/rounds/${round.id}/applications`, body);
            return `已代为提交 ${a.name} 的申报（${label(CHANNEL, a.channel)}）`;
          }}
          onDone={refresh}
          onCancel={() => setFiling(false)}
        />
      )}
      {deciding && (
        <EligibilityForm
          application={deciding}
          onDone={refresh}
          onCancel={() => setDeciding(null)}
        />
      )}
      <PagedTable
        list={list}
        testId="round-applications"
        empty="没有申报。"
        columns={[
          ...BASE_COLUMNS.slice(1),
          { label: '推荐单位', cell: (a) => a.recommenderName },
          { label: '推荐意见', cell: (a) => (a.recommendation ? `${a.recommendation.decision === 'recommend' ? '推荐' : '不推荐'}：${a.recommendation.comment ?? ''}` : '待出具') },
          {
            label: '',
            cell: (a) => (
              <div class="actions">
                {(a.stage === 'recommended' || a.stage === 'declined') && (
                  <button type="button" onClick={() => (action.setOutcome(null), setDeciding(a))}>
                    资格审查
                  </button>
                )}
                <PrintButton id={a.id} onError={(text) => action.setOutcome({ kind: 'error', text })} />
              </div>
            ),
          },
        ]}
      />
    </section>
  );
}

function EligibilityForm({ application, onDone, onCancel }: { application: ApplicationView; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    ['decision', 'reasons', 'falseMaterial'],
    async (v) => {
      const falseMaterial = v.falseMaterial === 'on';
      await post(`/applications/${application.id}/eligibility`, { decision: falseMaterial ? 'ineligible' : v.decision, reasons: v.reasons, falseMaterial });
      return `已登记 ${application.name} 的资格审查${falseMaterial ? '：提供虚假材料，已列入申报禁入名单' : ''}`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard
      form={form}
      label="资格审查"
      title={<>资格审查：{application.name}（{application.employerName}）</>}
      intro={application.warnings.length > 0 && <p class="hint">提示：{application.warnings.map((w) => w.message).join('；')}</p>}
      submitText="提交"
      onCancel={onCancel}
    >
      <Field label="结论" name="decision" error={errors.decision}>
        <select name="decision">
          <option value="eligible">符合条件</option>
          <option value="ineligible">不符合条件</option>
        </select>
      </Field>
      <Field label="理由" name="reasons" error={errors.reasons}>
        <textarea name="reasons" />
      </Field>
      <label class="field">
        <span>
          <input type="checkbox" name="falseMaterial" /> 提供虚假材料（本人{application.channel === 'employer' ? '及推荐单位' : ''}禁止申报三年）
        </span>
      </label>
    </FormCard>
  );
}

function BansList() {
  const list = usePaged<BanView>('/application-bans?active=true', 20);
  return (
    <>
      <h3>申报禁入名单（在禁入期内）</h3>
      <PagedTable
        list={list}
        testId="bans"
        empty="无。"
        columns={[
          { label: '对象', cell: (b) => (b.subject === 'person' ? `${b.name}（${b.idNumberMasked}）` : `单位：${b.employerName}`) },
          { label: '届别', cell: (b) => b.cohort },
          { label: '原因', cell: (b) => b.reason },
          { label: '禁入期', cell: (b) => `${b.startsOn} 至 ${b.endsOn}（不含）` },
        ]}
      />
    </>
  );
}
