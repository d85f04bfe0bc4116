import { useState, type FormEvent } from 'react';
import { useEnv } from '../app/api';
import { errorText, fieldErrors } from '../app/errors';
import { Field, CodeField } from '../components/Field';
import { fa } from '../i18n/fa';
import { FormError } from '../components/FormFooter';

/**
 * First run: the office and its manager account. Then the login screen takes over. `needsCode`: the
 * hub does not trust this browser (--require-pairing), so it asks for the one-time code the hub shows
 * on its own console; the setup then pairs this browser, and its credential is kept like a pairing's.
 */
export function SetupScreen({ onDone, needsCode = false }: { onDone: () => void; needsCode?: boolean }) {
  const { client, device } = useEnv();
  const [form, setForm] = useState({ name: '', code: '', city: '', displayName: '', username: '', password: '', repeat: '', setupCode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = fa.setup;

  const bind = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (form.password !== form.repeat) {
      setErrors({ 'manager.passwordRepeat': t.passwordMismatch });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const done = await client.call('setup.createOffice', {
        office: { name: form.name, code: form.code, city: form.city },
        manager: { displayName: form.displayName, username: form.username, password: form.password },
        ...(needsCode ? { setupCode: form.setupCode } : {}),
      });
      if (done.device) device?.set(done.device);
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered-page">
      <form className="card form-card setup-form" onSubmit={submit} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{t.title}</h1>
        <p className="lead">{t.intro}</p>
        {needsCode && (
          <fieldset>
            <legend>{t.setupCodeSection}</legend>
            <p className="muted">{t.setupCodeIntro}</p>
            <CodeField label={t.setupCode} hint={t.setupCodeHint} error={errors['setupCode']} autoFocus {...bind('setupCode')} />
          </fieldset>
        )}
        <fieldset>
          <legend>{t.officeSection}</legend>
          <Field label={t.officeName} hint={t.officeNameHint} error={errors['office.name']} autoFocus={!needsCode} required {...bind('name')} />
          <div className="field-row">
            <Field label={t.officeCode} hint={t.officeCodeHint} error={errors['office.code']} inputMode="numeric" required {...bind('code')} />
            <Field label={t.city} error={errors['office.city']} required {...bind('city')} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.managerSection}</legend>
          <Field label={t.displayName} error={errors['manager.displayName']} required {...bind('displayName')} />
          <Field
            label={t.username}
            hint={t.usernameHint}
            error={errors['manager.username']}
            dir="ltr"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            {...bind('username')}
          />
          <div className="field-row">
            <Field label={t.password} hint={t.passwordHint} error={errors['manager.password']} type="password" dir="ltr" autoComplete="new-password" required {...bind('password')} />
            <Field label={t.passwordRepeat} error={errors['manager.passwordRepeat']} type="password" dir="ltr" autoComplete="new-password" required {...bind('repeat')} />
          </div>
        </fieldset>
        <FormError error={message} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {t.submit}
        </button>
      </form>
    </main>
  );
}
