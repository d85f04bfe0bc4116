import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { errorText } from '../app/errors';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { hubFieldErrors, type FieldErrors } from './forms';

/**
 * A row form's saving: the fields' errors, the one sentence under the form, and whether a save is on
 * its way. `refuse` keeps what the form found wrong itself; `save` sends, hands the hub's answer on,
 * and turns a refusal into field errors (a duplicate said in the words given for its field).
 */
export function useRowSave() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refuse = (local: FieldErrors) => {
    setErrors(local);
    setMessage(fa.errors.INVALID_INPUT);
  };
  async function save<T>(call: () => Promise<T>, onSaved: (saved: T) => void, duplicateText: Record<string, string>) {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      onSaved(await call());
    } catch (err) {
      setErrors(hubFieldErrors(err, duplicateText));
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return { errors, message, busy, refuse, save };
}

/** A form opened in place of a table row: its title, its fields, the sentence of what went wrong, «ذخیره» and «انصراف» (Escape too). */
export function InlineForm({ title, busy, message, onSubmit, onCancel, children }: { title: string; busy: boolean; message: string | null; onSubmit: () => void; onCancel: () => void; children: ReactNode }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onCancel();
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={escape} noValidate aria-label={title}>
      <h3>{title}</h3>
      {children}
      <FormError error={message} />
      <div className="form-actions">
        <SaveButton busy={busy} />
        <button type="button" className="button" onClick={onCancel}>
          {fa.managerQueue.cancel}
        </button>
      </div>
    </form>
  );
}

/** «ذخیره», saying «در حال ذخیره…» while the save is on its way (still focusable: a second press does nothing). */
export function SaveButton({ busy }: { busy: boolean }) {
  return (
    <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
      {busy ? fa.managerQueue.saving : fa.common.save}
    </button>
  );
}
