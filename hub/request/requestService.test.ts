import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { addClerk, setUpHub, testHub } from '../../test/support/hub';
import { applicant, clerkWithCalledTicket, details, JUDICIAL, OFFICE, terminalReceipt } from '../../test/support/requests';

// The counter workflow through the real dispatch (contract, sessions, access) on a set-up office:
// 2026-11-28 is 1405-09-07, so the shipped 1403 tariff is in force (petition 770,000; extra page 70,000).

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** An office with clerk reza at counter 1 serving a called ticket. */
async function counter(options: Parameters<typeof setUpHub>[0] = {}) {
  const t = await setUpHub(options);
  cleanup.push(t.close);
  const { kiosk, clerk } = await clerkWithCalledTicket(t);
  const open = () => t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
  const applicantId = async () => (await t.ok('applicant.save', applicant, clerk)).applicantId;
  /** A request walked up to fees fixed. */
  const feesFixed = async () => {
    const r = await open();
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId: await applicantId(), document: 'nationalCard' }, clerk);
    await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
    return t.ok('request.fixFees', { requestId: r.id }, clerk);
  };
  const count = (table: string) => t.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { ...t, kiosk, clerk, open, applicantId, feesFixed, count };
}

const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

describe('the legal order (ماده ۴)', () => {
  it('refuses fees before details and payment before fees, recording nothing', async () => {
    const t = await counter();
    const r = await t.open();
    expect(r).toMatchObject({ status: 'draft', currentStep: 'identity', number: 1, year: 1405, officeDay: '1405-09-07' });
    expect(codeOf(await t.call('request.fixFees', { requestId: r.id }, t.clerk))).toBe('REQUEST_OUT_OF_ORDER');
    expect(codeOf(await t.call('request.setDetails', { requestId: r.id, details }, t.clerk))).toBe('REQUEST_OUT_OF_ORDER');
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId: await t.applicantId(), document: 'nationalCard' }, t.clerk);
    expect(codeOf(await t.call('request.fixFees', { requestId: r.id }, t.clerk))).toBe('REQUEST_OUT_OF_ORDER');
    await t.ok('request.setDetails', { requestId: r.id, details }, t.clerk);
    expect(codeOf(await t.call('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, t.clerk))).toBe('REQUEST_OUT_OF_ORDER');
    expect([t.count('fee_quote'), t.count('payment'), t.count('receipt')]).toEqual([0, 0, 0]);
    expect((await t.ok('request.get', { requestId: r.id }, t.clerk)).status).toBe('detailsComplete');
  });

  it('opens a request only at a counter the caller has open and that is serving a ticket', async () => {
    const t = await counter();
    const other = await addClerk(t, 'sara');
    expect(codeOf(await t.call('request.open', { counterId: 1, service: 'petition' }, other))).toBe('COUNTER_NOT_OPEN');
    await t.ok('queue.openCounter', { counterId: 2 }, other);
    expect(codeOf(await t.call('request.open', { counterId: 2, service: 'petition' }, other))).toBe('COUNTER_IDLE');
    expect(codeOf(await t.call('request.open', { counterId: 1, service: 'petition', legalDeadline: '۱۴۰۵/۱۳/۰۱' }, t.clerk))).toBe('INVALID_DEADLINE');
    const r = await t.ok('request.open', { counterId: 1, service: 'petition', legalDeadline: '۱۴۰۵-۰۹-۲۰' }, t.clerk);
    const ticket = t.db.prepare("SELECT id FROM ticket WHERE status = 'called'").pluck().get();
    expect(r).toMatchObject({ ticketId: ticket, counterId: 1, legalDeadline: '1405/09/20' });
  });

  it('checks details at entry: a party\'s national id, and a claim the service does not take', async () => {
    const t = await counter();
    const r = await t.open();
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId: await t.applicantId(), document: 'nationalCard' }, t.clerk);
    const badId = await t.call('request.setDetails', { requestId: r.id, details: { ...details, parties: [{ role: 'plaintiff', name: 'علی رضایی', nationalId: '1234567890' }] } }, t.clerk);
    expect(codeOf(badId)).toBe('INVALID_INPUT');
    if (!badId.ok) expect(badId.error.fields).toEqual([{ path: 'details.parties.0.nationalId', reason: 'invalid_national_id' }]);
    const wrongClaim = await t.call('request.setDetails', { requestId: r.id, details: { ...details, judicialCosts: { claims: [{ kind: 'criminalComplaint' }] } } }, t.clerk);
    expect(codeOf(wrongClaim)).toBe('FEE_INPUT_INVALID');
    expect((await t.ok('request.get', { requestId: r.id }, t.clerk)).details).toBeNull();
  });
});

