import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { CallOrderSettings } from './CallOrderSettings';
import { CountersEditor } from './CountersEditor';
import { shown } from './figures';
import { PrinterSettings } from './PrinterSettings';
import { ServicesEditor } from './ServicesEditor';
import { useQueueConfig, type QueueConfigData } from './useQueueConfig';

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
      <PriorityCategories categories={config.priorityCategories} />
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

/** Read-only here: who may take a priority ticket (ماده ۴۷ پ). */
function PriorityCategories({ categories }: { categories: QueueConfigData['priorityCategories'] }) {
  const t = fa.managerQueue.priority;
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
              {shown(c.name)} <small className="muted">({c.active ? fa.managerQueue.active : fa.managerQueue.inactive})</small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
