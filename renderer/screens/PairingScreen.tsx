import { useState, type FormEvent } from 'react';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { CodeField } from '../components/Field';
import { FormError, FormNotice } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/** 12 digits as the manager's screen shows them: three groups of four, left to right. */
export function groupCode(digits: string): string {
  return (digits.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * A screen on another PC of the LAN that the hub does not know yet: the code the manager made for
 * it, and nothing else (docs/SECURITY.md § Devices on the LAN). Persian or Latin digits, spaces or
 * none; Enter pairs.
 */
export function PairingScreen({ notice, onPaired }: { notice?: string | undefined; onPaired: (name: string) => void }) {
  const t = fa.devices;
  const { client, shell, device } = useEnv();
  const [code, setCode] = useState('');
  const action = useAction();
  const digits = toLatinDigits(code).replace(/\D/g, '').slice(0, 12);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const paired = await action.run(() => client.call('auth.pair', { code: digits }));
    if (!paired) return;
    device?.set({ deviceId: paired.deviceId, credential: paired.credential, kind: paired.kind, name: paired.name });
    onPaired(paired.name);
  }

  return (
    <main className="centered-page">
      <form className="card form-card pairing-form" onSubmit={submit} aria-labelledby="pairing-title" noValidate>
        <div className="login-brand">
          <span className="app-name">{fa.appName}</span>
          <span>{fa.shells[shell]}</span>
        </div>
        <h1 id="pairing-title">{t.pairTitle}</h1>
        <FormNotice notice={notice} />
        <p className="muted">{t.pairIntro}</p>
        <CodeField label={t.codeLabel} hint={t.codeHint} value={toPersianDigits(groupCode(digits))} onChange={(e) => setCode(e.target.value)} autoFocus />
        <FormError error={action.error} />
        <button type="submit" className="button button-primary" disabled={action.busy || digits.length !== 12}>
          {action.busy ? t.pairing : t.pair}
        </button>
        <p className="field-hint">{t.certificateNote}</p>
      </form>
    </main>
  );
}
