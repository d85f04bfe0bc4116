import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../core/api/request';
import type { WorkstationView } from '../../core/api/agent';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { RequestDesk } from './RequestDesk';
import { requestView, workstationView } from '../../test/support/renderer/fixtures';

const d = fa.desk;

const base: RequestView = requestView();

const feesFixed: RequestView = {
  ...base,
  status: 'feesFixed',
  currentStep: 'payment',
  missing: ['payment', 'documents', 'applicantReview', 'originalsMatch'],
  quote: {
    id: 3,
    tableId: 'tariff-1403',
    totals: { officeTariffRials: 910_000, judicialCostRials: 2_500_000, discountRials: 0, exemptRials: 0, judicialExemptRials: 0, payableRials: 3_410_000 },
    lines: [
      { kind: 'officeTariff', code: 'petition', quantity: 1, unitRials: 770_000, amountRials: 770_000, discountRials: 0, exemptRials: 0, chargedRials: 770_000 },
      { kind: 'officeTariff', code: 'extraPage', quantity: 2, unitRials: 70_000, amountRials: 140_000, discountRials: 0, exemptRials: 0, chargedRials: 140_000 },
      { kind: 'judicialCost', code: 'monetaryFirstInstance', quantity: 1, unitRials: 2_500_000, amountRials: 2_500_000, discountRials: 0, exemptRials: 0, chargedRials: 2_500_000, basisRials: 100_000_000 },
    ],
    discount: null,
    due: { officeTariff: 910_000, judicialCost: 2_500_000 },
  },
};

function desk(requests: RequestView[], script: Parameters<typeof renderWithHub>[1] = {}, serving = true) {
  return renderWithHub(<RequestDesk counterId={1} ticketId="t-1" serving={serving} />, {
    'request.atCounter': () => out({ ticketId: 't-1', requests }),
    ...script,
  });
}

const ws = (deviceId: number, devices: WorkstationView['devices']): WorkstationView => workstationView({ deviceId, name: `باجهٔ ${deviceId}`, helloAt: '2026-11-28T06:00:00.000Z', devices });

