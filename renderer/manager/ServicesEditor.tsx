import { useState } from 'react';
import { useEnv } from '../app/api';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { CheckBox } from './CheckBox';
import { figure, shown } from './figures';
import { badFormat, readTimeOfDay, readWholeNumber, typed, type FieldErrors } from './forms';
import type { QueueConfigData } from './useQueueConfig';
import { EditableTable } from './EditableTable';
import { InlineForm, useRowSave } from './InlineForm';

type Service = QueueConfigData['services'][number];

/** The office's services: a table, each row editable in place, and «افزودن خدمت». */
export function ServicesEditor({ services, onSaved }: { services: Service[]; onSaved: () => void }) {
  const t = fa.managerQueue.services;
  const mq = fa.managerQueue;
  const nextSortOrder = Math.min(1000, services.reduce((max, s) => Math.max(max, s.sortOrder), 0) + 10);
  return (
    <EditableTable
      titleId="services-title"
      title={t.title}
      addLabel={t.add}
      empty={t.empty}
      columns={[t.columns.prefix, t.columns.name, t.columns.hours, t.columns.dailyCap, t.columns.sortOrder, t.columns.active]}
      actionsHead={t.columns.actions}
      rows={services}
      rowClassName={(s) => (s.active ? undefined : 'row-quiet')}
      editLabel={(s) => t.editTitle(shown(s.name))}
      cells={(s) => (
        <>
          <td>
            <span className="service-prefix">{shown(s.prefix)}</span>
          </td>
          <th scope="row">{shown(s.name)}</th>
          <td>{t.hours(typed(s.opensAt), typed(s.closesAt))}</td>
          <td>{s.dailyCap === null ? t.noCap : figure(s.dailyCap)}</td>
          <td>{figure(s.sortOrder)}</td>
          <td>{s.active ? mq.active : mq.inactive}</td>
        </>
      )}
      form={(service, done) => (
        <ServiceForm
          service={service}
          nextSortOrder={nextSortOrder}
          onCancel={done.cancel}
          onSaved={(saved) => {
            done.saved(t.saved(shown(saved.name)));
            onSaved();
          }}
        />
      )}
    />
  );
}

interface ServiceFormProps {
  service: Service | undefined;
  nextSortOrder: number;
  onSaved: (saved: Service) => void;
  onCancel: () => void;
}

function ServiceForm({ service, nextSortOrder, onSaved, onCancel }: ServiceFormProps) {
  const { client } = useEnv();
  const [form, setForm] = useState({
    name: service?.name ?? '',
    prefix: service?.prefix ?? '',
    sortOrder: typed(service?.sortOrder ?? nextSortOrder),
    dailyCap: typed(service?.dailyCap ?? null),
    opensAt: typed(service?.opensAt ?? '08:00'),
    closesAt: typed(service?.closesAt ?? '14:00'),
    active: service?.active ?? true,
  });
  const { errors, message, busy, refuse, save } = useRowSave();
  const t = fa.managerQueue.services;
  const title = service ? t.editTitle(shown(service.name)) : t.newTitle;

  const bind = (key: 'name' | 'prefix' | 'sortOrder' | 'dailyCap' | 'opensAt' | 'closesAt') => ({
    value: form[key],
    error: errors[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  function submit() {
    const sortOrder = readWholeNumber(form.sortOrder);
    const dailyCap = readWholeNumber(form.dailyCap);
    const opensAt = readTimeOfDay(form.opensAt);
    const closesAt = readTimeOfDay(form.closesAt, { endOfDay: true });
    const local: FieldErrors = {};
    if (sortOrder === null) local.sortOrder = fa.fields.invalid_type ?? badFormat();
    else if (sortOrder === undefined) local.sortOrder = badFormat();
    if (dailyCap === undefined) local.dailyCap = badFormat();
    if (opensAt === undefined) local.opensAt = badFormat();
    if (closesAt === undefined) local.closesAt = badFormat();
    if (sortOrder == null || dailyCap === undefined || !opensAt || !closesAt) return refuse(local);
    const input = { ...(service ? { id: service.id } : {}), name: form.name, prefix: form.prefix, sortOrder, dailyCap, opensAt, closesAt, active: form.active };
    return save(() => client.call('queue.saveService', input), onSaved, { prefix: t.duplicatePrefix });
  }

  return (
    <InlineForm title={title} busy={busy} message={message} onSubmit={() => void submit()} onCancel={onCancel}>
      <div className="field-row">
        <Field label={t.name} autoFocus required {...bind('name')} />
        <Field label={t.prefix} hint={t.prefixHint} required maxLength={3} {...bind('prefix')} />
      </div>
      <div className="field-row">
        <Field label={t.opensAt} hint={t.timeHint} inputMode="numeric" required {...bind('opensAt')} />
        <Field label={t.closesAt} hint={t.closingHint} inputMode="numeric" required {...bind('closesAt')} />
        <Field label={t.dailyCap} hint={t.dailyCapHint} inputMode="numeric" {...bind('dailyCap')} />
        <Field label={t.sortOrder} inputMode="numeric" required {...bind('sortOrder')} />
      </div>
      <CheckBox label={t.active} checked={form.active} onChange={(e) => setForm((f) => ({ ...f, active: e.target.checked }))} />
    </InlineForm>
  );
}
