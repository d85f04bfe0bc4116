import { useState, type FormEvent } from 'react';
import type { Principal } from '../../core/api/schemas';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { Field } from '../components/Field';
import { Clock } from '../components/Clock';
import { fa } from '../i18n/fa';
import { FormError } from '../components/FormFooter';

export interface LoginResult {
  session: string;
  principal: Principal;
  /** the manager chose this password: the owner replaces it first */
  mustChangePassword: boolean;
}

export function LoginScreen({ officeName, notice, onLogin }: { officeName?: string | undefined; notice?: string | undefined; onLogin: (r: LoginResult) => void }) {
  const { client, shell } = useEnv();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await client.call('auth.login', { username, password });
      onLogin(result);
    } catch (err) {
      setPassword('');
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered-page">
      <form className="card form-card login-form" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand">
          <span className="app-name">{fa.appName}</span>
          <span>{fa.shells[shell]}</span>
        </div>
        {officeName && <p className="login-office">{officeName}</p>}
        <Clock className="login-clock" />
        <h1 id="login-title">{fa.login.title}</h1>
        {notice && <p className="form-notice" role="status">{notice}</p>}
        <Field label={fa.login.username} value={username} onChange={(e) => setUsername(e.target.value)} dir="ltr" autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus required />
        <Field label={fa.login.password} value={password} onChange={(e) => setPassword(e.target.value)} type="password" dir="ltr" autoComplete="current-password" required />
        <FormError error={message} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {fa.login.submit}
        </button>
      </form>
    </main>
  );
}
