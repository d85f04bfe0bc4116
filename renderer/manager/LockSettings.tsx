import { useEffect, useState, type FormEvent } from 'react';
import { normalizeInput, toPersianDigits } from '../../core/text/digits';
import { useEnv } from '../app/api';
import { useAction } from '../app/useAction';
import { Field } from '../components/Field';
import { FormFooter, FormNotice } from '../components/FormFooter';
import { fa } from '../i18n/fa';

/** «تنظیمات»: after how many idle minutes staff screens lock (0 = never; the key always works). */
export function LockSettings() {
  const t = fa.managerLock;
  const { client } = useEnv();
  const [minutes, setMinutes] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    client.call('office.info', {}).then(
      (o) => setMinutes(toPersianDigits(o.lockAfterMinutes)),
      () => setMinutes(''),
    );
  }, [client]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const text = normalizeInput(minutes ?? '');
    const done = await action.run(() => client.call('office.setLockAfter', { minutes: /^\d+$/.test(text) ? Number(text) : Number.NaN }));
    if (done) setSaved(true);
  }

  return (
    <section className="card" aria-labelledby="lock-settings-title">
      <h2 id="lock-settings-title">{t.title}</h2>
      <p className="muted">{t.hint}</p>
      {minutes !== null && (
        <form onSubmit={submit} noValidate>
          <Field label={t.minutes} hint={t.minutesHint} value={minutes} onChange={(e) => setMinutes(e.target.value)} error={action.fields.minutes} inputMode="numeric" />
          <FormNotice notice={saved && t.saved} />
          <FormFooter error={action.error} busy={action.busy} label={fa.common.save} enterKey={false} />
        </form>
      )}
    </section>
  );
}
