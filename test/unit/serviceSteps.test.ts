/**
 * Each service declares its steps (issue 19, point 4), end to end: a hub at the counter and the
 * reference central over real HTTP. «مشاهدهٔ ابلاغیه» goes identity → details → fees → payment →
 * inquiry → printout with no scan and no send; the central answers from its notification stand-in
 * and logs the inquiry; «پیگیری» asks for a case by its tracking code; «پرداخت الکترونیک وجوه» ends
 * with its receipt, «رمز ثنا» with its slip once the owner consents on the applicant screen. A step a
 * service does not have is refused with STEP_NOT_IN_SERVICE, and nothing changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ServiceCode } from '../../core/fees/services';
import type { Sql } from '../../central/sql';
import type { SyncTestHub } from '../support/sync';
import { officeAtCentral } from '../support/centralOffice';
import { applicant, terminalReceipt } from '../support/requests';

let sql: Sql;
let app: FastifyInstance;
let url: string;
let o: SyncTestHub;
let rrn = 512345670000;

const central = officeAtCentral({ code: '7002', name: 'دفتر ۷۰۰۲' });
beforeAll(() => ({ sql, app, url, o } = central));

const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

/** A request of `service` for Maryam (0499370899, who has two notifications), identified, detailed, priced and paid. */
async function paid(service: ServiceCode) {
  const r = await o.t.ok('request.open', { counterId: 1, service }, o.clerk);
  const { applicantId } = await o.t.ok('applicant.save', { ...applicant, nationalId: '0499370899', firstName: 'مریم', lastName: 'احمدی', fatherName: 'حسن' }, o.clerk);
  await o.t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, o.clerk);
  await o.t.ok('request.setDetails', { requestId: r.id, details: { parties: [{ role: 'other', name: 'مریم احمدی', nationalId: '0499370899' }], instance: 'first', pages: 0 } }, o.clerk);
  const fixed = await o.t.ok('request.fixFees', { requestId: r.id }, o.clerk);
  expect(fixed.quote!.due.judicialCost).toBe(0);
  const view = (await o.t.ok('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(fixed.quote!.due.officeTariff, String(++rrn)) }, o.clerk));
  return { id: r.id, receipt: view };
}

describe('services that file nothing', () => {
  it('«مشاهدهٔ ابلاغیه» completes without a scan: paid → the applicant’s notifications from the central → printed and delivered', async () => {
    const { id } = await paid('notificationView');
    const atPaid = await o.t.ok('request.get', { requestId: id }, o.clerk);
    expect(atPaid).toMatchObject({
      status: 'paid',
      steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'],
      inquiryKind: 'notification',
      printout: 'inquiryAnswer',
      currentStep: 'inquiry',
      missing: ['inquiry'],
      inquiryAnswer: null,
    });
    // the applicant's screen shows their request with only its own steps, and no pages to review
    const screen = (await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!;
    expect(screen).toMatchObject({ id, steps: ['identity', 'details', 'fees', 'payment', 'inquiry', 'printout'], currentStep: 'inquiry', documents: null, sanaConsent: null, inquiry: null });

    // no scan: capture is refused, and so is sending
    expect(codeOf(await o.t.call('capture.start', { requestId: id, counterId: 1, documentType: 'petition' }, o.clerk))).toBe('STEP_NOT_IN_SERVICE');
    expect(codeOf(await o.t.call('request.send', { requestId: id }, o.clerk))).toBe('STEP_NOT_IN_SERVICE');
    // the printout waits for the answer
    expect(codeOf(await o.t.call('request.deliver', { requestId: id }, o.clerk))).toBe('REQUEST_OUT_OF_ORDER');
    expect((await o.t.ok('request.get', { requestId: id }, o.clerk)).status).toBe('paid');

    const answered = await o.t.ok('request.inquire', { requestId: id }, o.clerk);
    expect(answered).toMatchObject({ status: 'answered', currentStep: 'printout', missing: [] });
    expect(answered.inquiryAnswer!.subject).toBe('0499370899');
    expect(answered.inquiryAnswer!.answer).toEqual({
      kind: 'notification',
      notices: [
        expect.objectContaining({ number: '140409120031', issuedOn: '1404-09-12', title: 'اخطاریهٔ جلسهٔ رسیدگی' }),
        expect.objectContaining({ number: '140407020017', issuedOn: '1404-07-02', title: 'ابلاغ قرار' }),
      ],
    });
    // logged at the central with the request and the purpose, and at the hub
    const log = await sql.query<{ request_id: string; kind: string; purpose: string; subject: string }>("SELECT request_id, kind, purpose, subject FROM inquiry_log WHERE kind = 'notification'");
    expect(log.rows).toEqual([{ request_id: id, kind: 'notification', purpose: 'notificationView', subject: '0499370899' }]);
    expect((await o.t.ok('inquiry.list', { requestId: id }, o.clerk)).inquiries.map((i) => [i.kind, i.outcome])).toEqual([['notification', 'answered']]);
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!.inquiry).toEqual({ kind: 'notification', found: 2 });

    const delivered = await o.t.ok('request.deliver', { requestId: id }, o.clerk);
    expect(delivered).toMatchObject({ status: 'delivered', currentStep: null, missing: [], submission: null });
    // final: nothing more happens to it, and the screen no longer shows it
    expect(codeOf(await o.t.call('request.close', { requestId: id, kind: 'cancelled', reason: 'دیر شد' }, o.clerk))).toBe('REQUEST_CLOSED');
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request).toBeNull();
    const events = (await o.t.ok('audit.list', { action: 'inquiryMade' }, o.t.managerSession)).entries.filter((e) => e.subject === `request:${id}`);
    expect(events.map((e) => e.detail)).toEqual([expect.objectContaining({ kind: 'notification', purpose: 'notificationView', subject: '0499370899', outcome: 'answered', found: true })]);
  });

  it('«پیگیری» asks for a case by the tracking code the clerk types, and says so when there is none', async () => {
    const { id } = await paid('followUp');
    expect(codeOf(await o.t.call('request.inquire', { requestId: id }, o.clerk))).toBe('INQUIRY_NO_SUBJECT');
    expect(codeOf(await o.t.call('request.inquire', { requestId: id, trackingCode: '12' }, o.clerk))).toBe('INVALID_INPUT');
    const none = await o.t.ok('request.inquire', { requestId: id, trackingCode: '9999999999999999' }, o.clerk);
    expect(none.inquiryAnswer!.answer).toEqual({ kind: 'caseStatus', case: null });
    // asked again, with the right code (Persian digits and dashes as printed), before printing
    const found = await o.t.ok('request.inquire', { requestId: id, trackingCode: '۱۴۰۴-۰۹۱۲-۰۰۰۰-۰۰۱۷' }, o.clerk);
    expect(found.inquiryAnswer!.answer).toEqual({ kind: 'caseStatus', case: { trackingCode: '1404091200000017', authority: 'شعبهٔ ۱۲ دادگاه عمومی حقوقی تهران', stage: 'در نوبت رسیدگی', lastAction: 'تعیین وقت رسیدگی', on: '1404-09-12' } });
    expect((await o.t.ok('request.deliver', { requestId: id }, o.clerk)).status).toBe('delivered');
  });

  it('«پرداخت الکترونیک وجوه» ends with its receipt right after payment; it has no inquiry', async () => {
    const { id } = await paid('electronicPayment');
    const view = await o.t.ok('request.get', { requestId: id }, o.clerk);
    expect(view).toMatchObject({ steps: ['identity', 'details', 'fees', 'payment', 'printout'], currentStep: 'printout', printout: 'paymentReceipt', inquiryKind: null });
    expect(view.receipts).toHaveLength(1);
    expect(codeOf(await o.t.call('request.inquire', { requestId: id }, o.clerk))).toBe('STEP_NOT_IN_SERVICE');
    expect((await o.t.ok('request.get', { requestId: id }, o.clerk)).status).toBe('paid');
    expect((await o.t.ok('request.deliver', { requestId: id }, o.clerk)).status).toBe('delivered');
  });

  it('«رمز ثنا» hands its slip over only once the owner said yes on the applicant screen (ماده ۴۰ ب)', async () => {
    const { id } = await paid('sanaPassword');
    expect((await o.t.ok('applicantScreen.view', { counterId: 1 }, o.screen)).request!.sanaConsent).toEqual({ asked: true, given: null });
    expect(codeOf(await o.t.call('request.deliver', { requestId: id }, o.clerk))).toBe('SANA_CONSENT_REQUIRED');
    await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, requestId: id, consent: false }, o.screen);
    expect(codeOf(await o.t.call('request.deliver', { requestId: id }, o.clerk))).toBe('SANA_CONSENT_REQUIRED');
    await o.t.ok('applicantScreen.sanaConsent', { counterId: 1, requestId: id, consent: true }, o.screen);
    const delivered = await o.t.ok('request.deliver', { requestId: id }, o.clerk);
    expect(delivered).toMatchObject({ status: 'delivered', sanaConsent: { given: true, identityDocument: 'nationalCard' } });
  });

  it('keeps a filing as it was: no inquiry, no printout, and its scan and send', async () => {
    const requestId = await o.matched();
    const view = await o.t.ok('request.get', { requestId }, o.clerk);
    expect(view).toMatchObject({ status: 'originalsMatched', steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send'], currentStep: 'send', inquiryKind: null, printout: null, inquiryAnswer: null });
    expect(codeOf(await o.t.call('request.inquire', { requestId }, o.clerk))).toBe('STEP_NOT_IN_SERVICE');
    expect(codeOf(await o.t.call('request.deliver', { requestId }, o.clerk))).toBe('STEP_NOT_IN_SERVICE');
    expect((await o.t.ok('request.send', { requestId }, o.clerk)).submissionId).toBeTruthy();
  });
});
