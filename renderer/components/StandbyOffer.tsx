import { useEffect, useRef, useState, type FormEvent } from 'react';
import { promoteAnswer, standbyHere, type PromoteAnswer, type PromoteRequest, type StandbyHere } from '../../core/api/workstation';
import { formatTime } from '../../core/format/jalali';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';
import { CodeField, Field } from './Field';
import { FormError } from './FormFooter';
import { Modal } from './Modal';
import { DialogActions } from './DialogActions';

/** How long the hub must have been silent before the standby offers to take over: a blip or a restart is not a dead PC. */
export const OFFER_AFTER_MS = 20_000;

export interface StandbyBridge {
  standbyHere(): Promise<unknown>;
  promote(request: PromoteRequest): Promise<unknown>;
}

/**
 * On the standby's own counter window, when the link to the hub has been down a while (docs/STANDBY.md
 * § On the desktop): says that this PC keeps a copy and how old it is, and lets the manager make it
 * the office's hub — with their username and password (and authenticator code), checked against the
 * copy by the main process. Elsewhere (no bridge, not the standby, no copy) it shows nothing.
 */
export function StandbyOffer({ bridge, down, afterMs = OFFER_AFTER_MS }: { bridge: StandbyBridge | undefined; down: boolean; afterMs?: number }) {
  const t = fa.standbyOffer;
  const [here, setHere] = useState<StandbyHere>(null);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!bridge || !down) return setHere(null);
    let alive = true;
    const timer = setTimeout(() => {
      // from the main process: checked like any other boundary; none on the hub's own PC
      bridge.standbyHere().then(
        (raw) => alive && setHere(standbyHere.catch(null).parse(raw)),
        () => alive && setHere(null),
      );
    }, afterMs);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [bridge, down, afterMs]);

  if (done) {
    return (
      <div className="standby-offer" role="status">
        {t.done}
      </div>
    );
  }
  if (!bridge || !here) return null;
  const minutes = Math.floor(here.copyAgeSeconds / 60);
  return (
    <div className="standby-offer">
      {t.copyAge(minutes < 1 ? t.lessThanMinute : t.minutes(toPersianDigits(String(minutes))))}{' '}
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t.open}
      </button>
      {open && <PromoteDialog bridge={bridge} here={here} onClose={() => setOpen(false)} onDone={() => setDone(true)} />}
    </div>
  );
}

function PromoteDialog({ bridge, here, onClose, onDone }: { bridge: StandbyBridge; here: NonNullable<StandbyHere>; onClose: () => void; onDone: () => void }) {
  const t = fa.standbyOffer;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [askOtp, setAskOtp] = useState(false);
  const [errors, setErrors] = useState<{ username?: string; password?: string; otp?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const otpField = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const code = toLatinDigits(otp).replace(/\D/g, '');
    const missing = { ...(username.trim() ? {} : { username: t.required }), ...(password ? {} : { password: t.required }), ...(askOtp && code.length !== 6 ? { otp: t.required } : {}) };
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    let answer: PromoteAnswer;
    try {
      answer = promoteAnswer.parse(await bridge.promote({ username: username.trim(), password, ...(askOtp ? { otp: code } : {}) }));
    } catch {
      setBusy(false);
      setFormError(fa.errors.INTERNAL);
      return;
    }
    if (answer.ok) return onDone();
    setBusy(false);
    if (answer.code === 'PROMOTE_OTP_REQUIRED') {
      setAskOtp(true);
      setErrors({ otp: t.errors.PROMOTE_OTP_REQUIRED });
      setTimeout(() => otpField.current?.focus(), 0);
      return;
    }
    setPassword('');
    setFormError(t.errors[answer.code]);
  }

  return (
    <Modal title={t.title} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t.when}</p>
        <p className="form-warning">{t.lost(formatTime(here.copyTakenAt, false))}</p>
        <p>{t.managerOnly}</p>
        <Field label={t.username} autoComplete="username" dir="ltr" value={username} error={errors.username} onChange={(e) => setUsername(e.target.value)} />
        <Field label={t.password} type="password" autoComplete="current-password" dir="ltr" value={password} error={errors.password} onChange={(e) => setPassword(e.target.value)} />
        {askOtp && <CodeField ref={otpField} label={t.otp} hint={t.otpHint} error={errors.otp} value={toPersianDigits(toLatinDigits(otp).replace(/\D/g, '').slice(0, 6))} onChange={(e) => setOtp(e.target.value)} />}
        <FormError error={formError} />
        <DialogActions submit={busy ? t.working : t.submit} enterKey={!busy} disabled={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
