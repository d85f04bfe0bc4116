import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { OpenRequestItem } from '../../core/api/request';
import { fa } from '../i18n/fa';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { requestView } from '../../test/support/renderer/fixtures';
import { QueuePanel } from './QueuePanel';
import { OpenRequests } from './OpenRequests';

const f = fa.finish;
const o = fa.openRequests;
const serving = { id: 't1', display: 'الف-۰۰۱', prefix: 'الف', number: 1, serviceId: 1, serviceName: 'ثبت دادخواست', priority: false, status: 'serving' as const, issuedAt: '2026-11-28T06:00:00.000Z' };
const counter = (id: number, current: typeof serving | null, who: string | null = 'رضا') => ({ id, number: id, active: true, serviceIds: [1], openBy: who ? { userId: id === 1 ? 7 : 8, displayName: who } : null, current });
const unfinished = requestView({ status: 'identityVerified', currentStep: 'details' });

function panel(script: Record<string, Handler> = {}) {
  const finish = vi.fn<Handler>(() => out({ ...serving, status: 'done' }));
  const hub = renderWithHub(<QueuePanel userId={7} />, {
    'queue.counters': () => out({ counters: [counter(1, serving), counter(2, null, 'سارا')] }),
    'queue.counterView': () => out({ counter: counter(1, serving), parked: [], waiting: [], line: [], outOfTurnReasons: [], recalls: 0, noShowAfterRecalls: 2, myDay: { served: 0, noShows: 0, averageServiceMinutes: null } }),
    'request.atCounter': () => out({ ticketId: 't1', requests: [unfinished] }),
    'request.openToday': () => out({ requests: [] }),
    'queue.finish': finish,
    ...script,
  });
  return { ...hub, finish };
}

const esc = (text: string) => new RegExp(text.replace(/[()]/g, '\\$&'));
// a loaded machine (CI runs two test files per core) may take more than testing-library's 1 s
const slow = { timeout: 5000 };
const finishReady = () => waitFor(() => expect(screen.getByRole('button', { name: new RegExp(fa.counter.finish) })).toBeEnabled(), slow);
const pressF8 = async () => {
  await finishReady();
  fireEvent.keyDown(window, { key: 'F8' });
  return screen.findByRole('dialog', { name: f.title }, slow);
};

