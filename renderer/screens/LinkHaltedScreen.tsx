import { useRef, useState, type FormEvent } from 'react';
import { pairingCodeDigits, rejoinAnswer, type LinkState, type RejoinAnswer, type RejoinRequest } from '../../core/api/workstation';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { CodeField } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { groupCode } from './PairingScreen';

type Halted = Extract<LinkState, { status: 'halted' }>;

/**
 * A workstation window whose link to the office hub stopped for good (docs/OFFICE-SETUP.md): this
 * PC was removed from the office, the hub no longer knows it, or the two speak different contract
 * versions. The whole window says so and what to do — never a half-working screen. Removed from the
 * office, the desktop app offers to join again with the manager's new code (`rejoin`: the same hub,
 * name and role); joined, the app starts anew.
 */
export function LinkHaltedScreen({ state, rejoin }: { state: Halted; rejoin?: ((request: RejoinRequest) => Promise<unknown>) | undefined }) {
  const t = fa.workstation;
  const [title, body, next] =
    state.reason === 'incompatible'
      ? [t.incompatibleTitle, t.versionMismatch(state.hubVersion === null ? t.unknownVersion : toPersianDigits(String(state.hubVersion)), toPersianDigits(String(state.ourVersion))), t.incompatibleWhatToDo]
      : state.reason === 'revoked'
        ? [t.revokedTitle, t.revokedBody, rejoin ? t.rejoinWhatToDo : t.revokedWhatToDo]
        : [t.forgottenTitle, t.forgottenBody, rejoin ? t.rejoinWhatToDo : t.revokedWhatToDo];
  return (
    <main className="centered-page link-halted" role="alert" aria-labelledby="link-halted-title">
      <section className="card form-card">
        <p className="app-name">{fa.appName}</p>
        <h1 id="link-halted-title">{title}</h1>
        <p>{body}</p>
        <p>{next}</p>
        {rejoin && state.reason !== 'incompatible' && <RejoinForm rejoin={rejoin} />}
      </section>
    </main>
  );
}

function RejoinForm({ rejoin }: { rejoin: (request: RejoinRequest) => Promise<unknown> }) {
  const t = fa.workstation;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Extract<RejoinAnswer, { ok: true }> | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const digits = toLatinDigits(code).replace(/\D/g, '').slice(0, 12);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setFormError(null);
    const valid = pairingCodeDigits(code);
    if (!valid) {
      setError(t.errors.JOIN_MALFORMED_CODE);
      field.current?.focus();
      return;
    }
    setBusy(true);
    let answer: RejoinAnswer;
    try {
      // from the main process: checked like any other boundary
      answer = rejoinAnswer.parse(await rejoin({ code: valid }));
    } catch {
      setBusy(false);
      setFormError(fa.errors.INTERNAL);
      return;
    }
    if (answer.ok) return setDone(answer);
    setBusy(false);
    const sentence = t.errors[answer.code];
    if (answer.code === 'JOIN_MALFORMED_CODE' || answer.code === 'JOIN_CODE_REFUSED' || answer.code === 'JOIN_CERTIFICATE_MISMATCH' || answer.code === 'JOIN_KIND_MISMATCH') {
      setError(sentence);
      field.current?.focus();
    } else setFormError(sentence);
  }

  if (done) {
    return (
      <p className="rejoin-done" role="status">
        {t.rejoined}
        {done.pagesSetAside > 0 && ` ${t.rejoinPagesSetAside(toPersianDigits(String(done.pagesSetAside)))}`}
      </p>
    );
  }
  return (
    <form className="rejoin-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t.rejoinTitle}>
      <h2>{t.rejoinTitle}</h2>
      <CodeField ref={field} label={t.code} hint={t.codeHint} error={error ?? undefined} value={toPersianDigits(groupCode(digits))} onChange={(e) => setCode(e.target.value)} autoFocus />
      <FormError error={formError} />
      <div className="step-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t.joining : t.rejoin} {!busy && <kbd>Enter</kbd>}
        </button>
      </div>
    </form>
  );
}
