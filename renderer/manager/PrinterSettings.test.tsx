import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PrinterConfig } from '../../core/api/queue';
import { fa } from '../i18n/fa';
import { PrinterSettings } from './PrinterSettings';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';

const p = fa.managerQueue.printer;
const networkPrinter: PrinterConfig = { kind: 'network', host: '192.168.1.50', port: 9100, paper: '80mm' };

function renderPrinter(printer: PrinterConfig, script: Script = {}) {
  const onSaved = vi.fn();
  const env = renderWithHub(<PrinterSettings printer={printer} onSaved={onSaved} />, script);
  return { ...env, onSaved };
}

const save = () => fireEvent.click(screen.getByRole('button', { name: fa.common.save }));
const testPrint = () => fireEvent.click(screen.getByRole('button', { name: p.test }));

describe('PrinterSettings — saving', () => {
  it('saves a network printer typed with Persian digits, on port 9100 and 80 mm paper unless changed', async () => {
    const setPrinter = vi.fn<Handler>(() => out({ ok: true }));
    const { onSaved } = renderPrinter({ kind: 'none' }, { 'queue.setPrinter': setPrinter });
    expect(screen.queryByLabelText(p.host)).not.toBeInTheDocument();

    fireEvent.click(screen.getByLabelText(p.network));
    expect(screen.getByLabelText(p.port)).toHaveValue('۹۱۰۰');
    expect(screen.getByLabelText(p.paperWidth['80mm'])).toBeChecked();
    fireEvent.change(screen.getByLabelText(p.host), { target: { value: '۱۹۲.۱۶۸.۱.۵۰' } });
    save();

    expect(await screen.findByRole('status')).toHaveTextContent(p.saved);
    expect(setPrinter.mock.calls[0]![0]).toEqual({ printer: { kind: 'network', host: '192.168.1.50', port: 9100, paper: '80mm' } });
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it('saves 58 mm paper and another port when chosen', async () => {
    const setPrinter = vi.fn<Handler>(() => out({ ok: true }));
    renderPrinter(networkPrinter, { 'queue.setPrinter': setPrinter });
    expect(screen.getByLabelText(p.host)).toHaveValue('192.168.1.50');

    fireEvent.click(screen.getByLabelText(p.paperWidth['58mm']));
    fireEvent.change(screen.getByLabelText(p.port), { target: { value: '۹۱۰۱' } });
    save();

    await waitFor(() => expect(setPrinter).toHaveBeenCalledOnce());
    expect(setPrinter.mock.calls[0]![0]).toEqual({ printer: { kind: 'network', host: '192.168.1.50', port: 9101, paper: '58mm' } });
  });

  it('saves «no printer»', async () => {
    const setPrinter = vi.fn<Handler>(() => out({ ok: true }));
    renderPrinter(networkPrinter, { 'queue.setPrinter': setPrinter });
    fireEvent.click(screen.getByLabelText(p.none));
    save();
    await waitFor(() => expect(setPrinter).toHaveBeenCalledOnce());
    expect(setPrinter.mock.calls[0]![0]).toEqual({ printer: { kind: 'none' } });
  });

  it('shows the hub’s complaint about the address at the address field', async () => {
    renderPrinter({ kind: 'none' }, { 'queue.setPrinter': () => fail('INVALID_INPUT', { fields: [{ path: 'printer.host', reason: 'invalid_format' }] }) });
    fireEvent.click(screen.getByLabelText(p.network));
    fireEvent.change(screen.getByLabelText(p.host), { target: { value: 'printer one' } });
    save();

    const host = screen.getByLabelText(p.host);
    await waitFor(() => expect(host).toHaveAttribute('aria-invalid', 'true'));
    expect(host).toHaveAccessibleDescription(fa.fields.invalid_format!);
    expect(screen.getByLabelText(p.port)).not.toHaveAttribute('aria-invalid');
  });

  it('refuses a port that is not a port itself, without asking the hub', () => {
    const { callsTo } = renderPrinter(networkPrinter, { 'queue.setPrinter': () => out({ ok: true }) });
    fireEvent.change(screen.getByLabelText(p.port), { target: { value: '۷۰۰۰۰' } });
    save();
    expect(screen.getByLabelText(p.port)).toHaveAttribute('aria-invalid', 'true');
    expect(callsTo('queue.setPrinter')).toHaveLength(0);
  });
});

describe('PrinterSettings — test print', () => {
  it('says the test page printed', async () => {
    const { callsTo } = renderPrinter(networkPrinter, { 'queue.testPrinter': () => out({ ok: true, nearEnd: false }) });
    testPrint();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(p.testOk));
    expect(screen.queryByText(p.nearEnd)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(callsTo('queue.testPrinter')).toHaveLength(1);
  });

  it('says the test page printed and warns that the paper is near its end', async () => {
    renderPrinter(networkPrinter, { 'queue.testPrinter': () => out({ ok: true, nearEnd: true }) });
    testPrint();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(p.testOk));
    expect(screen.getByRole('alert')).toHaveTextContent(p.nearEnd);
  });

  it.each(['PRINTER_UNREACHABLE', 'PRINTER_COVER_OPEN'] as const)('says in Persian what is wrong when the test print fails with %s', async (code) => {
    renderPrinter(networkPrinter, { 'queue.testPrinter': () => fail(code) });
    testPrint();
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors[code]);
    expect(screen.queryByText(p.testOk)).not.toBeInTheDocument();
  });

  it('asks to save first rather than test the old printer when the form has unsaved changes', () => {
    const { callsTo } = renderPrinter(networkPrinter, { 'queue.testPrinter': () => out({ ok: true, nearEnd: false }) });
    fireEvent.change(screen.getByLabelText(p.host), { target: { value: '192.168.1.51' } });
    testPrint();
    expect(screen.getByRole('alert')).toHaveTextContent(p.saveFirst);
    expect(callsTo('queue.testPrinter')).toHaveLength(0);
  });

  it('tests the new printer once its changes are saved', async () => {
    const { callsTo } = renderPrinter({ kind: 'none' }, { 'queue.setPrinter': () => out({ ok: true }), 'queue.testPrinter': () => out({ ok: true, nearEnd: false }) });
    fireEvent.click(screen.getByLabelText(p.network));
    fireEvent.change(screen.getByLabelText(p.host), { target: { value: 'ticket-printer.local' } });
    save();
    await screen.findByText(p.saved);

    testPrint();
    await waitFor(() => expect(within(screen.getByRole('region', { name: p.title })).getByRole('status')).toHaveTextContent(p.testOk));
    expect(callsTo('queue.testPrinter')).toHaveLength(1);
  });
});