describe('a request from ticket to paid', () => {
  it('walks identity, details, fees and both payments, and issues receipts 1 and 2', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    expect(fixed.status).toBe('feesFixed');
    expect(fixed.quote).toMatchObject({
      tableId: 'office-1403',
      totals: { officeTariffRials: OFFICE, judicialCostRials: JUDICIAL, discountRials: 0, exemptRials: 0, payableRials: OFFICE + JUDICIAL },
      due: { officeTariff: OFFICE, judicialCost: JUDICIAL },
    });
    expect(fixed.applicant?.data).toMatchObject({ nationalId: '0013542419' });
    expect(fixed.details?.parties[0]?.nationalId).toBe('0013542419');

    const first = await t.ok('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, t.clerk);
    expect(first.receipt).toMatchObject({ year: 1405, number: 1 });
    expect(first.request.status).toBe('feesFixed');
    const second = await t.ok('payment.manual', { requestId: fixed.id, part: 'judicialCost', approval: { ...terminalReceipt(JUDICIAL, '412345678902'), amountRials: '۲٬۵۰۰٬۰۰۰' } }, t.clerk);
    expect(second.receipt.number).toBe(2);
    expect(second.request).toMatchObject({ status: 'paid', currentStep: 'documents' });
    expect(second.request.receipts.map((r) => r.number)).toEqual([1, 2]);
    expect(second.request.payments.map((p) => [p.part, p.amountRials, p.method])).toEqual([
      ['officeTariff', OFFICE, 'manual'],
      ['judicialCost', JUDICIAL, 'manual'],
    ]);
    const events = t.db.prepare('SELECT type FROM request_event WHERE request_id = ? ORDER BY id').pluck().all(fixed.id);
    expect(events).toEqual(['opened', 'identityVerified', 'detailsCompleted', 'feesFixed', 'paymentReceived']);
    expect(JSON.parse(t.db.prepare("SELECT payload FROM request_event WHERE type = 'paymentReceived'").pluck().get() as string)).toMatchObject({ amount: OFFICE + JUDICIAL });
    // paid: nothing more is due
    expect(codeOf(await t.call('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: terminalReceipt(OFFICE, '412345678903') }, t.clerk))).toBe('PAYMENT_NOT_DUE');
  });

  // finding: a payment amount of '-910000' was recorded as +910,000 (the sign was dropped)
  it('refuses a signed payment amount as typed, recording no payment', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    for (const amountRials of [`-${OFFICE}`, `+${OFFICE}`, `−${OFFICE}`]) {
      const res = await t.call('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: { ...terminalReceipt(OFFICE), amountRials } }, t.clerk);
      expect(res).toMatchObject({ ok: false, error: { code: 'PAYMENT_ENTRY_INVALID', fields: [{ path: 'approval.amountRials', reason: 'invalid_amount' }] } });
    }
    expect(t.count('payment')).toBe(0);
  });

  it('settles an exempt request with nothing to pay by a waiver with its reason, and takes no payment for it', async () => {
    const t = await counter();
    const r = await t.open();
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId: await t.applicantId(), document: 'nationalCard' }, t.clerk);
    await t.ok('request.setDetails', { requestId: r.id, details: { ...details, judicialCosts: { claims: [{ kind: 'unknownValue' }], exemption: { category: 'reliefCommittee', evidence: { cardNumber: '1234567', confirmationRef: 'K-123' } } } } }, t.clerk);
    const fixed = await t.ok('request.fixFees', { requestId: r.id, exemption: { category: 'reliefCommittee', evidence: { confirmationRef: 'K-123' } } }, t.clerk);
    expect(fixed.quote?.totals).toMatchObject({ exemptRials: OFFICE, payableRials: 0 });
    expect(codeOf(await t.call('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, t.clerk))).toBe('PAYMENT_NOT_DUE');
    expect(codeOf(await t.call('request.waivePayment', { requestId: r.id, reason: ' ' }, t.clerk))).toBe('REQUEST_REASON_REQUIRED');
    expect((await t.ok('request.waivePayment', { requestId: r.id, reason: 'کمیته امداد، تأییدیه K-123' }, t.clerk)).status).toBe('paid');
  });

  it('refuses a waiver while something is payable', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    expect(codeOf(await t.call('request.waivePayment', { requestId: fixed.id, reason: 'دلسوزی' }, t.clerk))).toBe('PAYMENT_NOT_WAIVABLE');
  });
});

describe('never above tariff (ماده ۳۸ ذ)', () => {
  it('lets a discount only lower the office tariff, with a reason, never below zero', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    const id = fixed.id;
    expect(codeOf(await t.call('request.fixFees', { requestId: id, discount: { amountRials: 100_000, reason: '' } }, t.clerk))).toBe('DISCOUNT_REASON_REQUIRED');
    expect(codeOf(await t.call('request.fixFees', { requestId: id, discount: { amountRials: OFFICE + 1, reason: 'بیش از تعرفه' } }, t.clerk))).toBe('DISCOUNT_INVALID');
    expect(codeOf(await t.call('request.fixFees', { requestId: id, discount: { amountRials: -100_000, reason: 'منفی' } }, t.clerk))).toBe('INVALID_INPUT');
    const discounted = await t.ok('request.fixFees', { requestId: id, discount: { amountRials: 100_000, reason: 'همسایهٔ دفتر' } }, t.clerk);
    expect(discounted.quote).toMatchObject({ totals: { discountRials: 100_000, payableRials: OFFICE + JUDICIAL - 100_000 }, due: { officeTariff: OFFICE - 100_000, judicialCost: JUDICIAL } });
    expect(t.db.prepare('SELECT discount_reason FROM fee_quote ORDER BY id DESC LIMIT 1').pluck().get()).toBe('همسایهٔ دفتر');
  });

  it('has no input that raises a line: lines, units and totals cannot be sent', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    const raise = [
      { requestId: fixed.id, lines: [{ code: 'petition', unitRials: 9_000_000 }] },
      { requestId: fixed.id, unitRials: 9_000_000 },
      { requestId: fixed.id, payableRials: 99_000_000 },
      { requestId: fixed.id, discount: { amountRials: 0, reason: 'صفر' } },
    ];
    for (const input of raise) expect(codeOf(await t.raw({ t: 'call', id: 1, proc: 'request.fixFees', input, session: t.clerk }))).toBe('INVALID_INPUT');
    // and every stored office line is at most the table's figure
    const lines = (await t.ok('request.get', { requestId: fixed.id }, t.clerk)).quote!.lines.filter((l) => l.kind === 'officeTariff');
    expect(lines.map((l) => [l.code, l.quantity, l.unitRials])).toEqual([
      ['petition', 1, 770_000],
      ['extraPage', 2, 70_000],
    ]);
  });

  it('refuses a payment above what the part owes, or below it', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    for (const amount of [OFFICE + 1, OFFICE - 1, OFFICE + JUDICIAL]) {
      expect(codeOf(await t.call('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: terminalReceipt(amount) }, t.clerk))).toBe('PAYMENT_AMOUNT_MISMATCH');
    }
    expect([t.count('payment'), t.count('receipt')]).toEqual([0, 0]);
    expect(t.db.prepare('SELECT last_number FROM receipt_sequence').pluck().get()).toBeUndefined();
  });
});

describe('payments and receipts', () => {
  it('refuses an RRN already recorded and records nothing twice', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    await t.ok('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: terminalReceipt(OFFICE, '412345678901') }, t.clerk);
    const again = await t.call('payment.manual', { requestId: fixed.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '۴۱۲۳ ۴۵۶۷ ۸۹۰۱') }, t.clerk);
    expect(codeOf(again)).toBe('DUPLICATE_RRN');
    expect([t.count('payment'), t.count('receipt')]).toEqual([1, 1]);
    expect((await t.ok('request.get', { requestId: fixed.id }, t.clerk)).status).toBe('feesFixed');
  });

  it('refuses a receipt typed wrong (not approved, whole card number) with the fields at fault', async () => {
    const t = await counter();
    const fixed = await t.feesFixed();
    const res = await t.call('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: { ...terminalReceipt(OFFICE), responseCode: '51', maskedCard: '6037991234561234' } }, t.clerk);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('PAYMENT_ENTRY_INVALID');
    expect(res.error.fields?.map((f) => f.path).sort()).toEqual(['approval.maskedCard', 'approval.responseCode']);
    expect(t.count('payment')).toBe(0);
  });

  it('never skips or reuses a receipt number, even after refused payments', async () => {
    const t = await counter();
    const a = await t.feesFixed();
    expect((await t.ok('payment.manual', { requestId: a.id, part: 'officeTariff', approval: terminalReceipt(OFFICE, '100000000001') }, t.clerk)).receipt.number).toBe(1);
    await t.call('payment.manual', { requestId: a.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL + 1, '100000000002') }, t.clerk);
    await t.call('payment.manual', { requestId: a.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '100000000001') }, t.clerk);
    expect((await t.ok('payment.manual', { requestId: a.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '100000000002') }, t.clerk)).receipt.number).toBe(2);
    const b = await t.feesFixed();
    expect((await t.ok('payment.manual', { requestId: b.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '100000000003') }, t.clerk)).receipt.number).toBe(3);
    expect(t.db.prepare('SELECT number FROM receipt ORDER BY number').pluck().all()).toEqual([1, 2, 3]);
    expect(b.number).toBe(2);
  });

  it('continues receipt numbers across a hub restart on a file database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-requests-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'office.sqlite');
    const first = await counter({ db: openDatabase(file) });
    const fixed = await first.feesFixed();
    expect((await first.ok('payment.manual', { requestId: fixed.id, part: 'officeTariff', approval: terminalReceipt(OFFICE, '200000000001') }, first.clerk)).receipt.number).toBe(1);
    first.close();

    const again = testHub({ db: openDatabase(file) });
    cleanup.push(again.close);
    const { session } = await again.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });
    const paid = await again.ok('payment.manual', { requestId: fixed.id, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '200000000002') }, session);
    expect(paid.receipt.number).toBe(2);
    expect(paid.request.status).toBe('paid');
  });
});

