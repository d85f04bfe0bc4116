import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/**
 * «تنظیمات»: the office's Dynamic Web TWAIN licence key, for TWAIN/WIA scanners on Windows PCs (the
 * hub's own and every workstation's; docs/WORKSTATIONS.md § Scanners on the workstation). The key
 * never comes back to a screen: only whether one is set and its last 4 characters.
 */
export function DwtLicenceSettings() {
  const t = fa.managerDwt;
  const { client } = useEnv();
  const [state, setState] = useState<{ set: boolean; tail: string | null } | null>(null);
  const [key, setKey] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const load = useCallback(
    () =>
      client.call('office.dwtLicence', {}).then(
        (s) => setState(s),
        () => setState({ set: false, tail: null }),
      ),
    [client],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function save(value: string, notice: string) {
    setSaved(null);
    const done = await action.run(() => client.call('office.setDwtLicence', { key: value }));
    if (done) {
      setKey('');
      setSaved(notice);
      await load();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void save(key.trim(), t.saved);
  }

  return (
    <section className="card" aria-labelledby="dwt-licence-title">
      <h2 id="dwt-licence-title">{t.title}</h2>
      <p className="muted">{t.hint}</p>
      {state !== null && (
        <form onSubmit={submit} noValidate>
          <p role="note">
            {state.set && state.tail ? (
              <>
                {t.current} <bdi dir="ltr">…{state.tail}</bdi>
              </>
            ) : (
              t.none
            )}
          </p>
          <Field label={t.key} hint={t.keyHint} value={key} onChange={(e) => setKey(e.target.value)} error={action.fields.key} dir="ltr" autoComplete="off" spellCheck={false} />
          {saved && (
            <p className="form-notice" role="status">
              {saved}
            </p>
          )}
          <FormFooter error={action.error} busy={action.busy} label={fa.common.save} enterKey={false} />
          {state.set && (
            <button type="button" className="button button-quiet" disabled={action.busy} onClick={() => void save('', t.cleared)}>
              {t.clear}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
