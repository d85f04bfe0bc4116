/**
 * «کارکنان»: the manager registers each person with role, national id and skills certificate
 * (ماده ۸–۱۱, ۳۶ ت), edits them, activates or deactivates them with a reason, and gives a new
 * password. Nobody is deleted: an inactive person stays in the list with when, by whom and why.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { StaffView } from '../../core/api/staff';
import { formatJalaliDateShort } from '../../core/format/jalali';
import { staffRoles, type StaffRole } from '../../core/roles';
import { normalizeInput, toLatinDigits, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { useAction } from '../app/useAction';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { DataTable } from '../components/DataTable';

const t = fa.managerStaff;

/** «1403-05-12» → «۱۴۰۳/۰۵/۱۲» */
const jalaliText = (date: string) => toPersianDigits(date.replaceAll('-', '/'));

type Dialog = { kind: 'active' | 'password'; staff: StaffView };
type Editing = { mode: 'new' } | { mode: 'edit'; staff: StaffView };

export function StaffManager({ meId }: { meId: number | null }) {
  const { client } = useEnv();
  const [staff, setStaff] = useState<StaffView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // the confirmation is where the eyes go next, even when the form was far below the list
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const reload = useCallback(
    () =>
      client.call('staff.list', {}).then(
        (r) => setStaff(r.staff),
        (err: unknown) => setLoadError(errorText(err)),
      ),
    [client],
  );
  useEffect(() => void reload(), [reload]);

  const open = (next: Dialog) => {
    opener.current = document.activeElement as HTMLElement | null;
    setNotice(null);
    setDialog(next);
  };
  const closeDialog = (message?: string) => {
    setDialog(null);
    if (message) {
      setNotice(message);
      void reload();
    }
    opener.current?.focus();
  };

  if (loadError) return <p className="form-error" role="alert">{loadError}</p>;
  if (!staff) return <EmptyState>{fa.common.loading}</EmptyState>;

  return (
    <div className="staff-manager">
      <section className="card" aria-labelledby="staff-title">
        <div className="staff-head">
          <h2 id="staff-title">{t.title}</h2>
          {!editing && (
            <button type="button" className="button button-primary" onClick={() => (setNotice(null), setEditing({ mode: 'new' }))}>
              {t.add}
            </button>
          )}
        </div>
        <p className="muted">{t.intro}</p>
        {notice && (
          <p className="form-notice staff-notice" role="status" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
        <DataTable className="staff-table" columns={[t.columns.name, t.columns.username, t.columns.role, t.columns.nationalId, t.columns.certificate, t.columns.state, t.columns.actions]}>
          {staff.map((s) => (
            <tr key={s.id} className={s.active ? undefined : 'staff-inactive'}>
              <td id={`staff-name-${s.id}`} className="nowrap">
                {s.displayName}
              </td>
              <td>
                <bdi dir="ltr">{s.username}</bdi>
              </td>
              <td className="nowrap">{fa.roles[s.role]}</td>
              <td className="nowrap">{s.nationalId ? toPersianDigits(s.nationalId) : t.none}</td>
              <td>{s.certificate ? t.certificateLine(toPersianDigits(s.certificate.number), s.certificate.issuer, jalaliText(s.certificate.date)) : <span className={s.role === 'manager' ? 'muted' : 'staff-warning'}>{t.noCertificate}</span>}</td>
              <td>
                {s.active ? (
                  <span className="badge badge-ok">{t.active}</span>
                ) : (
                  <>
                    <span className="badge badge-off">{s.deactivatedAt ? t.inactiveSince(formatJalaliDateShort(s.deactivatedAt)) : neverStarted(s) ? t.awaitingCertificate : t.inactive}</span>
                    {(s.deactivatedBy || s.deactivationReason) && (
                      <small className="muted staff-why">{[s.deactivatedBy && t.byWhom(s.deactivatedBy), s.deactivationReason].filter(Boolean).join('؛ ')}</small>
                    )}
                  </>
                )}
              </td>
              <td>
                <div className="staff-actions">
                  {s.id === meId ? (
                    <span className="muted">{t.you}</span>
                  ) : null}
                  <button type="button" className="button" aria-describedby={`staff-name-${s.id}`} onClick={() => (setNotice(null), setEditing({ mode: 'edit', staff: s }))}>
                    {t.edit}
                  </button>
                  {s.id !== meId && (
                    <>
                      {neverStarted(s) ? (
                        // a brand-new account waiting for its certificate: no «activate with a reason», just complete it
                        <button type="button" className="button" aria-describedby={`staff-name-${s.id}`} onClick={() => (setNotice(null), setEditing({ mode: 'edit', staff: s }))}>
                          {t.completeCertificate}
                        </button>
                      ) : (
                        <button type="button" className="button" aria-describedby={`staff-name-${s.id}`} onClick={() => open({ kind: 'active', staff: s })}>
                          {s.active ? t.deactivate : t.activate}
                        </button>
                      )}
                      <button type="button" className="button" aria-describedby={`staff-name-${s.id}`} onClick={() => open({ kind: 'password', staff: s })}>
                        {t.resetPassword}
                      </button>
                    </>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>

      {editing && (
        <StaffForm
          key={editing.mode === 'edit' ? editing.staff.id : 'new'}
          editing={editing}
          onCancel={() => setEditing(null)}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
            void reload();
          }}
        />
      )}

      {dialog?.kind === 'active' && <ActiveDialog staff={dialog.staff} onClose={closeDialog} />}
      {dialog?.kind === 'password' && <PasswordDialog staff={dialog.staff} onClose={closeDialog} />}
    </div>
  );
}

/** Created inactive for want of a certificate and never deactivated by anyone: it has not started yet. */
const neverStarted = (s: StaffView) => !s.active && s.deactivatedAt === null && s.role !== 'manager';

/** The password policy (core/auth/passwordPolicy.ts) as the form shows it, each rule ticked as it is met. */
function PasswordPolicy({ password, username, nationalId }: { password: string; username: string; nationalId: string }) {
  const id = toLatinDigits(nationalId).replace(/\D/g, '');
  const rules: Array<[string, boolean]> = [
    [t.policy.length, password.length >= 8],
    [t.policy.letterAndDigit, /\p{L}/u.test(password) && /\p{Nd}/u.test(password)],
    [t.policy.notUsername, username.trim() === '' || !password.toLowerCase().includes(username.trim().toLowerCase())],
    [t.policy.notNationalId, id.length < 10 || !password.includes(id)],
  ];
  return (
    <ul className="password-policy" aria-label={t.policy.title}>
      {rules.map(([rule, met]) => (
        <li key={rule} className={password && met ? 'policy-met' : undefined}>
          <span aria-hidden="true">{password && met ? '✓' : '•'}</span> {rule}
        </li>
      ))}
    </ul>
  );
}

interface Form {
  displayName: string;
  username: string;
  role: StaffRole;
  nationalId: string;
  number: string;
  issuer: string;
  date: string;
  password: string;
  password2: string;
}

const formOf = (editing: Editing): Form =>
  editing.mode === 'new'
    ? { displayName: '', username: '', role: 'clerk', nationalId: '', number: '', issuer: '', date: '', password: '', password2: '' }
    : {
        displayName: editing.staff.displayName,
        username: editing.staff.username,
        role: editing.staff.role,
        nationalId: editing.staff.nationalId ? toPersianDigits(editing.staff.nationalId) : '',
        number: editing.staff.certificate ? toPersianDigits(editing.staff.certificate.number) : '',
        issuer: editing.staff.certificate?.issuer ?? '',
        date: editing.staff.certificate ? jalaliText(editing.staff.certificate.date) : '',
        password: '',
        password2: '',
      };

function StaffForm({ editing, onCancel, onDone }: { editing: Editing; onCancel: () => void; onDone: (message: string) => void }) {
  const { client } = useEnv();
  const action = useAction();
  const [form, setForm] = useState<Form>(() => formOf(editing));
  const [local, setLocal] = useState<Record<string, string>>({});
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => first.current?.querySelector('input')?.focus(), []);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const isNew = editing.mode === 'new';
  const errors = { ...action.fields, ...local };
  const hasCertificate = [form.number, form.issuer, form.date].every((v) => normalizeInput(v) !== '');
  const startsActive = form.role === 'manager' || hasCertificate;
  // what saving will do, said before the button is pressed
  const outcome = isNew ? (startsActive ? t.willBeActive : t.willBeInactive) : neverStarted(editing.staff) ? (startsActive ? t.willStart : t.stillAwaiting) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setLocal({});
    if (isNew && form.password !== form.password2) {
      setLocal({ password2: fa.fields.passwords_differ! });
      return;
    }
    const blank = [form.number, form.issuer, form.date].every((v) => normalizeInput(v) === '');
    const certificate = blank ? null : { number: form.number, issuer: form.issuer, date: form.date };
    const common = { displayName: form.displayName, role: form.role, nationalId: form.nationalId, certificate };
    if (isNew) {
      const r = await action.run(() => client.call('staff.create', { ...common, username: form.username, password: form.password }));
      if (r) onDone(r.staff.active ? t.created(r.staff.displayName) : t.createdInactive(r.staff.displayName));
    } else {
      const r = await action.run(() => client.call('staff.update', { ...common, staffId: editing.staff.id }));
      if (r) onDone(r.changed.includes('active') && r.staff.active ? t.started(r.staff.displayName) : t.saved(r.staff.displayName));
    }
  }

  return (
    <section className="card staff-form" aria-labelledby="staff-form-title" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h2 id="staff-form-title">{isNew ? t.newTitle : t.editTitle(editing.staff.displayName)}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field-row" ref={first}>
          <Field label={t.displayName} required value={form.displayName} error={errors.displayName} onChange={(e) => set('displayName', e.target.value)} />
          {isNew ? (
            <Field label={t.username} hint={t.usernameHint} dir="ltr" spellCheck={false} autoCapitalize="none" autoComplete="off" required value={form.username} error={errors.username} onChange={(e) => set('username', e.target.value)} />
          ) : (
            <Field label={t.username} dir="ltr" readOnly value={form.username} />
          )}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="staff-role">{t.role}</label>
            <select id="staff-role" value={form.role} onChange={(e) => set('role', e.target.value as StaffRole)}>
              {staffRoles.map((r) => (
                <option key={r} value={r}>
                  {fa.roles[r]}
                </option>
              ))}
            </select>
          </div>
          <Field label={t.nationalId} hint={t.nationalIdHint} inputMode="numeric" dir="ltr" autoComplete="off" required value={form.nationalId} error={errors.nationalId} onChange={(e) => set('nationalId', e.target.value)} />
        </div>
        <fieldset className="staff-certificate">
          <legend>{t.certificateLegend}</legend>
          <p className="field-hint">{t.certificateHint}</p>
          <div className="field-row">
            <Field label={t.certificateNumber} dir="ltr" autoComplete="off" value={form.number} error={errors['certificate.number'] ?? errors.certificate} onChange={(e) => set('number', e.target.value)} />
            <Field label={t.certificateIssuer} value={form.issuer} error={errors['certificate.issuer']} onChange={(e) => set('issuer', e.target.value)} />
            <Field label={t.certificateDate} hint={t.certificateDateHint} dir="ltr" inputMode="numeric" autoComplete="off" value={form.date} error={errors['certificate.date']} onChange={(e) => set('date', e.target.value)} />
          </div>
        </fieldset>
        {isNew && (
          <div className="field-row">
            <div className="staff-password">
              <Field label={t.password} hint={t.initialPasswordHint} type="password" dir="ltr" autoComplete="new-password" required value={form.password} error={errors.password} onChange={(e) => set('password', e.target.value)} />
              <PasswordPolicy password={form.password} username={form.username} nationalId={form.nationalId} />
            </div>
            <Field label={t.passwordAgain} type="password" dir="ltr" autoComplete="new-password" required value={form.password2} error={errors.password2} onChange={(e) => set('password2', e.target.value)} />
          </div>
        )}
        {outcome && (
          <p className={`staff-outcome${startsActive ? ' staff-outcome-active' : ''}`} aria-live="polite">
            {outcome}
          </p>
        )}
        <FormError error={action.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={action.busy}>
            {action.busy ? t.saving : isNew ? t.create : t.save}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}

function ActiveDialog({ staff, onClose }: { staff: StaffView; onClose: (message?: string) => void }) {
  const { client } = useEnv();
  const activating = !staff.active;
  return (
    <ReasonDialog
      title={activating ? t.activateTitle(staff.displayName) : t.deactivateTitle(staff.displayName)}
      note={activating ? t.activateNote : t.deactivateWarning}
      danger={!activating}
      label={t.reason}
      hint={t.reasonHint}
      submit={activating ? t.activate : t.deactivate}
      cancel={t.cancel}
      act={async (reason, run) => ((await run(() => client.call('staff.setActive', { staffId: staff.id, active: activating, reason }))) ? (activating ? t.activated(staff.displayName) : t.deactivated(staff.displayName)) : undefined)}
      onClose={onClose}
    />
  );
}

function PasswordDialog({ staff, onClose }: { staff: StaffView; onClose: (message?: string) => void }) {
  const { client } = useEnv();
  const action = useAction();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setMismatch(password !== again);
    if (password !== again) return;
    const r = await action.run(() => client.call('staff.resetPassword', { staffId: staff.id, password }));
    if (r) onClose(t.passwordSet(staff.displayName));
  }
  return (
    <Modal title={t.passwordTitle(staff.displayName)} onClose={() => onClose()}>
      <form onSubmit={submit} noValidate>
        <p className="dialog-warning">{t.passwordWarning}</p>
        <Field label={t.newPassword} hint={t.passwordHint} type="password" dir="ltr" autoComplete="new-password" required value={password} error={action.fields.password} onChange={(e) => setPassword(e.target.value)} />
        <Field label={t.passwordAgain} type="password" dir="ltr" autoComplete="new-password" required value={again} error={mismatch ? fa.fields.passwords_differ : undefined} onChange={(e) => setAgain(e.target.value)} />
        <FormError error={action.error} />
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={action.busy}>
            {t.resetPassword}
          </button>
          <button type="button" className="button" onClick={() => onClose()}>
            {t.cancel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
