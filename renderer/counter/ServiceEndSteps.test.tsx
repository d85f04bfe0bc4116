import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../core/api/request';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { RequestDesk } from './RequestDesk';
import { requestView } from '../../test/support/renderer/fixtures';

const t = fa.serviceEnd;
const INQUIRY_STEPS: RequestView['steps'] = ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'];
const notification = (over: Partial<RequestView> = {}): RequestView =>
  requestView({ service: 'notificationView', steps: INQUIRY_STEPS, inquiryKind: 'notification', printout: 'inquiryAnswer', status: 'paid', currentStep: 'inquiry', missing: ['inquiry'], ...over });
const notices = {
  inquiryId: '9d6f2c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
  subject: '0499370899',
  answeredAt: '2026-12-07T06:30:00.000Z',
  answer: {
    kind: 'notification' as const,
    notices: [{ number: '140409120031', issuedOn: '1404-09-12', authority: 'شعبهٔ ۱۲ دادگاه عمومی حقوقی تهران', title: 'اخطاریهٔ جلسهٔ رسیدگی', text: 'جلسهٔ رسیدگی روز ۱۴۰۴/۱۰/۰۵ برگزار می‌شود.' }],
  },
};

function desk(requests: RequestView[], script: Parameters<typeof renderWithHub>[1] = {}) {
  return renderWithHub(<RequestDesk counterId={1} ticketId="t-1" serving />, { 'request.atCounter': () => out({ ticketId: 't-1', requests }), ...script });
}
const stepNames = () => within(screen.getByRole('list', { name: fa.counter.requestTitle })).getAllByRole('listitem').map((li) => li.textContent);

describe('the stepper follows the service’s declared steps', () => {
  it('shows a filing’s eight steps of ماده ۴', async () => {
    desk([requestView()]);
    await screen.findByRole('list', { name: fa.counter.requestTitle });
    expect(stepNames()).toEqual(['۱احراز هویت', '۲جزئیات درخواست', '۳هزینه‌ها', '۴پرداخت', '۵اسناد', '۶رؤیت متقاضی', '۷مطابقت با اصل', '۸ارسال']);
  });

  it('shows «مشاهدهٔ ابلاغیه» without documents, review, match or send: payment done, the inquiry current', async () => {
    desk([notification()]);
    await screen.findByRole('list', { name: fa.counter.requestTitle });
    expect(stepNames()).toEqual(['✓احراز هویت', '✓جزئیات درخواست', '✓هزینه‌ها', '✓پرداخت', '۵استعلام', '۶چاپ و تحویل']);
    expect(screen.getByRole('listitem', { current: 'step' })).toHaveTextContent('استعلام');
    // no scan or send is offered
    expect(screen.queryByRole('button', { name: /اسکن/ })).toBeNull();
    expect(screen.queryByRole('button', { name: new RegExp(fa.send.send) })).toBeNull();
    // nothing is sent, so neither a legal deadline nor «ready to send» is spoken of
    expect(screen.getByText(new RegExp(fa.desk.missingBeforePrintout))).toHaveTextContent('استعلام');
    expect(screen.queryByText(new RegExp(fa.desk.missing))).toBeNull();
    expect(screen.queryByRole('button', { name: fa.desk.deadlineAdd })).toBeNull();
  });
});

describe('the inquiry and printout steps', () => {
  it('asks the central for the applicant’s notifications and shows the request as the hub answers', async () => {
    const inquire = vi.fn<Handler>(() => out(notification({ status: 'answered', currentStep: 'printout', missing: [], inquiryAnswer: notices })));
    desk([notification()], { 'request.inquire': inquire });
    expect(await screen.findByText(t.notificationHint)).toBeInTheDocument();
    expect(screen.queryByLabelText(t.trackingCode)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: t.ask }));
    await waitFor(() => expect(inquire).toHaveBeenCalledWith({ requestId: notification().id }));
  });

  it('asks a follow-up with the typed tracking code, and shows a refusal in Persian', async () => {
    const inquire = vi.fn<Handler>(() => fail('INQUIRY_FAILED'));
    desk([notification({ service: 'followUp', inquiryKind: 'caseStatus' })], { 'request.inquire': inquire });
    fireEvent.change(await screen.findByLabelText(t.trackingCode), { target: { value: '۱۴۰۴۰۹۱۲۰۰۰۰۰۰۱۷' } });
    fireEvent.click(screen.getByRole('button', { name: t.ask }));
    expect(await screen.findByText(fa.errors.INQUIRY_FAILED)).toBeInTheDocument();
    expect(inquire).toHaveBeenCalledWith({ requestId: notification().id, trackingCode: '۱۴۰۴۰۹۱۲۰۰۰۰۰۰۱۷' });
  });

  it('shows the answer as it will be printed — Jalali day in Persian digits — then prints and delivers it', async () => {
    // happy-dom has no print dialog
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const answered = notification({ status: 'answered', currentStep: 'printout', missing: [], inquiryAnswer: notices });
    const deliver = vi.fn<Handler>(() => out({ ...answered, status: 'delivered', currentStep: null }));
    desk([answered], { 'request.deliver': deliver });
    expect(await screen.findByText('اخطاریهٔ جلسهٔ رسیدگی')).toBeInTheDocument();
    expect(screen.getByText(/۱۴۰۴\/۰۹\/۱۲/)).toBeInTheDocument();
    expect(screen.getByText(t.notificationSlip)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.deliver }));
    await waitFor(() => expect(deliver).toHaveBeenCalledWith({ requestId: answered.id }));
    expect(print).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });

  it('holds a Sana password slip until the owner consents on their screen', async () => {
    const sana = requestView({ service: 'sanaPassword', steps: ['identity', 'details', 'fees', 'payment', 'printout'], printout: 'sanaSlip', status: 'paid', currentStep: 'printout', missing: [] });
    desk([sana]);
    expect(await screen.findByText(t.sanaWaiting)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.deliver })).toBeDisabled();
  });

  it('says a delivered request is done, and offers only a reprint', async () => {
    desk([notification({ status: 'delivered', currentStep: null, missing: [], inquiryAnswer: notices })]);
    expect(await screen.findByText(t.delivered)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.deliver })).toBeNull();
    expect(screen.getByRole('button', { name: t.print })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: fa.desk.closeButton })).toBeNull();
  });
});
