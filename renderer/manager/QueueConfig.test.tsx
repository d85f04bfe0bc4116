import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { QueueConfig } from './QueueConfig';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';
import type { QueueConfigData } from './useQueueConfig';

const s = fa.managerQueue.services;
const c = fa.managerQueue.counters;
const o = fa.managerQueue.callOrder;

function config(over: Partial<QueueConfigData> = {}): QueueConfigData {
  return {
    settings: { normalPerPriority: 2, maxWaitMinutes: 45, serviceLevelMinutes: 15, defaultServiceMinutes: 8, noShowAfterRecalls: 2 },
    printer: { kind: 'none' },
    services: [
      { id: 1, name: 'ثبت‌نام ثنا', prefix: 'ب', sortOrder: 10, dailyCap: null, opensAt: '07:30', closesAt: '14:00', active: true },
      { id: 2, name: 'ابلاغ', prefix: 'الف', sortOrder: 20, dailyCap: 80, opensAt: '08:00', closesAt: '13:00', active: false },
    ],
    counters: [{ id: 1, number: 1, active: true, serviceIds: [1] }],
    priorityCategories: [
      { id: 1, name: 'جانبازان و افراد دارای معلولیت', active: true },
      { id: 2, name: 'سالمندان بالای 70 سال', active: false },
    ],
    ...over,
  };
}

async function renderConfig(script: Script = {}) {
  const env = renderWithHub(<QueueConfig />, { 'queue.config': () => out(config()), ...script });
  await screen.findByRole('table', { name: s.title });
  return env;
}

const type = (label: string, value: string, within_: HTMLElement = document.body) => fireEvent.change(within(within_).getByLabelText(label), { target: { value } });
const rowsOf = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? ''));