describe('tariff tables', () => {
  // today is 1405-09-07: a new table may take effect from 1405-09-08 on
  const table1406 = {
    id: 'office-1406',
    title: 'تعرفه خدمات دفاتر ۱۴۰۶',
    effectiveFrom: '1406-01-01',
    source: 'بخشنامهٔ کانون، ۱۴۰۶',
    items: { petition: 900_000, extraPage: 80_000, extraPerson: 80_000 },
  };
  const fieldsOf = (res: { ok: boolean; error?: { fields?: unknown } }) => (res.ok ? undefined : res.error!.fields);

  it('refuses a table on a day or with an id already taken, and lets only the manager add one', async () => {
    const t = await counter();
    expect((await t.ok('tariff.tables', {}, t.clerk)).tables.map((x) => x.id)).toEqual(['office-1399', 'office-1403']);
    expect(codeOf(await t.call('tariff.addTable', { ...table1406, id: 'office-1403' }, t.managerSession))).toBe('TARIFF_OVERLAP');
    expect(codeOf(await t.call('tariff.addTable', table1406, t.clerk))).toBe('FORBIDDEN');
    expect(t.count('tariff_table')).toBe(2);
    const { tables } = await t.ok('tariff.addTable', table1406, t.managerSession);
    expect(tables.map((x) => x.id)).toEqual(['office-1399', 'office-1403', 'office-1406']);
    expect(tables[2]).toMatchObject({ effectiveFrom: '1406-01-01', addedAt: '2026-11-28T06:30:00.000Z', items: table1406.items });
    expect(codeOf(await t.call('tariff.addTable', { ...table1406, id: 'office-1406b' }, t.managerSession))).toBe('TARIFF_OVERLAP');
  });

  it('refuses a table taking effect today or earlier: the fees of requests already quoted must not change', async () => {
    const t = await counter();
    for (const effectiveFrom of ['1403-01-01', '1405-01-01', '1405-09-07']) {
      const res = await t.call('tariff.addTable', { ...table1406, effectiveFrom }, t.managerSession);
      expect(codeOf(res)).toBe('TARIFF_BACKDATED');
      expect(fieldsOf(res)).toEqual([{ path: 'effectiveFrom', reason: 'tariff_backdated' }]);
    }
    expect(t.count('tariff_table')).toBe(2);
    await t.ok('tariff.addTable', { ...table1406, effectiveFrom: '1405-09-08' }, t.managerSession);
    expect(t.count('tariff_table')).toBe(3);
  });

  it('refuses a day that is not in the Jalali calendar and an amount below zero, naming the field', async () => {
    const t = await counter();
    // 1405 is not a leap year: Esfand has 29 days (1403-12-30 existed, 1405-12-30 does not)
    const noSuchDay = await t.call('tariff.addTable', { ...table1406, effectiveFrom: '1405-12-30' }, t.managerSession);
    expect(codeOf(noSuchDay)).toBe('INVALID_INPUT');
    expect(fieldsOf(noSuchDay)).toEqual([{ path: 'effectiveFrom', reason: 'invalid_jalali_day' }]);
    const negative = await t.call('tariff.addTable', { ...table1406, items: { petition: -1 } }, t.managerSession);
    expect(codeOf(negative)).toBe('INVALID_INPUT');
    expect(fieldsOf(negative)).toEqual([expect.objectContaining({ path: 'items.petition' })]);
    const fraction = await t.call('tariff.addTable', { ...table1406, items: { petition: 900_000.5 } }, t.managerSession);
    expect(fieldsOf(fraction)).toEqual([expect.objectContaining({ path: 'items.petition' })]);
    expect(t.count('tariff_table')).toBe(2);
  });

  it('prices a request under the table in force on its office day', async () => {
    const t = await setUpHub();
    cleanup.push(t.close);
    await t.ok('tariff.addTable', { ...table1406, id: 'office-1405-09', effectiveFrom: '1405-09-08' }, t.managerSession);
    t.setNow('2026-11-29T06:30:00.000Z'); // 1405-09-08
    const { clerk } = await clerkWithCalledTicket(t);
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
    const { applicantId } = await t.ok('applicant.save', applicant, clerk);
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, clerk);
    await t.ok('request.setDetails', { requestId: r.id, details }, clerk);
    const fixed = await t.ok('request.fixFees', { requestId: r.id }, clerk);
    expect(fixed.quote).toMatchObject({ tableId: 'office-1405-09', totals: { officeTariffRials: 900_000 + 2 * 80_000 } });
  });
});

