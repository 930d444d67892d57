import { useState } from 'preact/hooks';
import type { NotificationView, OrganizationView } from '../api-types.js';
import { api, post } from '../api.js';
import { dateTime, label, ROLE } from '../labels.js';
import { Field, FormCard, Loading, Notice, PagedTable, useAction, useApiForm, useLoad, usePaged } from '../ui.js';

const STATUS: Record<string, string> = { failed: '发送失败', pending: '待发送', sent: '已发送' };
const TABS = ['failed', 'pending', 'sent'] as const;
const OFFICE_KIND: Record<string, string> = { district_office: '区协调小组办公室', city_office: '市工匠创新工作室创建命名办公室' };

function recipientText(n: NotificationView): string {
  if (n.to.length > 0) return n.to.join('，');
  const r = n.recipient;
  if (!r) return '—';
  if (r.role) return `角色：${label(ROLE, r.role)}`;
  return r.organizationName ?? label(OFFICE_KIND, r.organizationKind ?? null);
}

/** What the office must do so that the mail can go out; the fix itself where the console has it. */
function Problem({ n, onEdit }: { n: NotificationView; onEdit: (organizationId: string) => void }) {
  const p = n.addressProblem;
  if (!p) return <>{n.status === 'failed' && n.lastError ? <span class="hint">{n.lastError}</span> : '—'}</>;
  switch (p.code) {
    case 'ORGANIZATION_WITHOUT_CONTACT':
      return p.fixed ? (
        <span data-testid="problem">「{p.organizationName}」已设置联系邮箱，可重新发送</span>
      ) : (
        <span data-testid="problem">
          「{p.organizationName}」未设置联系邮箱{' '}
          <button type="button" onClick={() => onEdit(p.organizationId!)}>
            设置联系邮箱…
          </button>
        </span>
      );
    case 'ROLE_WITHOUT_EMAIL':
      return (
        <span data-testid="problem">
          没有「{label(ROLE, p.role)}」角色的用户设置了邮箱（<a href="#/users">用户</a>）
        </span>
      );
    case 'NO_ORGANIZATION_OF_KIND':
      return <span data-testid="problem">尚未登记「{label(OFFICE_KIND, p.organizationKind)}」单位</span>;
    default:
      return <span data-testid="problem">收件人未记录（早期邮件），无法重新投递</span>;
  }
}

/** PATCH /organizations/{id} with the organisation's contact e-mails, one per line or separated by commas. */
function ContactEmailsForm({ organizationId, onDone, onCancel }: { organizationId: string; onDone: (text: string) => void; onCancel: () => void }) {
  const org = useLoad<OrganizationView>(`/organizations/${organizationId}`);
  const form = useApiForm(
    ['contactEmails'],
    async (v) => {
      const contactEmails = (v.contactEmails ?? '').split(/[\s,，;；]+/).filter((e) => e !== '');
      const saved = await api<OrganizationView>('PATCH', `/organizations/${organizationId}`, { contactEmails });
      return `已为「${saved.name}」设置联系邮箱：${saved.contactEmails.join('，') || '（无）'}`;
    },
    onDone,
  );
  if (!org.data) return <Loading error={org.error} />;
  return (
    <FormCard form={form} label="设置联系邮箱" title={<>「{org.data.name}」的联系邮箱</>} submitText="保存" onCancel={onCancel}>
      <Field label="联系邮箱（每行一个）" name="contactEmails" error={form.errors.contactEmails} hint="发往该单位的邮件寄到这些地址；保存后可重新发送失败的邮件。">
        <textarea name="contactEmails" value={org.data.contactEmails.join('\n')} />
      </Field>
    </FormCard>
  );
}

export function NotificationsPage() {
  const [status, setStatus] = useState<(typeof TABS)[number]>('failed');
  const [editing, setEditing] = useState<string | null>(null);
  const list = usePaged<NotificationView>(`/notifications?status=${status}`, 20);
  const action = useAction();
  const retry = (n: NotificationView) => action.run(() => post<NotificationView>(`/notifications/${n.id}/retry`), (r) => `已重新排队发送：${r.subject}（收件人 ${r.to.join('，')}）`).then(list.reload);
  return (
    <>
      <h2>邮件通知</h2>
      <div class="actions" role="tablist">
        {TABS.map((s) => (
          <button type="button" role="tab" aria-selected={status === s} class={status === s ? 'primary' : ''} onClick={() => setStatus(s)}>
            {STATUS[s]}
          </button>
        ))}
      </div>
      <Notice outcome={action.outcome} />
      {editing && (
        <ContactEmailsForm
          organizationId={editing}
          onDone={(text) => {
            setEditing(null);
            action.setOutcome({ kind: 'ok', text });
            list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <PagedTable
        list={list}
        columns={[
          { label: '时间', cell: (n) => dateTime(n.createdAt) },
          { label: '主题', cell: (n) => n.subject },
          { label: '收件人', cell: (n) => recipientText(n) },
          { label: '状态', cell: (n) => <span class={`badge ${n.status === 'sent' ? 'ok' : n.status === 'failed' ? 'bad' : ''}`}>{STATUS[n.status]}</span> },
          { label: '需处理', cell: (n) => <Problem n={n} onEdit={setEditing} /> },
          {
            label: '',
            cell: (n) =>
              n.status !== 'sent' && (
                <button type="button" class="primary" disabled={action.busy} onClick={() => retry(n)}>
                  重新发送
                </button>
              ),
          },
        ]}
        empty="没有邮件。"
        testId="notifications"
        rowAttrs={(n) => ({ 'data-notification': n.id })}
      />
    </>
  );
}