describe('QueueConfig — services', () => {
  it('lists the services with their prefix, hours, daily cap, order and state in Persian', async () => {
    await renderConfig();
    expect(rowsOf(s.title)).toEqual([
      ['ب', 'ثبت‌نام ثنا', '۰۷:۳۰ تا ۱۴:۰۰', s.noCap, '۱۰', 'فعال', fa.managerQueue.edit],
      ['الف', 'ابلاغ', '۰۸:۰۰ تا ۱۳:۰۰', '۸۰', '۲۰', 'غیرفعال', fa.managerQueue.edit],
    ]);
  });

  it('adds a service as typed, reading Persian digits, an empty cap as no cap, and then shows the list again', async () => {
    const save = vi.fn<Handler>((input) => out({ id: 3, ...(input as object) }));
    const { callsTo } = await renderConfig({ 'queue.saveService': save });

    fireEvent.click(screen.getByRole('button', { name: s.add }));
    const form = screen.getByRole('form', { name: s.newTitle });
    expect(within(form).getByLabelText(s.name)).toHaveFocus();
    type(s.name, 'گواهی امضا', form);
    type(s.prefix, 'گ', form);
    type(s.opensAt, '۷:۳۰', form);
    type(s.closesAt, '۱۳:۰۰', form);
    type(s.dailyCap, '', form);
    expect(within(form).getByLabelText(s.sortOrder)).toHaveValue('۳۰'); // after the last one
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    expect(await screen.findByRole('status')).toHaveTextContent(s.saved('گواهی امضا'));
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0]![0]).toEqual({ name: 'گواهی امضا', prefix: 'گ', sortOrder: 30, dailyCap: null, opensAt: '07:30', closesAt: '13:00', active: true });
    expect(screen.queryByRole('form', { name: s.newTitle })).not.toBeInTheDocument();
    await waitFor(() => expect(callsTo('queue.config')).toHaveLength(2));
  });

  it('edits a service in place and sends its id with the changed cap and state', async () => {
    const save = vi.fn<Handler>((input) => out(input));
    await renderConfig({ 'queue.saveService': save });

    fireEvent.click(screen.getByRole('button', { name: s.editTitle('ابلاغ') }));
    const form = screen.getByRole('form', { name: s.editTitle('ابلاغ') });
    expect(within(form).getByLabelText(s.dailyCap)).toHaveValue('۸۰');
    type(s.dailyCap, '۱۲۰', form);
    fireEvent.click(within(form).getByLabelText(s.active));
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]![0]).toEqual({ id: 2, name: 'ابلاغ', prefix: 'الف', sortOrder: 20, dailyCap: 120, opensAt: '08:00', closesAt: '13:00', active: true });
  });

  it('shows the hub’s DUPLICATE at the prefix field, keeps the form open, and marks no other field', async () => {
    await renderConfig({ 'queue.saveService': () => fail('DUPLICATE', { fields: [{ path: 'prefix', reason: 'duplicate' }] }) });

    fireEvent.click(screen.getByRole('button', { name: s.add }));
    const form = screen.getByRole('form', { name: s.newTitle });
    type(s.name, 'گواهی امضا', form);
    type(s.prefix, 'ب', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    const prefix = within(form).getByLabelText(s.prefix);
    await waitFor(() => expect(prefix).toHaveAttribute('aria-invalid', 'true'));
    expect(prefix).toHaveAccessibleDescription(s.duplicatePrefix);
    expect(within(prefix.closest('.field') as HTMLElement).getByText(s.duplicatePrefix)).toBeInTheDocument();
    expect(within(form).getByLabelText(s.name)).not.toHaveAttribute('aria-invalid');
    expect(within(form).getByText(fa.errors.DUPLICATE)).toBeInTheDocument();
    expect(within(form).getByLabelText(s.name)).toHaveValue('گواهی امضا');
  });

  it('a service open to the end of the day closes at «۲۴:۰۰»; an opening time cannot be 24:00', async () => {
    const save = vi.fn<Handler>((input) => out({ ...(input as object) }));
    await renderConfig({ 'queue.saveService': save });
    fireEvent.click(screen.getByRole('button', { name: s.editTitle('ثبت‌نام ثنا') }));
    const form = screen.getByRole('form', { name: s.editTitle('ثبت‌نام ثنا') });
    expect(within(form).getByText(s.closingHint)).toBeInTheDocument();
    type(s.opensAt, '۲۴:۰۰', form);
    type(s.closesAt, '۲۴:۰۰', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));
    expect(within(form).getByLabelText(s.opensAt)).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText(s.closesAt)).not.toHaveAttribute('aria-invalid');
    expect(save).not.toHaveBeenCalled();
    type(s.opensAt, '۰۰:۰۰', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));
    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]![0]).toMatchObject({ id: 1, opensAt: '00:00', closesAt: '24:00' });
  });

  it('refuses a time that is not a time of day itself, at its field, without asking the hub', async () => {
    const { callsTo } = await renderConfig({ 'queue.saveService': () => out({}) });

    fireEvent.click(screen.getByRole('button', { name: s.editTitle('ثبت‌نام ثنا') }));
    const form = screen.getByRole('form', { name: s.editTitle('ثبت‌نام ثنا') });
    type(s.opensAt, '۲۵:۰۰', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    expect(within(form).getByLabelText(s.opensAt)).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText(s.closesAt)).not.toHaveAttribute('aria-invalid');
    expect(callsTo('queue.saveService')).toHaveLength(0);
  });

  it('closes the form on Escape without saving and puts the focus back on the button that opened it', async () => {
    const { callsTo } = await renderConfig({ 'queue.saveService': () => out({}) });
    const edit = screen.getByRole('button', { name: s.editTitle('ابلاغ') });
    fireEvent.click(edit);
    expect(edit).toHaveAttribute('aria-expanded', 'true');

    fireEvent.keyDown(screen.getByLabelText(s.name), { key: 'Escape' });

    expect(screen.queryByRole('form', { name: s.editTitle('ابلاغ') })).not.toBeInTheDocument();
    await waitFor(() => expect(edit).toHaveFocus());
    expect(callsTo('queue.saveService')).toHaveLength(0);
  });
});

