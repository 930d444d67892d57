import { useState } from 'preact/hooks';
import { query } from '../api.js';
import type { AuditEventView } from '../api-types.js';
import { AUDIT_ACTION, AUDIT_ENTITY, ChangeTable } from '../find.js';
import { dateTime, label } from '../labels.js';
import { Column, formValues, InputField, PagedTable, SelectField, usePaged } from '../ui.js';

/** Jobs and the system act as `job:<name>` / `system`; users by name. */
function actorText(e: AuditEventView): string {
  if (e.actorName) return e.actorName;
  if (e.actor.startsWith('job:')) return `定时任务（${e.actor.slice(4)}）`;
  if (e.actor === 'system') return '系统';
  return e.actor;
}

const AUDIT_COLUMNS: Column<AuditEventView>[] = [
  { label: '时间', cell: (e) => dateTime(e.at) },
  { label: '操作人', cell: (e) => actorText(e) },
  { label: '操作', cell: (e) => label(AUDIT_ACTION, e.action) },
  { label: '对象', cell: (e) => `${label(AUDIT_ENTITY, e.entityType)}${e.entityType === 'payment_run' ? ` ${e.entityId}` : ''}` },
  { label: '变更', cell: (e) => <ChangeTable before={e.before} after={e.after} /> },
];

export function AuditPage() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const list = usePaged<AuditEventView>(`/audit-events${query(filters)}`, 50);
  return (
    <>
      <h2>审计日志</h2>
      <form class="filters" role="search" onSubmit={(e) => (e.preventDefault(), setFilters(formValues(e.currentTarget as HTMLFormElement)))}>
        <InputField label="人员姓名" name="person" placeholder="姓名中的任意字" />
        <SelectField label="操作" name="action" words={AUDIT_ACTION} blank="全部" />
        <SelectField label="对象类型" name="entityType" words={AUDIT_ENTITY} blank="全部" />
        <button type="submit" class="primary">
          查询
        </button>
      </form>
      <PagedTable list={list} columns={AUDIT_COLUMNS} empty="没有记录。" testId="audit" />
    </>
  );
}

