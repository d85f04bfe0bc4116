import { useState, type FormEvent } from 'react';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/**
 * First login with a password the manager chose (a new account, a reset): its owner replaces it
 * before anything else — the hub serves nothing more until then. Also the place to leave.
 */
export function ChangePasswordScreen({ name, onChanged, onLogout }: { name: string; onChanged: () => void; onLogout: () => void }) {
  const t = fa.changePassword;
  const { client } = useEnv();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    const done = await action.run(() => client.call('auth.changePassword', { current, next }));
    if (done) onChanged();
  }

  return (
    <main className="centered-page">
      <form className="card form-card login-form" onSubmit={submit} aria-labelledby="change-title" noValidate>
        <h1 id="change-title">{t.title}</h1>
        <p className="muted">{t.why(name)}</p>
        <Field label={t.current} type="password" dir="ltr" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={action.fields.current && t.wrongCurrent} autoFocus />
        <Field label={t.next} hint={t.policy} type="password" dir="ltr" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={action.fields.next} />
        <Field label={t.repeat} type="password" dir="ltr" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} error={mismatch ? fa.fields.not_repeated : undefined} />
        <FormFooter error={action.error} busy={action.busy} label={t.submit} />
        <button type="button" className="button button-quiet" onClick={onLogout}>
          {fa.common.logout}
        </button>
      </form>
    </main>
  );
}
