import { useRef, useState, type FormEvent } from 'react';
import type { FirstRunBridge } from '../../core/api/bridge';
import type { BackupListAnswer, RestoreErrorCode } from '../../core/api/workstation';
import { formatJalaliDateTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { FirstRunForm, FirstRunStatus } from './FirstRunFrame';

type Generation = Extract<BackupListAnswer, { ok: true }>['generations'][number];
type FieldName = 'from' | 'keyFile';

/** Which field a refusal concerns; the rest are said under the form. */
const errorField: Partial<Record<RestoreErrorCode, FieldName>> = {
  BACKUP_TARGET_MISSING: 'from',
  BACKUP_NONE: 'from',
  RESTORE_KEY_UNREADABLE: 'keyFile',
  BACKUP_WRONG_KEY: 'keyFile',
};

/** A refusal as one Persian sentence: the backup's own (fa.errors), or the first run's. */
function refusalText(code: RestoreErrorCode): string {
  const t = fa.workstation.restoreErrors;
  if (code === 'RESTORE_KEY_UNREADABLE' || code === 'RESTORE_DECIDED') return t[code];
  return fa.errors[code];
}

/** «۱۴۰۵/۰۹/۱۶ ۱۰:۳۰ — ساعتی — ۱۲ پرونده، ۳٫۴ مگابایت» */
function generationText(g: Generation): string {
  const t = fa.workstation;
  const when = g.createdAt ? formatJalaliDateTime(g.createdAt) : toPersianDigits(g.id);
  return t.restoreGeneration(when, g.kind ? t.restoreKinds[g.kind] : '—', toPersianDigits(String(g.pages)), toPersianDigits((g.bytes / 1e6).toFixed(1)).replace('.', '٫'));
}

/**
 * «بازیابی از پشتیبان» on the first run (docs/BACKUP.md § Restore): the backup folder and the office
 * key file, then the folder's generations (newest first, each verified with that key; only a verified
 * one can be chosen, the newest preselected), then the restore; once done this PC starts as the hub.
 * Keyboard first: Enter lists, then Enter restores the chosen one; an error is one Persian sentence
 * beside its field, which gets the focus.
 */
export function RestoreFromBackup({ port, onBack }: { port: FirstRunBridge; onBack: () => void }) {
  const t = fa.workstation;
  const [from, setFrom] = useState('');
  const [keyFile, setKeyFile] = useState('');
  const [generations, setGenerations] = useState<Generation[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'listing' | 'restoring' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refs = { from: useRef<HTMLInputElement>(null), keyFile: useRef<HTMLInputElement>(null) };
  const focus = (field: FieldName) => setTimeout(() => refs[field].current?.focus(), 0);

  const refused = (code: RestoreErrorCode) => {
    const field = errorField[code];
    if (field) {
      setErrors({ [field]: refusalText(code) });
      focus(field);
    } else setFormError(refusalText(code));
  };

  async function list() {
    const found: Partial<Record<FieldName, string>> = {};
    if (!from.trim()) found.from = t.required;
    if (!keyFile.trim()) found.keyFile = t.required;
    setErrors(found);
    setFormError(null);
    setGenerations(null);
    const first = (['from', 'keyFile'] as const).find((f) => found[f]);
    if (first) return focus(first);
    setBusy('listing');
    try {
      const answer = await port.listBackups({ from: from.trim(), keyFile: keyFile.trim() });
      if (!answer.ok) return refused(answer.code);
      setGenerations(answer.generations);
      const usable = answer.generations.find((g) => g.state === 'verified');
      setChosen(usable?.id ?? null);
      if (!usable) setFormError(t.restoreNoneUsable);
    } catch {
      setFormError(fa.errors.INTERNAL);
    } finally {
      setBusy(null);
    }
  }

  async function restore() {
    if (!chosen) return;
    setFormError(null);
    setBusy('restoring');
    try {
      const answer = await port.restore({ from: from.trim(), keyFile: keyFile.trim(), generation: chosen });
      if (!answer.ok) return refused(answer.code);
      setDone(t.restored(formatJalaliDateTime(answer.createdAt), toPersianDigits(String(answer.pages))));
    } catch {
      setFormError(fa.errors.INTERNAL);
    } finally {
      setBusy(null);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    void (generations && chosen ? restore() : list());
  }

  if (done) return <FirstRunStatus text={done} />;

  // a changed folder or key asks for the list again
  const edited = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setGenerations(null);
    setChosen(null);
  };

  return (
    <FirstRunForm id="restore-title" title={t.restoreTitle} intro={t.restoreIntro} onSubmit={submit}>
        <Field ref={refs.from} label={t.restoreFrom} hint={t.restoreFromHint} error={errors.from} value={from} onChange={edited(setFrom)} dir="ltr" autoComplete="off" spellCheck={false} autoFocus required />
        <Field ref={refs.keyFile} label={t.restoreKeyFile} hint={t.restoreKeyFileHint} error={errors.keyFile} value={keyFile} onChange={edited(setKeyFile)} dir="ltr" autoComplete="off" spellCheck={false} required />
        {generations && generations.length > 0 && (
          <fieldset className="first-run-kinds restore-generations">
            <legend>{t.restoreGenerations}</legend>
            <div className="restore-generation-options">
              {generations.map((g) => (
                <label key={g.id} className={g.state === 'verified' ? undefined : 'restore-generation-unusable'}>
                  <input type="radio" name="generation" value={g.id} checked={chosen === g.id} disabled={g.state !== 'verified'} onChange={() => setChosen(g.id)} />
                  <span>{generationText(g)}</span>
                  <small className={g.state === 'verified' ? 'field-hint' : 'field-error'}>{t.restoreStates[g.state]}</small>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <FormError error={formError} />
        <div className="step-actions">
          <button type="submit" className="button button-primary" disabled={busy !== null || (generations !== null && !chosen)}>
            {busy === 'listing' ? t.restoreListing : busy === 'restoring' ? t.restoring : generations ? t.restoreSubmit : t.restoreList} {!busy && <kbd>Enter</kbd>}
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={onBack}>
            {t.back}
          </button>
        </div>
    </FirstRunForm>
  );
}