describe('applicants', () => {
  it('finds a returning applicant by national id typed in Persian digits, and saves them again as the same applicant', async () => {
    const t = await counter();
    const id = await t.applicantId();
    const found = await t.ok('applicant.find', { kind: 'natural', id: '۰۰۱۳۵۴۲۴۱۹' }, t.clerk);
    expect(found.applicant).toMatchObject({ id, data: { firstName: 'علی', nationalId: '0013542419' } });
    expect((await t.ok('applicant.save', { ...applicant, nationalId: '۰۰۱۳۵۴۲۴۱۹', mobile: '09351234567' }, t.clerk)).applicantId).toBe(id);
    expect((await t.ok('applicant.find', { kind: 'natural', id: '0013542419' }, t.clerk)).applicant?.data).toMatchObject({ mobile: '09351234567' });
    expect((await t.ok('applicant.find', { kind: 'natural', id: '0084575948' }, t.clerk)).applicant).toBeNull();
    expect(codeOf(await t.call('applicant.find', { kind: 'natural', id: '1234567890' }, t.clerk))).toBe('INVALID_NATIONAL_ID');
    expect(codeOf(await t.call('applicant.save', { ...applicant, nationalId: '1234567890' }, t.clerk))).toBe('INVALID_INPUT');
  });
});

