import { useState } from 'preact/hooks';
import { query } from '../api.js';
import type { DesignationDetail, DesignationView } from '../api-types.js';
import { LEDGER_COLUMNS, LedgerLine, whoFilter } from '../find.js';
import { DESIGNATION_STATUS, label, yuan } from '../labels.js';
import { Column, DataTable, formValues, InputField, Loading, PagedTable, SelectField, useLoad, usePaged } from '../ui.js';
import { ProposeAdjustment } from './adjustments.js';
import { AssessmentsPage } from './assessor.js';

/** 首席技师名册: the register, and one designation with its history, money and assessments. */

function statusBadge(status: string) {
  return <span class={`badge ${status === 'active' ? 'ok' : status === 'suspended' ? 'bad' : ''}`}>{label(DESIGNATION_STATUS, status)}</span>;
}

const DESIGNATION_COLUMNS: Column<DesignationView>[] = [
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
  const list = usePaged<DesignationView>(nobody ? null : `/designations${query(filters)}`, 20);
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
        <InputField label="姓名或身份证号" name="who" placeholder="姓名中的任意字，或完整身份证号" autocomplete="off" />
        <SelectField label="状态" name="status" words={DESIGNATION_STATUS} blank="全部" />
        <InputField label="届别" name="cohort" placeholder="如 2024" inputMode="numeric" />
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

export function DesignationPage({ id }: { id: string }) {
  const designation = useLoad<DesignationDetail>(`/designations/${id}`);
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
