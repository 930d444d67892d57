import { useState } from 'preact/hooks';
import type { HonourView, OrganizationView, TalentDetail, TalentView } from '../api-types.js';
import { api, get, Page, post, query } from '../api.js';
import { Column, Confirm, DataTable, Field, FormCard, InputField, Loading, Notice, useAction, useApiForm, useLoad } from '../ui.js';

/**
 * 荣誉称号 (issue 15 item 4): the district office and the city office find a
 * person and record or revoke an honour. A craftsman workshop's lead must hold
 * 上海工匠 (SPEC §3.6), so without this page no union could change a lead.
 */

/** The honours the offices record most; any other title may be typed. */
const KNOWN_HONOURS = ['上海工匠', '松江工匠', '上海质量工匠', '全国劳模', '上海市劳模'];

export function HonoursPage({ talentId }: { talentId?: string }) {
  return talentId ? <PersonHonours id={talentId} /> : <FindPerson />;
}

const PERSON_COLUMNS: Column<TalentView>[] = [
  { label: '姓名', cell: (p) => <a href={`#/honours/${p.id}`}>{p.name}</a> },
  { label: '身份证号', cell: (p) => p.idNumberMasked },
  { label: '性别', cell: (p) => (p.gender === 'male' ? '男' : '女') },
  { label: '', cell: (p) => <a href={`#/honours/${p.id}`}>登记或撤销荣誉</a> },
];

function FindPerson() {
  const action = useAction();
  const [found, setFound] = useState<TalentView[] | null>(null);
  const search = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const idNumber = (form.elements.namedItem('idNumber') as HTMLInputElement).value.trim();
    if (!name && !idNumber) {
      action.setOutcome({ kind: 'error', text: '请输入姓名或身份证号' });
      return;
    }
    // An ID number goes in the body, never in the URL (it would stay in logs and history).
    const page = await action.run(() => (idNumber ? post<Page<TalentView>>('/talents/lookup', { idNumber }) : get<Page<TalentView>>(`/talents${query({ name, limit: 50 })}`)));
    if (page) setFound(page.items);
  };
  return (
    <>
      <h2>荣誉称号</h2>
      <p class="hint">查找人员后登记或撤销其荣誉称号（如“上海工匠”）。上海市工匠创新工作室的领衔人须获得“上海工匠”称号，变更领衔人前须先在此登记。</p>
      <form class="filters" onSubmit={search} role="search">
        <InputField label="姓名" name="name" placeholder="姓名" />
        <InputField label="身份证号" name="idNumber" placeholder="完整 18 位" autocomplete="off" />
        <button type="submit" class="primary" disabled={action.busy}>
          查找
        </button>
      </form>
      <Notice outcome={action.outcome} />
      {found && <DataTable rows={found} columns={PERSON_COLUMNS} empty="没有找到此人。人员须先在名册中登记。" testId="people" />}
    </>
  );
}

const HONOUR_FIELDS = ['title', 'certificateNumber', 'awardedOn', 'issuer'] as const;

function PersonHonours({ id }: { id: string }) {
  const person = useLoad<TalentDetail>(`/talents/${id}`);
  const employer = useLoad<OrganizationView>(person.data ? `/organizations/${person.data.employerId}` : null);
  const action = useAction();
  const [revoking, setRevoking] = useState<HonourView | null>(null);
  const [formKey, setFormKey] = useState(0);
  const form = useApiForm(
    HONOUR_FIELDS,
    async (v) => {
      const h = await post<HonourView>(`/talents/${id}/honours`, v);
      return `已为 ${person.data?.name ?? ''} 登记“${h.title}”${h.certificateNumber ? `（证书编号 ${h.certificateNumber}）` : ''}`;
    },
    (text) => {
      action.setOutcome({ kind: 'ok', text });
      setFormKey((k) => k + 1); // a fresh, empty form for the next honour
      person.reload();
    },
  );
  const p = person.data;
  if (!p) return <Loading error={person.error} />;
  const revoke = async () => {
    const h = revoking;
    if (!h) return;
    await action.run(() => api<void>('DELETE', `/talents/${id}/honours/${h.id}`), () => `已撤销 ${p.name} 的“${h.title}”`);
    setRevoking(null);
    person.reload();
  };
  const { errors } = form;
  const columns: Column<HonourView>[] = [
    { label: '称号', cell: (h) => h.title },
    { label: '证书编号', cell: (h) => h.certificateNumber ?? '—' },
    { label: '授予日期', cell: (h) => h.awardedOn },
    { label: '授予单位', cell: (h) => h.issuer ?? '—' },
    { label: '状态', cell: (h) => (h.revoked ? <span class="badge">已撤销</span> : <span class="badge ok">有效</span>) },
    {
      label: '',
      cell: (h) =>
        !h.revoked && (
          <button type="button" class="danger" disabled={action.busy} onClick={() => (action.setOutcome(null), setRevoking(h))}>
            撤销…
          </button>
        ),
    },
  ];
  return (
    <>
      <h2>{p.name} 的荣誉称号</h2>
      <p>
        <a href="#/honours">← 查找其他人员</a>
      </p>
      <section class="card">
        <p>
          身份证号 {p.idNumberMasked} · 工作单位 {employer.data?.name ?? '—'}
        </p>
      </section>
      <Notice outcome={action.outcome} />
      <DataTable rows={p.honours} columns={columns} empty="尚未登记荣誉称号。" testId="honours" rowAttrs={(h) => ({ 'data-honour': h.title })} />
      <FormCard key={formKey} form={form} label="登记荣誉称号" title="登记荣誉称号" submitText="登记" onCancel={() => (location.hash = '#/honours')}>
        <Field label="称号" name="title" error={errors.title}>
          <input name="title" list="known-honours" defaultValue="上海工匠" />
          <datalist id="known-honours">
            {KNOWN_HONOURS.map((t) => (
              <option value={t} />
            ))}
          </datalist>
        </Field>
        <InputField label="证书编号" name="certificateNumber" error={errors.certificateNumber} />
        <InputField label="授予日期" name="awardedOn" error={errors.awardedOn} type="date" />
        <InputField label="授予单位（可选）" name="issuer" error={errors.issuer} placeholder="如 上海市总工会" />
      </FormCard>
      <Confirm open={revoking !== null} title={`撤销 ${p.name} 的“${revoking?.title ?? ''}”？`} confirmText="确认撤销" busy={action.busy} onConfirm={revoke} onCancel={() => setRevoking(null)}>
        <p>撤销后该称号不再有效{revoking?.title === '上海工匠' ? '；此人不能再被选为上海市工匠创新工作室的新领衔人' : ''}。撤销记录保留在名单与审计日志中。</p>
      </Confirm>
    </>
  );
}