describe('closing a request', () => {
  it('needs a reason to cancel or refuse, and a closed request takes nothing more', async () => {
    const t = await counter();
    const r = await t.open();
    for (const kind of ['cancelled', 'refused'] as const) {
      for (const reason of ['', '   ']) expect(codeOf(await t.call('request.close', { requestId: r.id, kind, reason }, t.clerk))).toBe('REQUEST_REASON_REQUIRED');
      // invisible characters only are not a blank reason but a refused one (core/text/freeText.ts)
      expect(codeOf(await t.call('request.close', { requestId: r.id, kind, reason: '\u200c' }, t.clerk))).toBe('INVALID_INPUT');
    }
    const closed = await t.ok('request.close', { requestId: r.id, kind: 'refused', reason: 'مدارک هویتی همراه نداشت' }, t.clerk);
    expect(closed).toMatchObject({ status: 'refused', reason: 'مدارک هویتی همراه نداشت', missing: null, currentStep: null });
    expect(codeOf(await t.call('request.verifyIdentity', { requestId: r.id, applicantId: await t.applicantId(), document: 'nationalCard' }, t.clerk))).toBe('REQUEST_CLOSED');
    expect(codeOf(await t.call('request.get', { requestId: '00000000-0000-4000-8000-000000000000' }, t.clerk))).toBe('UNKNOWN_REQUEST');
  });
});

describe('access', () => {
  it('keeps kiosk and board screens out of every counter-workflow procedure', async () => {
    const t = await counter();
    const r = await t.open();
    const board = (await t.ok('auth.deviceLogin', { role: 'board' })).session;
    for (const session of [t.kiosk, board]) {
      expect(codeOf(await t.call('request.open', { counterId: 1, service: 'petition' }, session))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('request.get', { requestId: r.id }, session))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('applicant.find', { kind: 'natural', id: '0013542419' }, session))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('payment.manual', { requestId: r.id, part: 'officeTariff', approval: terminalReceipt(OFFICE) }, session))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('tariff.tables', {}, session))).toBe('FORBIDDEN');
    }
    expect(codeOf(await t.call('request.get', { requestId: r.id }))).toBe('UNAUTHENTICATED');
  });
});
