import { useRef, useState, type FormEvent } from 'react';
import type { FirstRunBridge } from '../../core/api/bridge';
import { parseHubAddress, pairingCodeDigits, workstationKinds, type JoinErrorCode, type WorkstationKind } from '../../core/api/workstation';
import { toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { Field, CodeField } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { groupCode } from './PairingScreen';
import { RestoreFromBackup } from './RestoreFromBackup';
import { FirstRunForm, FirstRunStatus } from './FirstRunFrame';

type Step = { kind: 'choose' } | { kind: 'join' } | { kind: 'restore' } | { kind: 'becomingServer' } | { kind: 'joined'; text: string };
type FieldName = 'address' | 'code' | 'kind' | 'name';

/** Which field an error of joining concerns; the rest are said under the form. */
const errorField: Partial<Record<JoinErrorCode, FieldName>> = {
  JOIN_BAD_ADDRESS: 'address',
  JOIN_UNREACHABLE: 'address',
  JOIN_MALFORMED_CODE: 'code',
  JOIN_CODE_REFUSED: 'code',
  JOIN_CERTIFICATE_MISMATCH: 'code',
  JOIN_KIND_MISMATCH: 'kind',
};

/**
 * The first run of a PC that is neither the office's hub nor joined to one (docs/OFFICE-SETUP.md):
 * it is the hub («سرور دفتر»: today's first-run setup follows), or it joins the office hub with the
 * address and the 12-digit code the manager issued, as a counter, kiosk or board, or it becomes the
 * hub with the data of a backup («بازیابی از پشتیبان», RestoreFromBackup.tsx). Keyboard first:
 * the first choice has the focus, Tab moves in reading order, Enter joins; an error is one Persian
 * sentence beside its field, which gets the focus.
 */
export function FirstRunScreen({ port }: { port: FirstRunBridge }) {
  const t = fa.workstation;
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<WorkstationKind>('counter');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = { address: useRef<HTMLInputElement>(null), code: useRef<HTMLInputElement>(null), kind: useRef<HTMLInputElement>(null), name: useRef<HTMLInputElement>(null) };
  const digits = toLatinDigits(code).replace(/\D/g, '').slice(0, 12);

  const focus = (field: FieldName) => setTimeout(() => refs[field].current?.focus(), 0);

  async function becomeServer() {
    setBusy(true);
    setStep({ kind: 'becomingServer' });
    try {
      await port.becomeHub();
    } catch {
      setBusy(false);
      setStep({ kind: 'choose' });
      setFormError(fa.errors.INTERNAL);
    }
  }

  async function join(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: Partial<Record<FieldName, string>> = {};
    if (!address.trim()) found.address = t.required;
    else if (!parseHubAddress(address)) found.address = t.errors.JOIN_BAD_ADDRESS;
    if (!digits) found.code = t.required;
    else if (!pairingCodeDigits(digits)) found.code = t.errors.JOIN_MALFORMED_CODE;
    if (!name.trim()) found.name = t.required;
    setErrors(found);
    setFormError(null);
    const first = (['address', 'code', 'name'] as const).find((f) => found[f]);
    if (first) return focus(first);
    setBusy(true);
    try {
      const answer = await port.join({ hubAddress: address.trim(), code: digits, kind, name: name.trim() });
      if (answer.ok) return setStep({ kind: 'joined', text: t.joined(t.kinds[answer.kind], answer.name) });
      const text =
        answer.code === 'JOIN_VERSION_MISMATCH'
          ? t.versionMismatch(answer.hubVersion == null ? t.unknownVersion : toPersianDigits(String(answer.hubVersion)), toPersianDigits(String(answer.ourVersion ?? '')))
          : t.errors[answer.code];
      const field = errorField[answer.code];
      if (field) {
        setErrors({ [field]: text });
        focus(field);
      } else setFormError(text);
    } catch {
      setFormError(fa.errors.HUB_UNREACHABLE);
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === 'becomingServer' || step.kind === 'joined') return <FirstRunStatus text={step.kind === 'joined' ? step.text : t.becomingServer} />;

  if (step.kind === 'restore') return <RestoreFromBackup port={port} onBack={() => setStep({ kind: 'choose' })} />;

  if (step.kind === 'choose') {
    return (
      <main className="centered-page">
        <section className="card form-card first-run" aria-labelledby="first-run-title">
          <p className="app-name">{fa.appName}</p>
          <h1 id="first-run-title">{t.choiceTitle}</h1>
          <p className="muted">{t.choiceIntro}</p>
          <div className="first-run-choices">
            <button type="button" className="first-run-choice" onClick={() => void becomeServer()} disabled={busy} autoFocus>
              <strong>{t.server}</strong>
              <span>{t.serverHint}</span>
            </button>
            <button type="button" className="first-run-choice" onClick={() => setStep({ kind: 'join' })} disabled={busy}>
              <strong>{t.join}</strong>
              <span>{t.joinHint}</span>
            </button>
            <button type="button" className="first-run-choice first-run-choice-wide" onClick={() => setStep({ kind: 'restore' })} disabled={busy}>
              <strong>{t.restore}</strong>
              <span>{t.restoreHint}</span>
            </button>
          </div>
          <FormError error={formError} />
        </section>
      </main>
    );
  }

  return (
    <FirstRunForm id="join-title" title={t.joinTitle} intro={t.joinIntro} onSubmit={join}>
        <Field
          ref={refs.address}
          label={t.address}
          hint={t.addressHint}
          error={errors.address}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          required
        />
        <CodeField ref={refs.code} label={t.code} hint={t.codeHint} error={errors.code} value={toPersianDigits(groupCode(digits))} onChange={(e) => setCode(e.target.value)} />
        <fieldset className={`first-run-kinds${errors.kind ? ' first-run-kinds-invalid' : ''}`} aria-describedby={errors.kind ? 'join-kind-error' : undefined}>
          <legend>{t.kind}</legend>
          <div className="first-run-kind-options">
            {workstationKinds.map((k, i) => (
              <label key={k}>
                <input ref={i === 0 ? refs.kind : undefined} type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span>{t.kinds[k]}</span>
                <small className="field-hint">{t.kindHints[k]}</small>
              </label>
            ))}
          </div>
          {errors.kind && (
            <small id="join-kind-error" className="field-error" role="alert">
              {errors.kind}
            </small>
          )}
        </fieldset>
        <Field ref={refs.name} label={t.name} hint={t.nameHint} error={errors.name} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required />
        <FormError error={formError} />
        <div className="step-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t.joining : t.submit} {!busy && <kbd>Enter</kbd>}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              setErrors({});
              setFormError(null);
              setStep({ kind: 'choose' });
            }}
          >
            {t.back}
          </button>
        </div>
    </FirstRunForm>
  );
}
