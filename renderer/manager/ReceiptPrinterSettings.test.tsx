import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { ReceiptPrinterSettings } from './ReceiptPrinterSettings';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';

const t = fa.managerReceiptPrinter;
const counters = [
  { id: 1, number: 1, active: true },
  { id: 2, number: 12, active: true },
];
const stored = { counterId: 2, host: '192.168.1.60', port: 9100, paper: '58mm', updatedAt: '2026-11-28T06:30:00.000Z', updatedBy: 1 };

/** counter 1 has no receipt printer yet; counter 2 has `stored` */
const get: Handler = (input) => out({ printer: (input as { counterId: number }).counterId === 2 ? stored : null });

function renderPrinters(script: Script = {}) {
  return renderWithHub(<ReceiptPrinterSettings counters={counters} />, { 'receiptPrinter.get': get, ...script });
}

const save = () => fireEvent.click(screen.getByRole('button', { name: fa.common.save }));
const pickCounter = (id: string) => fireEvent.change(screen.getByLabelText(t.counter), { target: { value: id } });

describe('ReceiptPrinterSettings', () => {
  it('offers each counter in Persian digits; a counter without a printer has none, and port 9100 and 80 mm once one is chosen', async () => {
    renderPrinters();
    expect(screen.getByRole('heading', { name: t.title })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: t.counterName('۱۲') })).toBeInTheDocument();
    expect(await screen.findByText(t.notSet)).toBeInTheDocument();
    expect(screen.getByLabelText(t.none)).toBeChecked();
    expect(screen.queryByLabelText(t.host)).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(t.network));
    expect(screen.getByLabelText(t.port)).toHaveValue('۹۱۰۰');
    expect(screen.getByLabelText(t.paperWidth['80mm'])).toBeChecked();
    expect(screen.getByLabelText(t.host)).toHaveAttribute('dir', 'ltr');
  });

  it('shows a counter’s stored printer when it is picked', async () => {
    const { callsTo } = renderPrinters();
    await screen.findByText(t.notSet);
    pickCounter('2');
    await waitFor(() => expect(screen.getByLabelText(t.host)).toHaveValue('192.168.1.60'));
    expect(screen.getByLabelText(t.port)).toHaveValue('۹۱۰۰');
    expect(screen.getByLabelText(t.paperWidth['58mm'])).toBeChecked();
    expect(callsTo('receiptPrinter.get').map((c) => c.input)).toEqual([{ counterId: 1 }, { counterId: 2 }]);
  });

  it('saves a printer typed with Persian digits, and removes one', async () => {
    const set = vi.fn<Handler>((input) => {
      const { counterId, printer } = input as { counterId: number; printer: object | null };
      return out({ printer: printer ? { ...stored, counterId, ...printer } : null });
    });
    renderPrinters({ 'receiptPrinter.set': set });
    await screen.findByText(t.notSet);
    fireEvent.click(screen.getByLabelText(t.network));
    fireEvent.change(screen.getByLabelText(t.host), { target: { value: '۱۹۲.۱۶۸.۱.۷۰' } });
    fireEvent.change(screen.getByLabelText(t.port), { target: { value: '۹۱۰۱' } });
    save();
    expect(await screen.findByRole('status')).toHaveTextContent(t.saved);
    expect(set.mock.calls[0]![0]).toEqual({ counterId: 1, printer: { host: '192.168.1.70', port: 9101, paper: '80mm' } });

    fireEvent.click(screen.getByLabelText(t.none));
    save();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(t.removed));
    expect(set.mock.calls[1]![0]).toEqual({ counterId: 1, printer: null });
  });

  it('refuses a host with a path and a port out of range, without asking the hub', async () => {
    const { callsTo } = renderPrinters({ 'receiptPrinter.set': () => out({ printer: stored }) });
    await screen.findByText(t.notSet);
    fireEvent.click(screen.getByLabelText(t.network));
    fireEvent.change(screen.getByLabelText(t.host), { target: { value: 'http://printer/x' } });
    fireEvent.change(screen.getByLabelText(t.port), { target: { value: '۷۰۰۰۰' } });
    save();
    expect(screen.getByLabelText(t.host)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(t.port)).toHaveAttribute('aria-invalid', 'true');
    expect(callsTo('receiptPrinter.set')).toHaveLength(0);
  });

  it('prints a test page on the saved printer, and says what the printer said in the receipt printer’s words', async () => {
    let answer: Handler = () => out({ ok: true, nearEnd: true });
    const { callsTo } = renderPrinters({ 'receiptPrinter.test': (input) => answer(input) });
    await screen.findByText(t.notSet);
    pickCounter('2');
    await waitFor(() => expect(screen.getByLabelText(t.host)).toHaveValue('192.168.1.60'));
    fireEvent.click(screen.getByRole('button', { name: t.test }));
    expect(await screen.findByText(t.testOk)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(t.nearEnd);
    expect(callsTo('receiptPrinter.test')[0]!.input).toEqual({ counterId: 2 });

    answer = () => fail('PRINTER_UNREACHABLE');
    fireEvent.click(screen.getByRole('button', { name: t.test }));
    expect(await screen.findByText(fa.receiptPrint.errors.PRINTER_UNREACHABLE)).toBeInTheDocument();
  });

  it('asks to save first before testing changed settings', async () => {
    const { callsTo } = renderPrinters({ 'receiptPrinter.test': () => out({ ok: true, nearEnd: false }) });
    await screen.findByText(t.notSet);
    fireEvent.click(screen.getByLabelText(t.network));
    fireEvent.change(screen.getByLabelText(t.host), { target: { value: '192.168.1.70' } });
    fireEvent.click(screen.getByRole('button', { name: t.test }));
    expect(await screen.findByText(t.saveFirst)).toBeInTheDocument();
    expect(callsTo('receiptPrinter.test')).toHaveLength(0);
  });

  it('says so when there is no counter yet', () => {
    renderWithHub(<ReceiptPrinterSettings counters={[]} />, {});
    expect(screen.getByText(t.noCounters)).toBeInTheDocument();
  });
});