describe('QueueConfig — counters', () => {
  it('lists each counter with the services it serves', async () => {
    await renderConfig();
    expect(rowsOf(c.title)).toEqual([['باجهٔ ۱', 'فعال', 'ب — ثبت‌نام ثنا', fa.managerQueue.edit]]);
  });

  it('adds a counter with the next number and the services ticked', async () => {
    const save = vi.fn<Handler>((input) => out({ id: 2, ...(input as object) }));
    await renderConfig({ 'queue.saveCounter': save });

    fireEvent.click(screen.getByRole('button', { name: c.add }));
    const form = screen.getByRole('form', { name: c.newTitle });
    expect(within(form).getByLabelText(c.number)).toHaveValue('۲');
    fireEvent.click(within(form).getByLabelText('الف — ابلاغ (غیرفعال)'));
    fireEvent.click(within(form).getByLabelText('ب — ثبت‌نام ثنا'));
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    expect(await screen.findByRole('status')).toHaveTextContent(c.saved('۲'));
    expect(save.mock.calls[0]![0]).toEqual({ number: 2, active: true, serviceIds: [1, 2] });
  });

  it('edits a counter: unticking a service and sending the counter’s id', async () => {
    const save = vi.fn<Handler>((input) => out(input));
    await renderConfig({ 'queue.saveCounter': save });

    fireEvent.click(screen.getByRole('button', { name: c.editTitle('۱') }));
    const form = screen.getByRole('form', { name: c.editTitle('۱') });
    expect(within(form).getByLabelText('ب — ثبت‌نام ثنا')).toBeChecked();
    fireEvent.click(within(form).getByLabelText('ب — ثبت‌نام ثنا'));
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]![0]).toEqual({ id: 1, number: 1, active: true, serviceIds: [] });
  });

  it('shows the hub’s DUPLICATE at the counter number', async () => {
    await renderConfig({ 'queue.saveCounter': () => fail('DUPLICATE', { fields: [{ path: 'number', reason: 'duplicate' }] }) });
    fireEvent.click(screen.getByRole('button', { name: c.add }));
    const form = screen.getByRole('form', { name: c.newTitle });
    type(c.number, '۱', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    const number = within(form).getByLabelText(c.number);
    await waitFor(() => expect(number).toHaveAccessibleDescription(c.duplicateNumber));
    expect(number).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('QueueConfig — call order and priority categories', () => {
  it('saves the call-order settings as numbers read from Persian digits', async () => {
    const update = vi.fn<Handler>(() => out({ ok: true }));
    await renderConfig({ 'queue.updateSettings': update });
    const form = screen.getByRole('form', { name: o.title });
    expect(within(form).getByLabelText(o.maxWaitMinutes)).toHaveValue('۴۵');

    type(o.normalPerPriority, '۳', form);
    type(o.serviceLevelMinutes, '20', form);
    expect(within(form).getByLabelText(o.noShowAfterRecalls)).toHaveValue('۲');
    type(o.noShowAfterRecalls, '۳', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    expect(await within(form).findByRole('status')).toHaveTextContent(o.saved);
    expect(update.mock.calls[0]![0]).toEqual({ normalPerPriority: 3, maxWaitMinutes: 45, serviceLevelMinutes: 20, defaultServiceMinutes: 8, noShowAfterRecalls: 3 });
  });

  it('shows the hub’s field error at the setting it is about', async () => {
    await renderConfig({ 'queue.updateSettings': () => fail('INVALID_INPUT', { fields: [{ path: 'maxWaitMinutes', reason: 'too_big' }] }) });
    const form = screen.getByRole('form', { name: o.title });
    type(o.maxWaitMinutes, '۹۰۰', form);
    fireEvent.click(within(form).getByRole('button', { name: fa.common.save }));

    const field = within(form).getByLabelText(o.maxWaitMinutes);
    await waitFor(() => expect(field).toHaveAccessibleDescription(fa.fields.too_big!));
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByText(fa.errors.INVALID_INPUT)).toBeInTheDocument();
    expect(within(form).getByLabelText(o.normalPerPriority)).not.toHaveAttribute('aria-invalid');
  });

  it('lists the priority categories and adds a new one', async () => {
    const save = vi.fn<Handler>(() => out({ id: 9, name: 'جانباز', active: true }));
    const { callsTo } = await renderConfig({ 'queue.savePriorityCategory': save });
    const section = screen.getByRole('region', { name: fa.managerQueue.priority.title });
    expect(section).toHaveTextContent('جانبازان و افراد دارای معلولیت');
    expect(section).toHaveTextContent('سالمندان بالای ۷۰ سال');
    type(fa.managerQueue.priority.newName, 'جانباز', section);
    fireEvent.click(within(section).getByRole('button', { name: fa.managerQueue.priority.add }));
    await waitFor(() => expect(save).toHaveBeenCalledWith({ name: 'جانباز', active: true }));
    await waitFor(() => expect(callsTo('queue.config')).toHaveLength(2));
  });

  it('switches a category off, and says so when a name is taken', async () => {
    const save = vi.fn<Handler>(() => fail('DUPLICATE'));
    await renderConfig({ 'queue.savePriorityCategory': save });
    const section = screen.getByRole('region', { name: fa.managerQueue.priority.title });
    fireEvent.click(within(section).getAllByRole('button', { name: fa.managerQueue.priority.deactivate })[0]!);
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.objectContaining({ active: false })));
    expect(await within(section).findByRole('alert')).toHaveTextContent(fa.managerQueue.priority.duplicate);
  });
});
