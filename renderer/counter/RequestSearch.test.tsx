import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '../../core/api/search';
import { fa } from '../i18n/fa';
import { RequestSearch } from './RequestSearch';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { REQUEST_ID, requestView, submissionView } from '../../test/support/renderer/fixtures';

const t = fa.requestSearch;
const PAYMENT_ID = '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const found = (over: Partial<SearchResult> = {}): SearchResult => ({
  id: REQUEST_ID,
  year: 1405,
  number: 12,
  service: 'petition',
  status: 'returned',
  officeDay: '1405-09-07',
  createdAt: '2026-11-28T06:40:00.000Z',
  counterId: 1,
  trackingCode: '1405123456789012',
  servedHere: false,
  applicant: { kind: 'natural', name: 'ع. ر.', idNumber: '******2419', masked: true },
  ...over,
});

const opened = requestView({
  status: 'returned',
  currentStep: null,
  missing: [],
  applicant: { id: 1, data: { kind: 'natural', nationalId: '0013542419', firstName: 'علی', lastName: 'رضایی', fatherName: 'محمد', mobile: '09121234567', sanaStatus: 'registered' } },
  payments: [{ id: PAYMENT_ID, part: 'officeTariff', method: 'pcpos', amountRials: 810_000, rrn: '412345678901', trace: '654321', terminalId: 'C0000301', maskedCard: '603799******1234', paidAt: '2026-11-28T06:50:00.000Z' }],
  receipts: [{ paymentId: PAYMENT_ID, year: 1405, number: 45, issuedAt: '2026-11-28T06:50:00.000Z', verifyHash: 'a'.repeat(16) }],
  submission: submissionView({ state: 'delivered', trackingCode: '1405123456789012', deliveredAt: '2026-11-28T07:10:00.000Z', authorityStatus: 'returned', authorityReason: 'تصویر برگ دوم خوانا نیست' }),
});

