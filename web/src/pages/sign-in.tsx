import { useState } from 'preact/hooks';
import { api, ApiError, Session } from '../api.js';
import { formValues, InputField } from '../ui.js';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (!values.username || !values.password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Session>('POST', '/sessions', { username: values.username, password: values.password }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError('用户名或密码不正确');
      else if (e instanceof ApiError && e.status === 429) setError('密码错误次数过多，请稍后再试');
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="signin stack" onSubmit={submit}>
      <h1>松江区首席技师与工匠创新工作室管理</h1>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <InputField label="用户名" name="username" autocomplete="username" required />
      <InputField label="密码" name="password" type="password" autocomplete="current-password" required />
      <button class="primary" type="submit" disabled={busy}>
        {busy ? '正在登录…' : '登录'}
      </button>
      <p class="hint">账号和密码由区协调小组办公室设置。</p>
    </form>
  );
}
