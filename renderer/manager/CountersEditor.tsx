import { useState } from 'react';
import { useEnv } from '../app/api';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { CheckBox } from './CheckBox';
import { figure, shown } from './figures';
import { badFormat, readWholeNumber, typed } from './forms';
import type { QueueConfigData } from './useQueueConfig';
import { EditableTable } from './EditableTable';
import { InlineForm, useRowSave } from './InlineForm';

type Counter = QueueConfigData['counters'][number];
type Service = QueueConfigData['services'][number];

const serviceLabel = (s: Service) => `${shown(s.prefix)} — ${shown(s.name)}${s.active ? '' : ` (${fa.managerQueue.inactive})`}`;

/** The office's counters and the services each one serves: a table, each row editable in place, and «افزودن باجه». */
export function CountersEditor({ counters, services, onSaved }: { counters: Counter[]; services: Service[]; onSaved: () => void }) {
  const t = fa.managerQueue.counters;
  const mq = fa.managerQueue;
  const byId = new Map(services.map((s) => [s.id, s]));
  const nextNumber = Math.min(99, counters.reduce((max, c) => Math.max(max, c.number), 0) + 1);
  return (
    <EditableTable
      titleId="counters-title"
      title={t.title}
      addLabel={t.add}
      empty={t.empty}
      columns={[t.columns.number, t.columns.active, t.columns.services]}
      actionsHead={t.columns.actions}
      rows={counters}
      rowClassName={(c) => (c.active ? undefined : 'row-quiet')}
      editLabel={(c) => t.editTitle(figure(c.number))}
      cells={(c) => (
        <>
          <th scope="row">{mq.counterName(figure(c.number))}</th>
          <td>{c.active ? mq.active : mq.inactive}</td>
          <td>
            {c.serviceIds.length === 0
              ? t.noServices
              : c.serviceIds
                  .map((id) => byId.get(id))
                  .filter((s): s is Service => s !== undefined)
                  .map((s) => `${shown(s.prefix)} — ${shown(s.name)}`)
                  .join('، ')}
          </td>
        </>
      )}
      form={(counter, done) => (
        <CounterForm
          counter={counter}
          services={services}
          nextNumber={nextNumber}
          onCancel={done.cancel}
          onSaved={(saved) => {
            done.saved(t.saved(figure(saved.number)));
            onSaved();
          }}
        />
      )}
    />
  );
}

interface CounterFormProps {
  counter: Counter | undefined;
  services: Service[];
  nextNumber: number;
  onSaved: (saved: Counter) => void;
  onCancel: () => void;
}

function CounterForm({ counter, services, nextNumber, onSaved, onCancel }: CounterFormProps) {
  const { client } = useEnv();
  const [number, setNumber] = useState(typed(counter?.number ?? nextNumber));
  const [active, setActive] = useState(counter?.active ?? true);
  const [serviceIds, setServiceIds] = useState<ReadonlySet<number>>(() => new Set(counter?.serviceIds ?? []));
  const { errors, message, busy, refuse, save } = useRowSave();
  const t = fa.managerQueue.counters;
  const title = counter ? t.editTitle(figure(counter.number)) : t.newTitle;

  const toggle = (id: number, on: boolean) =>
    setServiceIds((ids) => {
      const next = new Set(ids);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  function submit() {
    const n = readWholeNumber(number);
    if (n == null) return refuse({ number: n === null ? (fa.fields.invalid_type ?? badFormat()) : badFormat() });
    // in the services' own order, so the same choice is always sent the same way
    const ids = services.filter((s) => serviceIds.has(s.id)).map((s) => s.id);
    return save(() => client.call('queue.saveCounter', { ...(counter ? { id: counter.id } : {}), number: n, active, serviceIds: ids }), onSaved, { number: t.duplicateNumber });
  }

  const servicesError = Object.entries(errors).find(([path]) => path.startsWith('serviceIds'))?.[1];

  return (
    <InlineForm title={title} busy={busy} message={message} onSubmit={() => void submit()} onCancel={onCancel}>
      <div className="field-row">
        <Field label={t.number} inputMode="numeric" autoFocus required value={number} error={errors.number} onChange={(e) => setNumber(e.target.value)} />
      </div>
      <CheckBox label={t.active} checked={active} onChange={(e) => setActive(e.target.checked)} />
      <fieldset className="check-group" aria-invalid={servicesError ? true : undefined}>
        <legend>{t.services}</legend>
        {services.length === 0 && <p className="muted">{t.noServicesDefined}</p>}
        {services.map((s) => (
          <CheckBox key={s.id} label={serviceLabel(s)} checked={serviceIds.has(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
        ))}
        {servicesError && (
          <small className="field-error" role="alert">
            {servicesError}
          </small>
        )}
      </fieldset>
    </InlineForm>
  );
}