describe('RequestSearch', () => {
  it('finds by tracking code, shows only what identifies the request, opens it with a purpose and issues its receipt again as «المثنی»', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const search = vi.fn<Handler>(() => out({ results: [found()], more: false }));
    const open = vi.fn<Handler>(() => out({ request: opened, returned: true }));
    const reprint = vi.fn<Handler>(() => out({ duplicate: true, fileName: 'receipt-1405-000045-duplicate.pdf', pdfBase64: 'JVBERi0=', printer: null }));
    const followUp = vi.fn<Handler>(() => out(requestView({ service: 'remedy' })));
    renderWithHub(<RequestSearch counterId={2} />, { 'search.requests': search, 'search.open': open, 'search.reprint': reprint, 'followUp.start': followUp });

    // the text field has focus: type and press Enter
    const field = screen.getByLabelText(t.text);
    await waitFor(() => expect(field).toHaveFocus());
    fireEvent.change(field, { target: { value: '۱۴۰۵ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲' } });
    fireEvent.submit(field.closest('form')!);
    await screen.findByText('ع. ر.');
    expect(search.mock.calls[0]![0]).toEqual({ query: { kind: 'trackingCode', text: '۱۴۰۵ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲' }, counterId: 2 });
    const row = screen.getByText('۱۴۰۵/۱۲').closest('tr')!;
    expect(within(row).getByText('******۲۴۱۹')).toBeInTheDocument();
    expect(within(row).getByText('۱۴۰۵ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲')).toBeInTheDocument();
    expect(within(row).getByText(t.statuses.returned)).toBeInTheDocument();
    expect(screen.queryByText(/رضایی/)).not.toBeInTheDocument();

    // open: the purpose first
    fireEvent.click(within(row).getByRole('button', { name: `${t.open} ۱۴۰۵/۱۲` }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(t.purposeIntro)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByLabelText(t.purposes.other));
    expect(within(dialog).getByRole('button', { name: new RegExp(t.confirmOpen) })).toBeDisabled(); // «other» needs a note
    fireEvent.click(within(dialog).getByLabelText(t.purposes.receiptReprint));
    fireEvent.change(within(dialog).getByLabelText(t.note), { target: { value: 'رسید گم شده' } });
    fireEvent.submit(within(dialog).getByLabelText(t.note).closest('form')!);
    await screen.findByText('علی رضایی');
    expect(open.mock.calls[0]![0]).toEqual({ requestId: REQUEST_ID, purpose: 'receiptReprint', note: 'رسید گم شده', counterId: 2 });

    // the detail: the whole applicant, the decision pulled from the central system, the actions area
    expect(screen.getByText('۰۰۱۳۵۴۲۴۱۹')).toBeInTheDocument();
    expect(screen.getByText(fa.send.authority.returned)).toBeInTheDocument();
    expect(screen.getByText(t.returnedReason('تصویر برگ دوم خوانا نیست'))).toBeInTheDocument();
    const actions = screen.getByRole('region', { name: t.actions });
    expect(actions).toHaveAttribute('data-slot', 'follow-up');
    expect(within(actions).getByText(t.followUpSlot)).toBeInTheDocument();
    // the follow-up of the returned request starts here, on the ticket this counter serves
    fireEvent.click(within(actions).getByRole('button', { name: t.followUpStart }));
    expect(await screen.findByText(t.followUpStarted)).toBeInTheDocument();
    expect(followUp.mock.calls[0]![0]).toEqual({ requestId: REQUEST_ID, counterId: 2 });

    // the receipt again, as a PDF
    const receiptLine = screen.getByText(/رسید ۱۴۰۵\/۰۰۰۰۴۵/).closest('li')!;
    fireEvent.click(within(receiptLine).getByRole('button', { name: t.reprintPdf }));
    expect(await screen.findByText(t.pdfSaved('receipt-1405-000045-duplicate.pdf', true))).toBeInTheDocument();
    expect(reprint.mock.calls[0]![0]).toEqual({ requestId: REQUEST_ID, receipt: { kind: 'payment', paymentId: PAYMENT_ID }, output: 'pdf', counterId: 2 });
    // and on this counter's printer
    reprint.mockImplementationOnce(() => out({ duplicate: true, fileName: null, pdfBase64: null, printer: '192.168.1.50:9100' }));
    fireEvent.click(within(receiptLine).getByRole('button', { name: t.reprintPrint }));
    expect(await screen.findByText(t.printed('192.168.1.50:9100', true))).toBeInTheDocument();
  });

  it('says in Persian what is wrong with what was typed, and when nothing was found', async () => {
    let answer = fail('SEARCH_QUERY_INVALID');
    renderWithHub(<RequestSearch counterId={null} />, { 'search.requests': () => answer });
    fireEvent.change(screen.getByLabelText(t.kind), { target: { value: 'nationalId' } });
    const field = screen.getByLabelText(t.text);
    fireEvent.change(field, { target: { value: '123%' } });
    fireEvent.submit(field.closest('form')!);
    expect(await screen.findByText(fa.errors.SEARCH_QUERY_INVALID)).toBeInTheDocument();
    answer = out({ results: [], more: false });
    fireEvent.submit(field.closest('form')!);
    expect(await screen.findByText(t.none)).toBeInTheDocument();
  });

  it('searches a range of Jalali days, the second optional', async () => {
    const search = vi.fn<Handler>(() => out({ results: [found({ servedHere: true, applicant: { kind: 'natural', name: 'علی رضایی', idNumber: '0013542419', masked: false } })], more: true }));
    renderWithHub(<RequestSearch counterId={1} />, { 'search.requests': search });
    fireEvent.change(screen.getByLabelText(t.kind), { target: { value: 'dateRange' } });
    fireEvent.change(screen.getByLabelText(t.from), { target: { value: '۱۴۰۵/۰۹/۰۷' } });
    fireEvent.submit(screen.getByLabelText(t.from).closest('form')!);
    expect(await screen.findByText(t.servedHere)).toBeInTheDocument();
    expect(search.mock.calls[0]![0]).toEqual({ query: { kind: 'dateRange', from: '۱۴۰۵/۰۹/۰۷' }, counterId: 1 });
    expect(screen.getByText(t.more)).toBeInTheDocument();
  });
});
