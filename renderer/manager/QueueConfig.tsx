import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { CallOrderSettings } from './CallOrderSettings';
import { CountersEditor } from './CountersEditor';
import { shown } from './figures';
import { PrinterSettings } from './PrinterSettings';
import { ServicesEditor } from './ServicesEditor';
import { useQueueConfig, type QueueConfigData } from './useQueueConfig';
import { FormError } from '../components/FormFooter';

/** «خدمات و باجه‌ها»: services, counters, the call order, the ticket printer and the priority categories. */
export function QueueConfig() {
  const { config, error, reload } = useQueueConfig();
  const refresh = () => void reload();
  if (!config) return error ? <LoadError text={error} /> : <EmptyState>{fa.common.loading}</EmptyState>;
  return (
    <div className="queue-config">
      {error && <LoadError text={error} />}
      <ServicesEditor services={config.services} onSaved={refresh} />
      <CountersEditor counters={config.counters} services={config.services} onSaved={refresh} />
      <CallOrderSettings settings={config.settings} onSaved={refresh} />
      <PrinterSettings printer={config.printer} onSaved={refresh} />
      <PriorityCategories categories={config.priorityCategories} onSaved={refresh} />
    </div>
  );
}

/** The ticket printer on its own, for «تنظیمات» (where the printer errors tell the manager to look). */
export function TicketPrinterSettings() {
  const { config, error } = useQueueConfig();
  if (!config) return error ? <LoadError text={error} /> : <EmptyState>{fa.common.loading}</EmptyState>;
  return <PrinterSettings printer={config.printer} />;
}

function LoadError({ text }: { text: string }) {
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}

/** Who may take a priority ticket (ماده ۴۷ پ): add a category, switch one on or off. */
function PriorityCategories({ categories, onSaved }: { categories: QueueConfigData['priorityCategories']; onSaved: () => void }) {
  const t = fa.managerQueue.priority;
  const { client } = useEnv();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(input: { id?: number; name: string; active: boolean }) {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      await client.call('queue.savePriorityCategory', input);
      if (input.id === undefined) setName('');
      onSaved();
    } catch (err) {
      setMessage(err instanceof ApiError && err.code === 'DUPLICATE' ? t.duplicate : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="priority-title">
      <h2 id="priority-title">{t.title}</h2>
      <p className="muted">{t.hint}</p>
      {categories.length === 0 ? (
        <EmptyState>{t.empty}</EmptyState>
      ) : (
        <ul className="priority-list">
          {categories.map((c) => (
            <li key={c.id} className={c.active ? undefined : 'row-quiet'}>
              {shown(c.name)} <small className="muted">({c.active ? fa.managerQueue.active : fa.managerQueue.inactive})</small>{' '}
              <button type="button" className="button button-quiet" disabled={busy} onClick={() => void save({ id: c.id, name: c.name, active: !c.active })}>
                {c.active ? t.deactivate : t.activate}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="priority-add"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save({ name, active: true });
        }}
      >
        <Field label={t.newName} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button" disabled={busy || name.trim().length < 2}>
          {t.add}
        </button>
      </form>
      <FormError error={message} />
    </section>
  );
}
