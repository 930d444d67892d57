import { useEffect, useState } from 'preact/hooks';
import { api, get, Page, post, query } from '../api.js';
import type { CreatedUser, OrganizationView, UserListItem } from '../api-types.js';
import { label, ROLE } from '../labels.js';
import { Column, Confirm, Field, FormCard, InputField, Notice, Options, PagedTable, useAction, useApiForm, usePaged } from '../ui.js';

/** 用户与登录账号: users, their organisation, passwords and disabling. */

const USER_COLUMNS: Column<UserListItem>[] = [
  { label: '姓名', cell: (u) => u.name },
  { label: '角色', cell: (u) => label(ROLE, u.role) },
  { label: '所属组织', cell: (u) => u.organizationName ?? '—' },
  { label: '用户名', cell: (u) => u.username ?? '—' },
  { label: '电子邮箱', cell: (u) => u.email ?? '—' },
  { label: '可登录', cell: (u) => (u.hasPassword ? '是' : '否') },
  { label: '状态', cell: (u) => (u.disabled ? '已停用' : '正常') },
];

/** Roles bound to one organisation, and the kinds it may be (as the API checks them). */
const ROLE_ORGANIZATION_KINDS: Record<string, string[]> = { assessor: ['street', 'industry_authority', 'district_office'], union: ['union'] };
const USER_FIELDS = ['name', 'role', 'organizationId', 'username', 'email', 'password'] as const;

/** The organisations a user of the role may belong to (empty for roles bound to none). */
function useOrganizationsFor(role: string) {
  const [orgs, setOrgs] = useState<OrganizationView[]>([]);
  useEffect(() => {
    const kinds = ROLE_ORGANIZATION_KINDS[role] ?? [];
    let live = true;
    setOrgs([]);
    Promise.all(kinds.map((kind) => get<Page<OrganizationView>>(`/organizations${query({ kind, limit: 200 })}`)))
      .then((pages) => live && setOrgs(pages.flatMap((p) => p.items)))
      .catch(() => live && setOrgs([]));
    return () => {
      live = false;
    };
  }, [role]);
  return orgs;
}

function CreateUser({ onDone, onCancel }: { onDone: (text: string) => void; onCancel: () => void }) {
  const [role, setRole] = useState('');
  const orgs = useOrganizationsFor(role);
  const bound = ROLE_ORGANIZATION_KINDS[role] !== undefined;
  const form = useApiForm(
    USER_FIELDS,
    async (v) => {
      const u = await post<CreatedUser>('/users', { ...v, organizationId: bound ? v.organizationId : undefined });
      return `已创建用户 ${u.name}（${label(ROLE, u.role)}），登录用户名 ${u.username}。请将初始密码告知本人，并请其登录后修改密码。`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard form={form} label="新建用户" title="新建用户" submitText="创建" onCancel={onCancel}>
      <InputField label="姓名" name="name" error={errors.name} />
      <Field label="角色" name="role" error={errors.role}>
        <select name="role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
          <Options words={ROLE} blank="请选择" />
        </select>
      </Field>
      {bound && (
        <Field label="所属组织" name="organizationId" error={errors.organizationId} hint={role === 'assessor' ? '考核组织单位：街镇、行业主管单位或区协调小组办公室' : '本单位工会或区局（产业）工会'}>
          <select name="organizationId">
            <option value="">请选择</option>
            {orgs.map((o) => (
              <option value={o.id}>{o.name}</option>
            ))}
          </select>
        </Field>
      )}
      <InputField label="登录用户名" name="username" error={errors.username} hint="3–64 个字母、数字或 . _ @ -" autocomplete="off" />
      <InputField label="电子邮箱（接收待办邮件）" name="email" error={errors.email} type="email" />
      <InputField label="初始密码（至少 10 个字符）" name="password" error={errors.password} type="password" autocomplete="new-password" />
    </FormCard>
  );
}

const PASSWORD_FIELDS = ['username', 'password'] as const;

/** The admin sets or resets a user's username and password; the user's sessions and tokens end. */
function ResetPassword({ user, onDone, onCancel }: { user: UserListItem; onDone: (text: string) => void; onCancel: () => void }) {
  const form = useApiForm(
    PASSWORD_FIELDS,
    async (v) => {
      const u = await api<UserListItem>('PUT', `/users/${user.id}/password`, v);
      return `已为 ${u.name} 设置登录账号 ${u.username}；其已登录的会话与 API 令牌已全部失效`;
    },
    onDone,
  );
  const { errors } = form;
  return (
    <FormCard form={form} title={<>重设 {user.name} 的密码</>} submitText="保存" onCancel={onCancel}>
      <InputField label="用户名" name="username" error={errors.username} value={user.username ?? ''} />
      <InputField label="新密码（至少 10 个字符）" name="password" error={errors.password} type="password" autocomplete="new-password" />
    </FormCard>
  );
}

export function UsersPage() {
  const list = usePaged<UserListItem>('/users', 50);
  const action = useAction();
  const [editing, setEditing] = useState<UserListItem | null>(null);
  const [creating, setCreating] = useState(false);
  const [disabling, setDisabling] = useState<UserListItem | null>(null);
  const toggle = async (u: UserListItem) => {
    const changed = await action.run(
      () => api<UserListItem>('PATCH', `/users/${u.id}`, { disabled: !u.disabled }),
      (v) => (v.disabled ? `已停用 ${v.name}：其令牌与会话已全部失效` : `已启用 ${v.name}：需重新签发令牌或登录`),
    );
    setDisabling(null);
    if (changed) list.reload();
  };
  // A form that did its work closes, says so above the list, and the list shows the change.
  const done = (close: () => void) => (text: string) => (close(), action.setOutcome({ kind: 'ok', text }), list.reload());
  return (
    <>
      <h2>用户与登录账号</h2>
      <Notice outcome={action.outcome} />
      {!creating && (
        <div class="actions">
          <button type="button" class="primary" onClick={() => (action.setOutcome(null), setCreating(true))}>
            新建用户…
          </button>
        </div>
      )}
      {creating && <CreateUser onDone={done(() => setCreating(false))} onCancel={() => setCreating(false)} />}
      {editing && <ResetPassword user={editing} onDone={done(() => setEditing(null))} onCancel={() => setEditing(null)} />}
      <PagedTable
        list={list}
        columns={[
          ...USER_COLUMNS,
          {
            label: '',
            cell: (u) => (
              <div class="actions">
                <button type="button" onClick={() => (action.setOutcome(null), setEditing(u))}>
                  {u.hasPassword ? '重设密码' : '设置密码'}
                </button>
                <button type="button" onClick={() => (u.disabled ? toggle(u) : setDisabling(u))} disabled={action.busy}>
                  {u.disabled ? '启用' : '停用…'}
                </button>
              </div>
            ),
          },
        ]}
        empty="没有用户。"
        testId="users"
        rowAttrs={(u) => ({ 'data-user': u.username ?? u.id })}
      />
      <Confirm open={disabling !== null} title={`停用 ${disabling?.name ?? ''}？`} confirmText="确认停用" busy={action.busy} onConfirm={() => disabling && toggle(disabling)} onCancel={() => setDisabling(null)}>
        <p>停用后此人立即无法登录，其已登录的会话与 API 令牌全部失效。可随时重新启用。</p>
      </Confirm>
    </>
  );
}
