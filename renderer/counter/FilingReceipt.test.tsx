import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../core/api/request';
import type { SubmissionView } from '../../core/api/sync';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler, type Script } from '../../test/support/renderer/testHub';
import { FilingReceipt } from './FilingReceipt';
import { REQUEST_ID, requestView, submissionView } from '../../test/support/renderer/fixtures';

const t = fa.filingReceipt;
const requestId = REQUEST_ID;

const queued = submissionView();
const delivered = submissionView({ state: 'delivered', trackingCode: '1405091234567890', deliveredAt: '2026-11-28T09:41:05.000Z', receivedAt: '2026-11-28T09:41:03.000Z' });

const request = (submission: SubmissionView | null): RequestView =>
  requestView({ counterId: 3, legalDeadline: '1405/09/20', status: submission ? 'readyToSend' : 'originalsMatched', currentStep: 'send', missing: [], submission });

const printer = { counterId: 3, host: '192.168.1.60', port: 9100, paper: '80mm', updatedAt: '2026-11-28T06:30:00.000Z', updatedBy: 1 };
const png = 'iVBORw0KGgo=';

function desk(submission: SubmissionView | null, script: Script = {}, withPrinter = true) {
  return renderWithHub(<FilingReceipt request={request(submission)} />, { 'receiptPrinter.get': () => out({ printer: withPrinter ? printer : null }), ...script });
}

const realObjectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
afterEach(() => {
  URL.createObjectURL = realObjectUrls.create;
  URL.revokeObjectURL = realObjectUrls.revoke;
  vi.restoreAllMocks();
});

describe('FilingReceipt', () => {
  it('shows nothing before «ارسال»', async () => {
    const { callsTo } = desk(null);
    expect(screen.queryByRole('heading')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(callsTo('filingReceipt.pdf')).toHaveLength(0);
  });

  it('offers the provisional receipt while the submission waits: PDF, preview, and the counter’s printer', async () => {
    const downloads: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:daftaryar/filing') as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    let pdfs = 0;
    let prints = 0;
    const print = vi.fn<Handler>(() => out({ duplicate: prints++ > 0, nearEnd: false, printer: '192.168.1.60:9100', variant: 'provisional' }));
    const { callsTo } = desk(queued, {
      'filingReceipt.pdf': () => out({ fileName: 'filing-receipt-1405-12-provisional.pdf', pdfBase64: 'JVBERi0=', duplicate: pdfs++ > 0, variant: 'provisional' }),
      'filingReceipt.thermal': () => out({ pngBase64: png, duplicate: true, variant: 'provisional' }),
      'filingReceipt.print': print,
    });

    expect(screen.getByRole('heading', { name: `${t.title} — ${t.provisional}` })).toBeInTheDocument();
    expect(screen.getByText(t.provisionalHint)).toBeInTheDocument();
    expect(document.querySelector('.filing-receipt-code')).toBeNull(); // no tracking code yet

    fireEvent.click(screen.getByRole('button', { name: t.pdf }));
    await waitFor(() => expect(downloads).toEqual(['filing-receipt-1405-12-provisional.pdf']));
    expect(callsTo('filingReceipt.pdf')[0]!.input).toEqual({ requestId });
    expect(screen.queryByText(t.duplicate)).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.pdf }));
    expect(await screen.findByText(t.duplicate)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: t.preview }));
    const dialog = await screen.findByRole('dialog', { name: t.previewTitle(t.provisional) });
    expect(dialog.querySelector('img')!.getAttribute('src')).toBe(`data:image/png;base64,${png}`);
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    fireEvent.click(await screen.findByRole('button', { name: t.print }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.printed(t.provisional));
    expect(print.mock.calls[0]![0]).toEqual({ requestId });
    fireEvent.click(screen.getByRole('button', { name: t.print }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(t.printedDuplicate(t.provisional)));
  });

  it('shows the final receipt with the tracking code grouped for reading aloud once delivered', async () => {
    desk(delivered, { 'filingReceipt.print': () => out({ duplicate: false, nearEnd: true, printer: '192.168.1.60:9100', variant: 'final' }) });
    expect(screen.getByRole('heading', { name: `${t.title} — ${t.final}` })).toBeInTheDocument();
    expect(screen.getByText('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰')).toBeInTheDocument();
    expect(screen.getByText(t.finalHint)).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: t.print }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.printed(t.final));
    expect(screen.getByRole('alert')).toHaveTextContent(fa.receiptPrint.nearEnd);
  });

  it('warns when the submission is stuck, and still offers the provisional receipt', () => {
    desk({ ...queued, state: 'rejected', lastErrorCode: 'SUBMISSION_INVALID' });
    expect(screen.getByText(t.stuckHint)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.pdf })).toBeInTheDocument();
  });

  it('offers no print button without a receipt printer', async () => {
    const { callsTo } = desk(queued, {}, false);
    await waitFor(() => expect(callsTo('receiptPrinter.get')).toHaveLength(1));
    expect(callsTo('receiptPrinter.get')[0]!.input).toEqual({ counterId: 3 });
    expect(screen.getByRole('button', { name: t.preview })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.print })).not.toBeInTheDocument();
  });

  it('says what went wrong in Persian: not sent, or the receipt printer’s own words', async () => {
    desk(queued, { 'filingReceipt.pdf': () => fail('FILING_NOT_SENT'), 'filingReceipt.print': () => fail('PRINTER_PAPER_OUT') });
    fireEvent.click(screen.getByRole('button', { name: t.pdf }));
    expect(await screen.findByRole('alert')).toHaveTextContent(fa.errors.FILING_NOT_SENT);
    fireEvent.click(await screen.findByRole('button', { name: t.print }));
    await waitFor(() => expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(fa.receiptPrint.errors.PRINTER_PAPER_OUT));
  });
});

describe('filing receipt sentences', () => {
  const texts = [
    fa.errors.FILING_NOT_SENT,
    ...Object.values(t).map((v) => (typeof v === 'function' ? v('رسید موقت') : v)),
  ];
  it.each(texts)('%s is Persian, with no Latin letters', (text) => {
    expect(text).toMatch(/[\u0600-\u06FF]/);
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});