describe('RequestDesk', () => {
  it('says how a request starts while the counter serves no one', async () => {
    renderWithHub(<RequestDesk counterId={1} ticketId={null} serving={false} />, { 'request.atCounter': () => out({ ticketId: null, requests: [] }) });
    expect(await screen.findByText(d.noTicket)).toBeInTheDocument();
  });

  it('opens a request for the person at the counter with the service and the deadline as typed', async () => {
    const open = vi.fn<Handler>(() => out(base));
    desk([], { 'request.open': open });
    fireEvent.change(await screen.findByLabelText(d.service), { target: { value: 'complaint' } });
    fireEvent.change(screen.getByLabelText(d.deadline), { target: { value: '۱۴۰۵/۰۹/۲۰' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(d.open) }));
    await waitFor(() => expect(open).toHaveBeenCalledOnce());
    expect(open.mock.calls[0]![0]).toEqual({ counterId: 1, service: 'complaint', legalDeadline: '۱۴۰۵/۰۹/۲۰' });
  });

  it('shows the hub’s reason beside the field that is wrong, and records nothing else', async () => {
    const verify = vi.fn<Handler>(() => out(base));
    desk([base], {
      'applicant.save': () => fail('INVALID_INPUT', { fields: [{ path: 'nationalId', reason: 'invalid_national_id' }] }),
      'request.verifyIdentity': verify,
    });
    fireEvent.change(await screen.findByLabelText(d.identity.nationalId), { target: { value: '۱۱۱۱۱۱۱۱۱۱' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(d.identity.submit) }));
    expect(await screen.findByText(fa.fields.invalid_national_id!)).toBeInTheDocument();
    expect(screen.getByText(fa.errors.INVALID_INPUT)).toBeInTheDocument();
    expect(verify).not.toHaveBeenCalled();
  });

  it('saves the applicant and records the document seen', async () => {
    const save = vi.fn<Handler>(() => out({ applicantId: 5 }));
    const verify = vi.fn<Handler>(() => out({ ...base, status: 'identityVerified', currentStep: 'details' }));
    desk([base], { 'applicant.save': save, 'request.verifyIdentity': verify });
    fireEvent.change(await screen.findByLabelText(d.identity.nationalId), { target: { value: '۰۰۱۳۵۴۲۴۱۹' } });
    fireEvent.change(screen.getByLabelText(d.identity.firstName), { target: { value: 'علی' } });
    fireEvent.change(screen.getByLabelText(d.identity.lastName), { target: { value: 'رضایی' } });
    fireEvent.change(screen.getByLabelText(d.identity.document), { target: { value: 'birthCertificate' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(d.identity.submit) }));
    await waitFor(() => expect(verify).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]![0]).toMatchObject({ kind: 'natural', nationalId: '۰۰۱۳۵۴۲۴۱۹', firstName: 'علی', lastName: 'رضایی', sanaStatus: 'unknown' });
    expect(verify.mock.calls[0]![0]).toEqual({ requestId: base.id, applicantId: 5, document: 'birthCertificate' });
  });

  it('takes the terminal receipt of the first unpaid part, prefilled with its exact amount; a duplicate RRN is refused in Persian', async () => {
    const pay = vi.fn<Handler>(() => fail('DUPLICATE_RRN'));
    desk([feesFixed], { 'payment.manual': pay });
    expect(await screen.findByLabelText(d.payment.amount)).toHaveValue('۹۱۰٬۰۰۰');
    expect(screen.getAllByText('۳٬۴۱۰٬۰۰۰ ریال').length).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText(d.payment.rrn), { target: { value: '412345678901' } });
    fireEvent.change(screen.getByLabelText(d.payment.trace), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(d.payment.record) }));
    expect(await screen.findByText(fa.errors.DUPLICATE_RRN)).toBeInTheDocument();
    expect(pay.mock.calls[0]![0]).toMatchObject({ requestId: base.id, part: 'officeTariff', approval: { amountRials: '۹۱۰٬۰۰۰', rrn: '412345678901', trace: '654321', responseCode: '00' } });
  });

  it('pays on the counter’s card terminal when one is set, keeps manual entry one click away, and says what an unanswered sale means', async () => {
    const pay = vi.fn<Handler>(() => fail('PAYMENT_IN_DOUBT'));
    desk([feesFixed], {
      'terminal.get': () => out({ terminal: { counterId: 1, kind: 'sadad', baseUrl: 'http://127.0.0.1:8000', timeoutMs: 120_000, deviceIp: null, devicePort: null, terminalId: null, updatedAt: '2026-11-28T06:00:00.000Z', updatedBy: 1 } }),
      'payment.terminal': pay,
    });
    const button = await screen.findByRole('button', { name: d.payment.terminalPay(d.payment.part.officeTariff!, '۹۱۰٬۰۰۰ ریال') });
    expect(screen.queryByLabelText(d.payment.rrn)).not.toBeInTheDocument();
    fireEvent.click(button);
    expect(await screen.findByText(fa.errors.PAYMENT_IN_DOUBT)).toBeInTheDocument();
    expect(pay.mock.calls[0]![0]).toEqual({ requestId: base.id, part: 'officeTariff' });
    fireEvent.click(screen.getByRole('button', { name: d.payment.manualInstead }));
    expect(screen.getByLabelText(d.payment.rrn)).toBeInTheDocument();
  });

  it('pays on the card terminal its own workstation’s agent reported when no terminal is set for the counter', async () => {
    const pay = vi.fn<Handler>(() => fail('PAYMENT_IN_DOUBT'));
    const terminal = { type: 'terminal' as const, driver: 'sadad' as const, id: 'sadad:http://127.0.0.1:8000', label: 'Sadad PC-POS' };
    const printer = { type: 'printer' as const, driver: 'escpos' as const, id: 'tcp:127.0.0.1:9100', label: 'چاپگر' };
    desk([feesFixed], {
      'terminal.get': () => out({ terminal: null }),
      'agent.workstations': () => out({ workstations: [ws(7, [printer, terminal])], self: 7 }),
      'payment.terminal': pay,
    });
    fireEvent.click(await screen.findByRole('button', { name: d.payment.terminalPay(d.payment.part.officeTariff!, '۹۱۰٬۰۰۰ ریال') }));
    await waitFor(() => expect(pay).toHaveBeenCalledOnce());
  });

  it('takes receipts by hand when neither the counter nor its own workstation has a card terminal', async () => {
    const terminal = { type: 'terminal' as const, driver: 'sadad' as const, id: 'sadad:http://127.0.0.1:8000', label: 'Sadad PC-POS' };
    desk([feesFixed], {
      'terminal.get': () => out({ terminal: null }),
      // another PC's agent has a terminal; this one's reported none
      'agent.workstations': () => out({ workstations: [ws(8, [terminal]), ws(7, [])], self: 7 }),
    });
    expect(await screen.findByLabelText(d.payment.rrn)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: d.payment.terminalPay(d.payment.part.officeTariff!, '۹۱۰٬۰۰۰ ریال') })).not.toBeInTheDocument();
  });

  it('closes a request only with a reason of five characters or more', async () => {
    const close = vi.fn<Handler>(() => out({ ...base, status: 'refused', currentStep: null, missing: null, reason: 'مدارک ناقص است' }));
    desk([base], { 'request.close': close });
    fireEvent.click(await screen.findByRole('button', { name: d.closeButton }));
    fireEvent.click(screen.getByLabelText(d.closeRefuse));
    const submit = screen.getByRole('button', { name: d.closeSubmit });
    fireEvent.change(screen.getByLabelText(d.closeReason), { target: { value: 'کم' } });
    expect(submit).toBeDisabled();
    fireEvent.change(screen.getByLabelText(d.closeReason), { target: { value: 'مدارک ناقص است' } });
    fireEvent.click(submit);
    await waitFor(() => expect(close).toHaveBeenCalledOnce());
    expect(close.mock.calls[0]![0]).toEqual({ requestId: base.id, kind: 'refused', reason: 'مدارک ناقص است' });
  });

  it('sends the details as typed: Persian digits and separators in the claim value, a judicial-cost exemption with its evidence', async () => {
    const setDetails = vi.fn<Handler>(() => out({ ...base, status: 'detailsComplete', currentStep: 'fees' }));
    const identified: RequestView = {
      ...base,
      status: 'identityVerified',
      currentStep: 'details',
      applicant: { id: 5, data: { kind: 'natural', nationalId: '0013542419', firstName: 'علی', lastName: 'رضایی', fatherName: 'محمد', mobile: '09121234567', sanaStatus: 'registered' } },
    };
    desk([identified], { 'request.setDetails': setDetails });
    const names = await screen.findAllByLabelText(d.details.name);
    expect(names[0]).toHaveValue('علی رضایی');
    fireEvent.change(names[1]!, { target: { value: 'شرکت نمونه' } });
    fireEvent.change(screen.getByLabelText(d.details.pages), { target: { value: '۴' } });
    fireEvent.change(screen.getByLabelText(d.details.claim), { target: { value: 'monetaryFirstInstance' } });
    fireEvent.change(screen.getByLabelText(d.details.claimValue), { target: { value: '۱۰۰٬۰۰۰٬۰۰۰' } });
    fireEvent.change(screen.getByLabelText(d.details.judicialExemption), { target: { value: 'indigentByCourtDecision' } });
    fireEvent.change(screen.getByLabelText(d.fees.confirmationRef), { target: { value: 'DAD-1405-77' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(d.details.submit) }));
    await waitFor(() => expect(setDetails).toHaveBeenCalledOnce());
    expect(setDetails.mock.calls[0]![0]).toEqual({
      requestId: base.id,
      details: {
        parties: [
          { role: 'plaintiff', name: 'علی رضایی' },
          { role: 'defendant', name: 'شرکت نمونه' },
        ],
        instance: 'first',
        pages: 4,
        judicialCosts: {
          claims: [{ kind: 'monetaryFirstInstance', valueRials: 100_000_000 }],
          formSheets: 0,
          certifiedCopies: 0,
          exemption: { category: 'indigentByCourtDecision', evidence: { confirmationRef: 'DAD-1405-77' } },
        },
      },
    });
  });

  it('marks a deadline-bound request', async () => {
    desk([{ ...base, legalDeadline: '1405-09-20' }]);
    expect(await screen.findByText(d.deadlineBadge('۱۴۰۵/۰۹/۲۰'))).toBeInTheDocument();
  });
});

