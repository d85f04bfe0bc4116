import { useState, type FormEvent } from 'react';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { badFormat, hubFieldErrors, readWholeNumber, typed, type FieldErrors } from './forms';
import type { QueueConfigData } from './useQueueConfig';
import { SaveButton } from './InlineForm';

type Settings = QueueConfigData['settings'];
const keys = ['normalPerPriority', 'maxWaitMinutes', 'serviceLevelMinutes', 'defaultServiceMinutes', 'noShowAfterRecalls'] as const satisfies ReadonlyArray<keyof Settings>;

/** The call-order rules (core/queue/callOrder.ts) and the report's service-level target. */
export function CallOrderSettings({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { client } = useEnv();
  const [form, setForm] = useState<Record<keyof Settings, string>>(() => ({
    normalPerPriority: typed(settings.normalPerPriority),
    maxWaitMinutes: typed(settings.maxWaitMinutes),
    serviceLevelMinutes: typed(settings.serviceLevelMinutes),
    defaultServiceMinutes: typed(settings.defaultServiceMinutes),
    noShowAfterRecalls: typed(settings.noShowAfterRecalls),
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const t = fa.managerQueue.callOrder;
  const hints = {
    normalPerPriority: t.normalPerPriorityHint,
    maxWaitMinutes: t.maxWaitMinutesHint,
    serviceLevelMinutes: t.serviceLevelMinutesHint,
    defaultServiceMinutes: t.defaultServiceMinutesHint,
    noShowAfterRecalls: t.noShowAfterRecallsHint,
  } satisfies Record<keyof Settings, string>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const values: Partial<Settings> = {};
    const local: FieldErrors = {};
    for (const key of keys) {
      const n = readWholeNumber(form[key]);
      if (n == null) local[key] = n === null ? (fa.fields.invalid_type ?? badFormat()) : badFormat();
      else values[key] = n;
    }
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setMessage({ ok: false, text: fa.errors.INVALID_INPUT });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await client.call('queue.updateSettings', values as Settings);
      setMessage({ ok: true, text: t.saved });
      onSaved();
    } catch (err) {
      setErrors(hubFieldErrors(err));
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="call-order-title">
      <h2 id="call-order-title">{t.title}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="call-order-title">
        <div className="field-row">
          {keys.map((key) => (
            <Field
              key={key}
              label={t[key]}
              hint={hints[key]}
              inputMode="numeric"
              required
              value={form[key]}
              error={errors[key]}
              onChange={(e) => {
                const value = e.target.value;
                setForm((f) => ({ ...f, [key]: value }));
              }}
            />
          ))}
        </div>
        {message && (
          <p className={message.ok ? 'form-notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <div className="form-actions">
          <SaveButton busy={busy} />
        </div>
      </form>
    </section>
  );
}