describe('F8 with a request unfinished', () => {
  it('asks first, focused on «keep it open»; Enter ends the service and keeps the request', async () => {
    const { finish, callsTo } = panel();
    const dialog = await pressF8();
    expect(finish).not.toHaveBeenCalled();
    // the focus is given by an effect after the dialog is drawn: on a loaded machine the two are apart
    await waitFor(() => expect(within(screen.getByRole('dialog')).getByLabelText(esc(f.keep))).toHaveFocus(), slow);
    const keep = within(dialog).getByLabelText(esc(f.keep));
    fireEvent.submit(keep.closest('form')!);
    await waitFor(() => expect(finish).toHaveBeenCalledOnce(), slow);
    expect(callsTo('request.close')).toEqual([]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(), slow);
  });

  it('Esc goes back to the desk without ending anything', async () => {
    const { finish } = panel();
    await pressF8();
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(), slow);
    expect(finish).not.toHaveBeenCalled();
  });

  it('hands the request over to the counter chosen, after ending the service', async () => {
    const handOver = vi.fn<Handler>(() => out({ counterId: 2 }));
    const { finish } = panel({ 'request.handOver': handOver });
    const dialog = await pressF8();
    fireEvent.click(within(dialog).getByLabelText(esc(f.handOver)));
    const select = await within(dialog).findByLabelText(f.toCounter);
    await within(dialog).findByRole('option', { name: f.counterOption('۲', 'سارا') });
    fireEvent.change(select, { target: { value: '2' } });
    fireEvent.submit(select.closest('form')!);
    await waitFor(() => expect(handOver).toHaveBeenCalledWith({ requestId: unfinished.id, toCounterId: 2 }));
    expect(finish.mock.invocationCallOrder[0]!).toBeLessThan(handOver.mock.invocationCallOrder[0]!);
  });

  it('cancels with the reason and its cause, then ends the service', async () => {
    const close = vi.fn<Handler>(() => out({ ...unfinished, status: 'cancelled' }));
    const { finish } = panel({ 'request.close': close });
    const dialog = await pressF8();
    fireEvent.click(within(dialog).getByLabelText(esc(f.cancel)));
    fireEvent.click(within(dialog).getByLabelText(esc(fa.desk.closeClerkError)));
    const reason = within(dialog).getByLabelText(fa.desk.closeReason);
    fireEvent.change(reason, { target: { value: 'خدمت اشتباه بود' } });
    fireEvent.submit(reason.closest('form')!);
    await waitFor(() => expect(finish).toHaveBeenCalledOnce(), slow);
    expect(close).toHaveBeenCalledWith({ requestId: unfinished.id, kind: 'clerkError', reason: 'خدمت اشتباه بود' });
  });

  it('ends at once when nothing is unfinished', async () => {
    const { finish } = panel({ 'request.atCounter': () => out({ ticketId: 't1', requests: [requestView({ status: 'readyToSend', currentStep: 'send', missing: [] })] }) });
    await finishReady();
    fireEvent.keyDown(window, { key: 'F8' });
    await waitFor(() => expect(finish).toHaveBeenCalledOnce(), slow);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('OpenRequests — today’s open requests', () => {
  const item = (over: Partial<OpenRequestItem>): OpenRequestItem => ({
    id: unfinished.id,
    year: 1405,
    number: 12,
    service: 'petition',
    status: 'identityVerified',
    currentStep: 'details',
    counterId: 1,
    counterNumber: 1,
    applicantName: 'علی رضایی',
    nameMasked: false,
    legalDeadline: null,
    openedAt: new Date(Date.now() - 65.5 * 60_000).toISOString(),
    ...over,
  });

  it('lists number, service, name, step, counter and age, and resumes one of this counter’s', async () => {
    const resume = vi.fn<Handler>(() => out(unfinished));
    renderWithHub(<OpenRequests counterId={1} serving />, {
      'request.openToday': () => out({ requests: [item({}), item({ id: '9b1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b11', number: 13, counterId: 2, counterNumber: 2, applicantName: 'مریم ک.', nameMasked: true })] }),
      'queue.counters': () => out({ counters: [counter(1, serving), counter(2, null, 'سارا')] }),
      'request.resume': resume,
    });
    const rows = (await screen.findAllByRole('row')).filter((r) => r.classList.contains('open-request-row') || r.closest('thead'));
    expect(rows[1]!.textContent).toContain('۱۴۰۵/۱۲');
    expect(rows[1]!.textContent).toContain('علی رضایی');
    expect(rows[1]!.textContent).toContain(fa.counter.steps[1]);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent).join('|')).toContain(o.hoursMinutes('۱', '۵'));
    expect(rows[2]!.textContent).toContain('مریم ک.');
    // another counter's request: neither resumed nor handed over from here
    expect(screen.getAllByRole('button', { name: o.resume })).toHaveLength(1);
    expect(rows[2]!.nextElementSibling).toBeNull();
    fireEvent.click(within(rows[1]!.nextElementSibling as HTMLElement).getByRole('button', { name: o.resume }));
    await waitFor(() => expect(resume).toHaveBeenCalledWith({ requestId: unfinished.id, counterId: 1 }));
  });

  it('cannot resume while the counter serves no one, and says what to do', async () => {
    renderWithHub(<OpenRequests counterId={1} serving={false} />, { 'request.openToday': () => out({ requests: [item({})] }), 'queue.counters': () => out({ counters: [] }) });
    expect(await screen.findByRole('button', { name: o.resume })).toBeDisabled();
    expect(screen.getByText(o.resumeNeedsTicket)).toBeInTheDocument();
  });

  it('lets the manager hand any over (never resume: a manager has no desk here)', async () => {
    const handOver = vi.fn<Handler>(() => out({ counterId: 2 }));
    renderWithHub(<OpenRequests counterId={null} serving={false} />, {
      'request.openToday': () => out({ requests: [item({ applicantName: 'علی ر.', nameMasked: true })] }),
      'queue.counters': () => out({ counters: [counter(1, null), counter(2, null, 'سارا')] }),
      'request.handOver': handOver,
    });
    fireEvent.click(await screen.findByRole('button', { name: o.handOver }));
    expect(screen.queryByRole('button', { name: o.resume })).toBeNull();
    const select = screen.getByLabelText(f.toCounter);
    expect(select).toHaveFocus();
    await screen.findByRole('option', { name: f.counterOption('۲', 'سارا') });
    fireEvent.change(select, { target: { value: '2' } });
    fireEvent.submit(select.closest('form')!);
    await waitFor(() => expect(handOver).toHaveBeenCalledWith({ requestId: unfinished.id, toCounterId: 2 }));
  });
});