describe('RequestDesk — the legal deadline and closing', () => {
  it('refuses a deadline already past at opening with the Persian sentence beside the field', async () => {
    desk([], { 'request.open': () => fail('DEADLINE_PASSED', { fields: [{ path: 'legalDeadline', reason: 'deadline_passed' }] }) });
    fireEvent.change(await screen.findByLabelText(d.deadline), { target: { value: '۱۴۰۵/۰۹/۰۱' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(d.open) }));
    expect(await screen.findByText(fa.fields.deadline_passed!)).toBeInTheDocument();
    expect(screen.getByText(fa.errors.DEADLINE_PASSED)).toBeInTheDocument();
  });

  it('corrects the deadline from the keyboard: the dialog opens on its field, Enter records it, Esc leaves', async () => {
    const withDeadline = { ...base, legalDeadline: '1405/09/20' };
    const setDeadline = vi.fn<Handler>(() => out({ ...withDeadline, legalDeadline: '1405/09/25' }));
    desk([withDeadline], { 'request.setDeadline': setDeadline });
    expect(await screen.findByText(d.deadlineBadge('۱۴۰۵/۰۹/۲۰'))).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: d.deadlineFix }));
    const field = screen.getByLabelText(d.deadlineField);
    expect(field).toHaveFocus();
    expect(field).toHaveValue('۱۴۰۵/۰۹/۲۰');
    fireEvent.change(field, { target: { value: '۱۴۰۵/۰۹/۲۵' } });
    fireEvent.submit(field.closest('form')!);
    await waitFor(() => expect(setDeadline).toHaveBeenCalledWith({ requestId: base.id, legalDeadline: '۱۴۰۵/۰۹/۲۵' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    fireEvent.click(screen.getByRole('button', { name: d.deadlineFix }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('offers no correction once the request is in the outbox', async () => {
    desk([{ ...base, legalDeadline: '1405/09/20', status: 'readyToSend', currentStep: 'send', missing: [] }], { 'sync.status': () => out(null as never) });
    await screen.findByText(d.deadlineBadge('۱۴۰۵/۰۹/۲۰'));
    expect(screen.queryByRole('button', { name: d.deadlineFix })).not.toBeInTheDocument();
  });

  it('closes as the clerk’s mistake apart from the applicant’s withdrawal, and says so afterwards', async () => {
    const close = vi.fn<Handler>(() => out({ ...base, status: 'cancelled', currentStep: null, missing: null, reason: 'خدمت اشتباه بود', cancelCause: 'clerkError' }));
    desk([base], { 'request.close': close });
    fireEvent.click(await screen.findByRole('button', { name: d.closeButton }));
    fireEvent.click(screen.getByLabelText(d.closeClerkError));
    fireEvent.change(screen.getByLabelText(d.closeReason), { target: { value: 'خدمت اشتباه بود' } });
    fireEvent.click(screen.getByRole('button', { name: d.closeSubmit }));
    await waitFor(() => expect(close).toHaveBeenCalledWith({ requestId: base.id, kind: 'clerkError', reason: 'خدمت اشتباه بود' }));
  });
});
