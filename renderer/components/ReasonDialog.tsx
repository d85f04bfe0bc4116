import { useState, type FormEvent } from 'react';
import { useAction } from '../app/useAction';
import { Field } from './Field';
import { FormError } from './FormFooter';
import { Modal } from './Modal';

/**
 * A modal that asks for the reason of a consequential act (deactivating a person, revoking a device)
 * before doing it: the reason goes to the hub with the call and into the audit trail. `act` returns
 * the sentence to show once done, or undefined when the call failed (its error is shown here).
 */
export function ReasonDialog(props: {
  title: string;
  note: string;
  /** the act undoes access: the note is a warning and the button red */
  danger: boolean;
  label: string;
  hint: string;
  submit: string;
  cancel: string;
  act: (reason: string, run: ReturnType<typeof useAction>['run']) => Promise<string | undefined>;
  onClose: (message?: string) => void;
}) {
  const action = useAction();
  const [reason, setReason] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await props.act(reason, action.run);
    if (done) props.onClose(done);
  }
  return (
    <Modal title={props.title} onClose={() => props.onClose()}>
      <form onSubmit={submit} noValidate>
        <p className={props.danger ? 'dialog-warning' : 'muted'}>{props.note}</p>
        <Field label={props.label} hint={props.hint} required value={reason} error={action.fields.reason} onChange={(e) => setReason(e.target.value)} />
        <FormError error={action.error} />
        <div className="dialog-actions">
          <button type="submit" className={`button ${props.danger ? 'button-danger' : 'button-primary'}`} disabled={action.busy}>
            {props.submit}
          </button>
          <button type="button" className="button" onClick={() => props.onClose()}>
            {props.cancel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
