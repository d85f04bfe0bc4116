import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { requestView, workstationView } from '../../test/support/renderer/fixtures';
import { describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../core/api/request';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';
import { savePdf } from '../app/download';
import { Receipts } from './PaymentStep';

// the download itself is the browser's (FilingReceipt.test.tsx goes through it); here, what is saved
vi.mock('../app/download', () => ({ savePdf: vi.fn() }));

const t = fa.receiptPrint;
const paymentId = '7a1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b22';

const paid: RequestView = requestView({
  counterId: 3,
  status: 'paid',
  currentStep: 'documents',
  missing: ['documents', 'applicantReview', 'originalsMatch'],
  receipts: [{ paymentId, year: 1405, number: 7, issuedAt: '2026-11-28T07:00:00.000Z', verifyHash: 'ab'.repeat(16) }],
});

const printer = { counterId: 3, host: '192.168.1.60', port: 9100, paper: '80mm', updatedAt: '2026-11-28T06:30:00.000Z', updatedBy: 1 };

function receipts(script: Script) {
  return renderWithHub(<Receipts request={paid} />, { 'receiptPrinter.get': () => out({ printer }), ...script });
}

const printButton = () => screen.findByRole('button', { name: t.print });

describe('Receipts — «چاپ رسید»', () => {
  it('offers no print button when the counter has no receipt printer', async () => {
    const { callsTo } = renderWithHub(<Receipts request={paid} />, { 'receiptPrinter.get': () => out({ printer: null }) });
    await waitFor(() => expect(callsTo('receiptPrinter.get')).toHaveLength(1));
    expect(callsTo('receiptPrinter.get')[0]!.input).toEqual({ counterId: 3 });
    expect(screen.getByRole('button', { name: fa.desk.receipts.pdf })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.print })).not.toBeInTheDocument();
  });

  it('prints the receipt on the counter’s printer and says whether it was the original or «المثنی»', async () => {
    let n = 0;
    const print = vi.fn<Handler>(() => out({ duplicate: n++ > 0, nearEnd: n > 1, printer: '192.168.1.60:9100' }));
    receipts({ 'receipt.print': print });
    fireEvent.click(await printButton());
    expect(await screen.findByRole('status')).toHaveTextContent(t.printed('۱۴۰۵/۰۰۰۰۰۷'));
    expect(print.mock.calls[0]![0]).toEqual({ paymentId });
    fireEvent.click(screen.getByRole('button', { name: t.print }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(t.printedDuplicate('۱۴۰۵/۰۰۰۰۰۷')));
    expect(screen.getByRole('alert')).toHaveTextContent(t.nearEnd);
  });

  it('shows a printer failure in the receipt printer’s words', async () => {
    receipts({ 'receipt.print': () => fail('PRINTER_PAPER_OUT') });
    fireEvent.click(await printButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(t.errors.PRINTER_PAPER_OUT);
  });

  it('shows the hub’s sentence when the printer was removed meanwhile', async () => {
    receipts({ 'receipt.print': () => fail('RECEIPT_PRINTER_NOT_CONFIGURED') });
    fireEvent.click(await printButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.RECEIPT_PRINTER_NOT_CONFIGURED);
  });
});

describe('receipt printer sentences', () => {
  it.each(Object.entries(t.errors))('says %s in Persian, naming the receipt printer, with no Latin letters', (_code, text) => {
    expect(text).toMatch(/[\u0600-\u06FF]/);
    expect(text).toContain('چاپگر رسید');
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});

describe('Receipts — PDF and thermal preview', () => {
  const r = fa.desk.receipts;

  it('downloads the A5 PDF, says when it was «المثنی», and previews the thermal slip until Esc', async () => {
    vi.mocked(savePdf).mockClear();
    let pdfs = 0;
    const { callsTo } = receipts({
      'receipt.pdf': () => out({ fileName: `receipt-1405-00000${++pdfs}.pdf`, pdfBase64: 'JVBERi0=', duplicate: pdfs > 1 }),
      'receipt.thermal': () => out({ pngBase64: 'iVBORw0KGgo=', duplicate: false }),
    });
    fireEvent.click(screen.getByRole('button', { name: r.pdf }));
    await waitFor(() => expect(savePdf).toHaveBeenCalledWith('JVBERi0=', 'receipt-1405-000001.pdf'));
    expect(callsTo('receipt.pdf')[0]!.input).toEqual({ paymentId });
    expect(screen.queryByText(r.duplicate)).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: r.pdf }));
    expect(await screen.findByText(r.duplicate)).toBeInTheDocument();
    expect(vi.mocked(savePdf).mock.calls.map(([, name]) => name)).toEqual(['receipt-1405-000001.pdf', 'receipt-1405-000002.pdf']);

    fireEvent.click(screen.getByRole('button', { name: r.thermal }));
    const dialog = await screen.findByRole('dialog', { name: r.previewTitle });
    expect(callsTo('receipt.thermal')[0]!.input).toEqual({ paymentId });
    expect(dialog.querySelector('img')!.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('says in one sentence why a receipt could not be made', async () => {
    receipts({ 'receipt.thermal': () => fail('UNKNOWN_RECEIPT') });
    fireEvent.click(screen.getByRole('button', { name: r.thermal }));
    expect(await screen.findByText(fa.errors.UNKNOWN_RECEIPT)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('Receipts — «چاپ A5» on the workstation’s document printer', () => {
  const withDocumentPrinter = (online = true) => () =>
    out({ workstations: [workstationView({ online, devices: [{ type: 'documentPrinter', driver: 'cups', id: 'cups:laser', label: 'لیزری اتاق 2' }] })], self: 3 });

  it('prints the A5 receipt there instead of downloading it, saying on which printer and whether «المثنی»; a missing queue is said in the document printer’s words', async () => {
    vi.mocked(savePdf).mockClear();
    let n = 0;
    const pdf = vi.fn<Handler>(() => (++n === 3 ? fail('PRINTER_UNREACHABLE') : out({ fileName: 'receipt-1405-000007.pdf', pdfBase64: '', duplicate: n > 1, printer: 'لیزری اتاق 2' })));
    renderWithHub(<Receipts request={paid} />, { 'receiptPrinter.get': () => out({ printer: null }), 'agent.workstations': withDocumentPrinter(), 'receipt.pdf': pdf });
    fireEvent.click(await screen.findByRole('button', { name: fa.documentPrint.printA5 }));
    expect(await screen.findByRole('status')).toHaveTextContent(fa.documentPrint.printed('لیزری اتاق ۲'));
    expect(pdf.mock.calls[0]![0]).toEqual({ paymentId, print: true });
    fireEvent.click(screen.getByRole('button', { name: fa.documentPrint.printA5 }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(fa.documentPrint.printedDuplicate('لیزری اتاق ۲')));
    fireEvent.click(screen.getByRole('button', { name: fa.documentPrint.printA5 }));
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.documentPrint.errors.PRINTER_UNREACHABLE);
    expect(savePdf).not.toHaveBeenCalled();
    // the download is still there beside it
    expect(screen.getByRole('button', { name: fa.desk.receipts.pdf })).toBeInTheDocument();
  });

  it('offers only the download where the workstation’s agent is away, or off a workstation', async () => {
    for (const answer of [withDocumentPrinter(false), () => out({ workstations: [], self: null })]) {
      const { callsTo } = renderWithHub(<Receipts request={paid} />, { 'receiptPrinter.get': () => out({ printer: null }), 'agent.workstations': answer });
      await waitFor(() => expect(callsTo('agent.workstations')).toHaveLength(1));
      expect(screen.getByRole('button', { name: fa.desk.receipts.pdf })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: fa.documentPrint.printA5 })).not.toBeInTheDocument();
      cleanup();
    }
  });
});
