import { api } from '../api.js';
import { formValues, InputField, Notice, useAction } from '../ui.js';

/** Any signed-in user changes their own password; their other sessions and API tokens end, this one stays. */
export function PasswordPage() {
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(form);
    const changed = await action.run(
      async () => (await api('PUT', '/users/me/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }), true),
      () => '密码已修改；您在其他地方的登录和 API 令牌已失效',
    );
    if (changed) form.reset();
  };
  return (
    <>
      <h2>修改密码</h2>
      <Notice outcome={action.outcome} />
      <section class="card">
        <form class="stack" onSubmit={submit}>
          <InputField label="当前密码" name="currentPassword" type="password" autocomplete="current-password" />
          <InputField label="新密码（至少 10 个字符）" name="newPassword" type="password" autocomplete="new-password" />
          <button class="primary" type="submit" disabled={action.busy}>
            保存
          </button>
        </form>
      </section>
    </>
  );
}
