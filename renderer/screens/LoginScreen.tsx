import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Principal } from '../../core/api/schemas';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { Field } from '../components/Field';
import { Clock } from '../components/Clock';
import { fa } from '../i18n/fa';
import { FormError, FormNotice } from '../components/FormFooter';

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
  /** the hub said this account has TOTP on (OTP_REQUIRED): the code field shows, password kept */
  const [needOtp, setNeedOtp] = useState(false);
  const [otp, setOtp] = useState('');
  const otpRef = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the code field takes the focus when it appears and after a wrong code
  const [otpFocus, setOtpFocus] = useState(0);
  useEffect(() => {
    if (otpFocus) otpRef.current?.focus();
  }, [otpFocus]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      // digits as typed (Persian, Arabic or Latin): the hub normalises them
      const result = await client.call('auth.login', { username, password, ...(needOtp ? { otp: otp.trim() } : {}) });
      onLogin(result);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : null;
      if (code === 'OTP_REQUIRED' || code === 'INVALID_OTP' || (code === 'INVALID_INPUT' && needOtp && err instanceof ApiError && err.fields.some((f) => f.path === 'otp'))) {
        // the password was right: keep it, ask (again) for the code
        setNeedOtp(true);
        setOtp('');
        setOtpFocus((n) => n + 1);
        setMessage(code === 'OTP_REQUIRED' ? null : errorText(code === 'INVALID_OTP' ? err : new ApiError('INVALID_OTP', 'not six digits')));
      } else {
        setPassword('');
        setMessage(errorText(err));
      }
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
        <FormNotice notice={notice} />
        <Field
          label={fa.login.username}
          value={username}
          onChange={(e) => {
            setUsername(e.target.value);
            setNeedOtp(false); // another account may not have TOTP on
          }}
          dir="ltr"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
        />
        <Field label={fa.login.password} value={password} onChange={(e) => setPassword(e.target.value)} type="password" dir="ltr" autoComplete="current-password" required />
        {needOtp && (
          <>
            <p className="form-notice" role="status">
              {fa.errors.OTP_REQUIRED}
            </p>
            <Field
              ref={otpRef}
              label={fa.login.otp}
              hint={fa.login.otpHint}
              value={otp}
              onChange={(e) => setOtp(e.target.value)}
              dir="ltr"
              className="otp-input"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              spellCheck={false}
              required
            />
          </>
        )}
        <FormError error={message} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {fa.login.submit}
        </button>
      </form>
    </main>
  );
}
