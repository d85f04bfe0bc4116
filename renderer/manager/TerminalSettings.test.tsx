import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { TerminalSettings } from './TerminalSettings';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';

const t = fa.managerTerminal;
const counters = [
  { id: 1, number: 1, active: true },
  { id: 2, number: 12, active: true },
];
const stored = {
  counterId: 2,
  kind: 'sadad',
  baseUrl: 'http://192.168.1.20:8000',
  timeoutMs: 90_000,
  deviceIp: null,
  devicePort: null,
  terminalId: 'C0000301',
  updatedAt: '2026-11-28T06:30:00.000Z',
  updatedBy: 1,
};

/** counter 1 has no terminal yet; counter 2 has `stored` */
const get: Handler = (input) => out({ terminal: (input as { counterId: number }).counterId === 2 ? stored : null });

function renderTerminals(script: Script = {}) {
  return renderWithHub(<TerminalSettings counters={counters} />, { 'terminal.get': get, ...script });
}

const save = () => fireEvent.click(screen.getByRole('button', { name: fa.common.save }));

describe('TerminalSettings', () => {
  it('offers each counter by its number in Persian digits, and Sadad’s default address and 120 s for a counter without a terminal', async () => {
    renderTerminals();
    expect(screen.getByRole('heading', { name: t.title })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: t.counterName('۱۲') })).toBeInTheDocument();
    expect(await screen.findByText(t.notSet)).toBeInTheDocument();
    expect(screen.getByLabelText(t.baseUrl)).toHaveValue('http://127.0.0.1:8000');
    expect(screen.getByLabelText(t.baseUrl)).toHaveAttribute('dir', 'ltr');
    expect(screen.getByLabelText(t.timeout)).toHaveValue('۱۲۰');
  });

  it('shows a counter’s stored terminal when it is picked', async () => {
    const { callsTo } = renderTerminals();
    await screen.findByText(t.notSet);
    fireEvent.change(screen.getByLabelText(t.counter), { target: { value: '2' } });
    await waitFor(() => expect(screen.getByLabelText(t.baseUrl)).toHaveValue('http://192.168.1.20:8000'));
    expect(screen.getByLabelText(t.timeout)).toHaveValue('۹۰');
    expect(screen.getByLabelText(t.terminalId)).toHaveValue('C0000301');
    expect(callsTo('terminal.get').map((c) => c.input)).toEqual([{ counterId: 1 }, { counterId: 2 }]);
  });

  it('saves what was typed, Persian digits included, timeout in milliseconds', async () => {
    const set = vi.fn<Handler>((input) => out({ terminal: { ...stored, ...(input as object), deviceIp: null, devicePort: null, terminalId: 'A1' } }));
    renderTerminals({ 'terminal.set': set });
    await screen.findByText(t.notSet);
    fireEvent.change(screen.getByLabelText(t.baseUrl), { target: { value: 'http://۱۹۲.۱۶۸.۱.۲۰:۸۰۰۰' } });
    fireEvent.change(screen.getByLabelText(t.timeout), { target: { value: '۱۵۰' } });
    fireEvent.change(screen.getByLabelText(t.terminalId), { target: { value: 'a1' } });
    save();
    expect(await screen.findByRole('status')).toHaveTextContent(t.saved);
    expect(set.mock.calls[0]![0]).toEqual({ counterId: 1, kind: 'sadad', baseUrl: 'http://192.168.1.20:8000', timeoutMs: 150_000, terminalId: 'A1' });
  });

  it('refuses an address without a port and a timeout out of range, without asking the hub', async () => {
    const { callsTo } = renderTerminals({ 'terminal.set': () => out({ terminal: stored }) });
    await screen.findByText(t.notSet);
    fireEvent.change(screen.getByLabelText(t.baseUrl), { target: { value: 'http://192.168.1.20' } });
    fireEvent.change(screen.getByLabelText(t.timeout), { target: { value: '۴' } });
    save();
    expect(screen.getByLabelText(t.baseUrl)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(t.timeout)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(t.terminalId)).not.toHaveAttribute('aria-invalid');
    expect(callsTo('terminal.set')).toHaveLength(0);
  });

  it('shows the hub’s complaint about the address at the address field, in Persian', async () => {
    renderTerminals({ 'terminal.set': () => fail('INVALID_INPUT', { fields: [{ path: 'baseUrl', reason: 'invalid_format' }] }) });
    await screen.findByText(t.notSet);
    fireEvent.change(screen.getByLabelText(t.baseUrl), { target: { value: 'https://127.0.0.1:8001' } });
    save();
    const url = screen.getByLabelText(t.baseUrl);
    await waitFor(() => expect(url).toHaveAttribute('aria-invalid', 'true'));
    expect(url).toHaveAccessibleDescription(fa.fields.invalid_format!);
  });

  it('says so when there is no counter yet', () => {
    renderWithHub(<TerminalSettings counters={[]} />, {});
    expect(screen.getByText(t.noCounters)).toBeInTheDocument();
  });
});
