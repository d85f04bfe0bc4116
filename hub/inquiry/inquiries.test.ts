/**
 * ماده ۳۸ ج: an inquiry only for a request, about its people, for a stated purpose — refusals audited,
 * every inquiry logged answered or not. The central's answer is stubbed here (its side is tested in
 * central/ and end to end in test/unit/inquiries.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InquiryRequest, InquiryResponse } from '../../core/sync/protocol';
import { DomainError } from '../../core/errors';
import { addClerk, setUpHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details } from '../../test/support/requests';

let t: Awaited<ReturnType<typeof setUpHub>>;
afterEach(() => t?.close());

const person = { firstName: 'علی', lastName: 'رضایی', fatherName: 'محمد', birthDate: '1362-04-11', alive: true };

async function office(answer: (body: InquiryRequest) => Promise<InquiryResponse> = async (body) => ({ inquiryId: body.inquiryId, answeredAt: '2026-11-28T06:30:01.000Z', answer: { kind: 'identity', person } })) {
  t = await setUpHub();
  const { clerk } = await clerkWithCalledTicket(t);
  const central = vi.fn(answer);
  t.hub.services.sync.inquire = central;
  const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  return { clerk, central, requestId: r.id };
}

const code = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);
const auditOf = async (action: string) => (await t.ok('audit.list', { limit: 100 }, t.managerSession)).entries.filter((e) => e.action === action);

describe('inquiries', () => {
  it('asks about the person at the counter while the request has no applicant, logs it with the request and purpose, and lists it', async () => {
    const { clerk, central, requestId } = await office();
    const out = await t.ok('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '۰۰۱۳۵۴۲۴۱۹' }, clerk);
    expect(out).toMatchObject({ kind: 'identity', purpose: 'identityVerification', subject: '0013542419', outcome: 'answered', answer: { kind: 'identity', person }, askedBy: 'کارمند reza' });
    expect(central).toHaveBeenCalledWith({ inquiryId: out.id, requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' });
    expect((await t.ok('inquiry.list', { requestId }, clerk)).inquiries).toEqual([out]);
    const [made] = await auditOf('inquiryMade');
    expect(made).toMatchObject({ subject: `request:${requestId}`, detail: { inquiry: out.id, kind: 'identity', purpose: 'identityVerification', subject: '0013542419', outcome: 'answered', found: true } });
  });

  it('refuses, and records the attempt, an identity inquiry about someone not on the request', async () => {
    const { clerk, central, requestId } = await office();
    const { applicantId } = await t.ok('applicant.save', applicant, clerk);
    await t.ok('request.verifyIdentity', { requestId, applicantId, document: 'nationalCard' }, clerk);
    await t.ok('request.setDetails', { requestId, details: { ...details, parties: [...details.parties, { role: 'defendant', name: 'زهرا کریمی', nationalId: '0067749828' }] } }, clerk);
    // the applicant and a listed party: yes
    expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' }, clerk))).toBe('ok');
    expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0067749828' }, clerk))).toBe('ok');
    // a neighbour's national id: no
    const refused = await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0499370899' }, clerk);
    expect(code(refused)).toBe('INQUIRY_NO_BASIS');
    expect(central).toHaveBeenCalledTimes(2);
    const [entry] = await auditOf('inquiryRefused');
    expect(entry).toMatchObject({ subject: `request:${requestId}`, detail: { kind: 'identity', subject: '0499370899', why: 'notOnTheRequest' } });
    // exemption coverage: the applicant's own, nobody else's
    expect(code(await t.call('inquiry.run', { requestId, kind: 'coverage', purpose: 'feeExemption', nationalId: '0067749828' }, clerk))).toBe('INQUIRY_NO_BASIS');
  });

  it('lets no more than three people be looked up before the applicant is known', async () => {
    const { clerk, requestId } = await office();
    for (const id of ['0013542419', '0067749828', '0499370899']) expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: id }, clerk))).toBe('ok');
    expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' }, clerk))).toBe('ok'); // asked again: the same person
    expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '1234567891' }, clerk))).toBe('INQUIRY_NO_BASIS');
  });

  it('is only for a request open at the caller’s counter, with a purpose that fits its kind', async () => {
    const { clerk, requestId } = await office();
    const other = await addClerk(t, 'laleh');
    expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' }, other))).toBe('REQUEST_OTHER_COUNTER');
    expect(code(await t.call('inquiry.run', { kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' } as never, clerk))).toBe('INVALID_INPUT');
    expect(code(await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'feeExemption', nationalId: '0013542419' } as never, clerk))).toBe('INVALID_INPUT');
    expect(code(await t.call('inquiry.run', { requestId: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', kind: 'document', purpose: 'documentAuthenticity', documentCode: 'AB-123456' }, clerk))).toBe('UNKNOWN_REQUEST');
    await t.ok('request.close', { requestId, kind: 'cancelled', reason: 'متقاضی رفت' }, clerk);
    expect(code(await t.call('inquiry.run', { requestId, kind: 'document', purpose: 'documentAuthenticity', documentCode: 'AB-123456' }, clerk))).toBe('INQUIRY_NO_BASIS');
  });

  it('logs an inquiry the central could not answer, and says so', async () => {
    const { clerk, requestId } = await office(async () => {
      throw new DomainError('SYNC_CENTRAL_UNREACHABLE', 'offline');
    });
    const res = await t.call('inquiry.run', { requestId, kind: 'identity', purpose: 'identityVerification', nationalId: '0013542419' }, clerk);
    expect(code(res)).toBe('SYNC_CENTRAL_UNREACHABLE');
    const [logged] = (await t.ok('inquiry.list', { requestId }, clerk)).inquiries;
    expect(logged).toMatchObject({ outcome: 'failed', answer: null });
    const [made] = await auditOf('inquiryMade');
    expect(made!.detail).toMatchObject({ outcome: 'failed', error: 'SYNC_CENTRAL_UNREACHABLE' });
  });
});
