import type { ProcedureInput } from '../../core/api/contract';
import { addClerk, type setUpHub } from './hub';

// Fixtures for the counter workflow's tests. On the test clock (2026-11-28 = 1405-09-07) the shipped
// 1403 tariff is in force: petition 770,000; each extra page 70,000.

export const applicant = {
  kind: 'natural',
  nationalId: '0013542419',
  firstName: 'علی',
  lastName: 'رضایی',
  fatherName: 'محمد',
  mobile: '09121234567',
  sanaStatus: 'registered',
} as const;

/** Two parties, four pages (two beyond the base fee), a 100,000,000-rial claim: 2.5 % = 2,500,000. */
export const details = {
  parties: [
    { role: 'plaintiff', name: 'علی رضایی', nationalId: '۰۰۱۳۵۴۲۴۱۹' },
    { role: 'defendant', name: 'شرکت نمونه' },
  ],
  instance: 'first',
  pages: 4,
  judicialCosts: { claims: [{ kind: 'monetaryFirstInstance', valueRials: 100_000_000 }] },
} satisfies ProcedureInput<'request.setDetails'>['details'];

/** The office tariff and the judicial costs `details` comes to. */
export const OFFICE = 770_000 + 2 * 70_000;
export const JUDICIAL = 2_500_000;

/** A card terminal's receipt as the clerk types it in. */
export const terminalReceipt = (amountRials: number, rrn = '412345678901') => ({
  amountRials,
  rrn,
  trace: '654321',
  terminalId: 'C0000301',
  maskedCard: '603799******1234',
  responseCode: '00',
});

/** Clerk reza sitting at counter 1 with a called ticket — where a request is opened. */
export async function clerkWithCalledTicket(t: Awaited<ReturnType<typeof setUpHub>>) {
  const kiosk = (await t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
  const clerk = await addClerk(t);
  await t.ok('queue.openCounter', { counterId: 1 }, clerk);
  await t.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
  await t.ok('queue.callNext', { counterId: 1 }, clerk);
  return { kiosk, clerk };
}

/**
 * At the counter of `clerkWithCalledTicket`: a petition walked through identity, details and fees
 * (100,000 rials discount on the office tariff), then both parts paid from terminal receipts.
 */
export async function paidRequest(t: Awaited<ReturnType<typeof setUpHub>>, clerk: string) {
  const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const { applicantId } = await t.ok('applicant.save', applicant, clerk);
  await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
  await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
  await t.ok('request.fixFees', { requestId: r.id, discount: { amountRials: 100_000, reason: 'همسایهٔ دفتر' } }, clerk);
  const office = await t.ok('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE - 100_000, '412345678901') }, clerk);
  const judicial = await t.ok('payment.manual', { requestId: r.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '412345678902') }, clerk);
  return { request: r, office, judicial };
}
