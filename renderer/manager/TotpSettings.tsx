import { useEffect, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormError, FormFooter, FormNotice } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/** The base32 secret in groups of four, as an authenticator app's «enter a key» screen is easiest typed from. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** The otpauth:// URI as a QR code: an SVG drawn here, shown as a data: image (the CSP's img-src allows data:). */
async function qrImage(uri: string): Promise<string> {
  // level L: the label (the office's name, percent-encoded) makes the URI long; fewer modules read easier off a screen
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

type Enrolment = { secret: string; qr: string | null };

/**
 * «تنظیمات»: TOTP for the manager's own account (docs/SECURITY.md § TOTP). Start → the QR code and
 * the key for typing by hand → the app's first code turns it on. Turning it off needs the password
 * and a current code.
 */
export function TotpSettings() {
  const t = fa.managerTotp;
  const { client } = useEnv();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();

  useEffect(() => {
    client.call('auth.totpStatus', {}).then(
      (s) => setEnabled(s.enabled),
      () => setEnabled(false),
    );
  }, [client]);

  async function begin() {
    setNotice(null);
    const begun = await action.run(() => client.call('auth.totpBegin', {}));
    if (!begun) return;
    setCode('');
    setEnrolment({ secret: begun.secret, qr: null });
    qrImage(begun.uri).then(
      (qr) => setEnrolment((e) => (e && e.secret === begun.secret ? { ...e, qr } : e)),
      () => {}, // the key below still works without the picture
    );
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const done = await action.run(() => client.call('auth.totpConfirm', { otp: code.trim() }));
    setCode('');
    if (!done) return;
    setEnrolment(null);
    setEnabled(true);
    setNotice(t.enabled);
  }

  async function disable(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const done = await action.run(() => client.call('auth.totpDisable', { password, otp: code.trim() }));
    setCode('');
    if (!done) return;
    setPassword('');
    setEnabled(false);
    setNotice(t.disabled);
  }

  const cancel = () => {
    setEnrolment(null);
    setCode('');
    action.clear();
  };
  const codeError = action.fields.otp ? fa.fields.invalid_otp : undefined;

  return (
    <section className="card totp-settings" aria-labelledby="totp-title">
      <h2 id="totp-title">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      <FormNotice notice={notice} />
      {enabled === false && !enrolment && (
        <>
          <p>{t.off}</p>
          {action.error && (
            <p className="form-error" role="alert">
              {action.error}
            </p>
          )}
          <div className="step-actions">
            <button type="button" className="button button-primary" onClick={() => void begin()} disabled={action.busy}>
              {t.begin}
            </button>
          </div>
        </>
      )}
      {enrolment && (
        <form onSubmit={confirm} onKeyDown={(e) => e.key === 'Escape' && cancel()} noValidate className="totp-enrol">
          <p>{t.scan}</p>
          <div className="totp-qr">{enrolment.qr ? <img src={enrolment.qr} alt={t.qrAlt} width={260} height={260} /> : <div className="totp-qr-placeholder" aria-hidden="true" />}</div>
          <p className="muted">{t.manual}</p>
          <p className="totp-secret" dir="ltr" translate="no">
            <code>{groupedSecret(enrolment.secret)}</code>
          </p>
          <Field label={t.code} hint={t.codeHint} value={code} onChange={(e) => setCode(e.target.value)} error={codeError} dir="ltr" className="otp-input" inputMode="numeric" autoComplete="one-time-code" maxLength={6} spellCheck={false} autoFocus />
          <FormError error={codeError ? null : action.error} />
          <div className="step-actions">
            <button type="submit" className="button button-primary" disabled={action.busy}>
              {t.confirm} <kbd>Enter</kbd>
            </button>
            <button type="button" className="button button-quiet" onClick={cancel}>
              {t.cancel} <kbd>Esc</kbd>
            </button>
          </div>
        </form>
      )}
      {enabled === true && (
        <>
          <p>{t.on}</p>
          <p className="muted">{t.keepPhone}</p>
          <form onSubmit={disable} noValidate aria-labelledby="totp-disable-title" className="totp-disable">
            <h3 id="totp-disable-title">{t.disableTitle}</h3>
            <p className="muted">{t.disableHint}</p>
            <Field label={t.password} type="password" dir="ltr" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={action.fields.password ? t.wrongPassword : undefined} />
            <Field label={fa.login.otp} value={code} onChange={(e) => setCode(e.target.value)} error={codeError} dir="ltr" className="otp-input" inputMode="numeric" autoComplete="one-time-code" maxLength={6} spellCheck={false} />
            <FormFooter error={action.fields.password || codeError ? null : action.error} busy={action.busy} label={t.disable} />
          </form>
        </>
      )}
    </section>
  );
}
