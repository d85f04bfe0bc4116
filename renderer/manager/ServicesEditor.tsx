import { Fragment, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';
import { EmptyState } from '../components/EmptyState';
import { Field } from '../components/Field';
import { fa } from '../i18n/fa';
import { CheckBox } from './CheckBox';
import { figure, shown } from './figures';
import { badFormat, hubFieldErrors, readTimeOfDay, readWholeNumber, typed, type FieldErrors } from './forms';
import type { QueueConfigData } from './useQueueConfig';
import { FormError } from '../components/FormFooter';
import { EditableTable } from './EditableTable';

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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = fa.managerQueue.services;
  const title = service ? t.editTitle(shown(service.name)) : t.newTitle;

  const bind = (key: 'name' | 'prefix' | 'sortOrder' | 'dailyCap' | 'opensAt' | 'closesAt') => ({
    value: form[key],
    error: errors[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const sortOrder = readWholeNumber(form.sortOrder);
    const dailyCap = readWholeNumber(form.dailyCap);
    const opensAt = readTimeOfDay(form.opensAt);
    const closesAt = readTimeOfDay(form.closesAt);
    const local: FieldErrors = {};
    if (sortOrder === null) local.sortOrder = fa.fields.invalid_type ?? badFormat();
    else if (sortOrder === undefined) local.sortOrder = badFormat();
    if (dailyCap === undefined) local.dailyCap = badFormat();
    if (opensAt === undefined) local.opensAt = badFormat();
    if (closesAt === undefined) local.closesAt = badFormat();
    if (sortOrder == null || dailyCap === undefined || !opensAt || !closesAt) {
      setErrors(local);
      setMessage(fa.errors.INVALID_INPUT);
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const saved = await client.call('queue.saveService', {
        ...(service ? { id: service.id } : {}),
        name: form.name,
        prefix: form.prefix,
        sortOrder,
        dailyCap,
        opensAt,
        closesAt,
        active: form.active,
      });
      onSaved(saved);
    } catch (err) {
      setErrors(hubFieldErrors(err, { prefix: t.duplicatePrefix }));
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onCancel();
  };

  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={escape} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="field-row">
        <Field label={t.name} autoFocus required {...bind('name')} />
        <Field label={t.prefix} hint={t.prefixHint} required maxLength={3} {...bind('prefix')} />
      </div>
      <div className="field-row">
        <Field label={t.opensAt} hint={t.timeHint} inputMode="numeric" required {...bind('opensAt')} />
        <Field label={t.closesAt} hint={t.timeHint} inputMode="numeric" required {...bind('closesAt')} />
        <Field label={t.dailyCap} hint={t.dailyCapHint} inputMode="numeric" {...bind('dailyCap')} />
        <Field label={t.sortOrder} inputMode="numeric" required {...bind('sortOrder')} />
      </div>
      <CheckBox label={t.active} checked={form.active} onChange={(e) => setForm((f) => ({ ...f, active: e.target.checked }))} />
      <FormError error={message} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
          {busy ? fa.managerQueue.saving : fa.common.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {fa.managerQueue.cancel}
        </button>
      </div>
    </form>
  );
}
