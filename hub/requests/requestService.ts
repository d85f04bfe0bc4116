/**
 * The counter workflow on top of db/requests: a request opened for the ticket a counter serves,
 * walked through the legal order of ماده ۴ by core/request's state machine (every accepted transition
 * stored with its event in one transaction), fees from core/fees under the tariff tables on record
 * and the request's office day, and electronic payments (ماده ۱۳ تبصره ۱) each with its receipt.
 */
import { needsOwnerConsent } from '../../core/request/sana';
import { record } from '../audit/auditLog';
import { submissionViewOf } from '../../db/sync';
import { createHash, randomUUID } from 'node:crypto';
import { identityDocumentsFor, type CloseKind, type OpenRequestItem, type RequestDetails, type RequestView, type PaymentPart } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { applyDiscount, applyExemption, assertNotAboveTariff, quote, type OfficeTariffExemption, type Quote, type QuoteRequest } from '../../core/fees/quote';
import type { ServiceCode } from '../../core/fees/services';
import { addTable, type TariffTable } from '../../core/fees/tariff';
import { applicantName, maskedApplicantName, type Applicant } from '../../core/identity/applicant';
import { normalizeForeignNationalId, normalizePassportNumber } from '../../core/identity/foreign';
import { normalizeLegalEntityId } from '../../core/identity/legalEntityId';
import { normalizeNationalId } from '../../core/identity/nationalId';
import { officeDay } from '../../core/format/jalaliDay';
import { parseJalaliDay } from '../../core/format/jalaliDay';
import { checkDeadline } from '../../core/request/legalDeadline';
import { initialRequestState, isFinalStatus, transition, type RequestEvent, type RequestState } from '../../core/request/stateMachine';
import { currentStep, missingFor } from '../../core/request/stepper';
import { getOffice } from '../../db/office';
import * as q from '../../db/queue';
import * as r from '../../db/requests';
import * as pt from '../../db/paymentTerminals';
import { parseManualEntry } from '../../native/payment/manual';
import { paymentRecord, type PaymentRecord } from '../../native/payment/record';
import { PaymentError, type PaymentTerminal, type TerminalApproval } from '../../native/payment/terminal';
import type { HubBase } from '../base';
import { domain } from './errors';
import { afterCommit, salesInFlight, terminalOutcome } from './terminalPayment';

/** The caller; a manager may act on any request, anyone else only at the counter they have open. */
export type Staff = { userId: number; role: 'manager' | 'legalExpert' | 'clerk' };

function uniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class RequestService {
  constructor(private readonly hub: HubBase) {}

  private get db() {
    return this.hub.db;
  }

  private nowIso(): string {
    return this.hub.now().toISOString();
  }

  // ---------- tariff ----------

  tables(): r.StoredTariffTable[] {
    return r.listTariffTables(this.db);
  }

  /**
   * Adds a table that takes effect on a real Jalali day after today's office day. Never back-dated:
   * a table in force today or earlier would change the figures of requests already quoted (and
   * `payable` re-checks a stored quote against the tables before taking payment), so the tariff a
   * past request was priced under must stay as it was. A correction is a new table from tomorrow on.
   */
  addTable(table: TariffTable, staff: Staff): r.StoredTariffTable[] {
    if (!parseJalaliDay(table.effectiveFrom)) {
      throw new DomainError('INVALID_INPUT', 'effectiveFrom is not a real Jalali day', { fields: [{ path: 'effectiveFrom', reason: 'invalid_jalali_day' }] });
    }
    const today = officeDay(this.hub.now());
    if (table.effectiveFrom <= today) {
      throw new DomainError('TARIFF_BACKDATED', `a new table must take effect after today (${today})`, { fields: [{ path: 'effectiveFrom', reason: 'tariff_backdated' }] });
    }
    return this.db
      .transaction(() => {
        // core refuses an id or an effective day already taken (never overwrites), and a malformed table
        domain(() => addTable(this.tables(), table));
        try {
          r.insertTariffTable(this.db, table, this.nowIso(), staff.userId);
        } catch (err) {
          if (uniqueViolation(err)) throw new DomainError('TARIFF_OVERLAP', 'a table with this id or effective day exists');
          throw err;
        }
        return this.tables();
      })
      .immediate();
  }

  // ---------- applicants ----------

  findApplicant(kind: 'natural' | 'legal' | 'foreignId' | 'passport', id: string): r.ApplicantRow | null {
    const key =
      kind === 'natural' ? keyed('n', normalizeNationalId(id))
      : kind === 'legal' ? keyed('l', normalizeLegalEntityId(id))
      : kind === 'foreignId' ? keyed('f', normalizeForeignNationalId(id))
      : keyed('p', normalizePassportNumber(id));
    if (key === null) throw new DomainError(kind === 'natural' ? 'INVALID_NATIONAL_ID' : 'INVALID_INPUT', 'not a valid identity number', { fields: [{ path: 'id', reason: 'invalid_format' }] });
    return r.findApplicant(this.db, key) ?? null;
  }

  saveApplicant(applicant: Applicant): number {
    return r.saveApplicant(this.db, applicant, this.nowIso());
  }

  // ---------- requests ----------

  private load(requestId: string): r.RequestRow {
    const row = r.getRequest(this.db, requestId);
    if (!row) throw new DomainError('UNKNOWN_REQUEST', 'no such request');
    return row;
  }

  /**
   * A request to change: only the staff member who has its counter open, or a manager, may move it
   * on — a clerk at another desk sees a stranger's file otherwise (privacy of the parties' data).
   */
  loadForChange(requestId: string, staff: Staff): r.RequestRow {
    const req = this.load(requestId);
    if (staff.role !== 'manager' && q.getCounter(this.db, req.counterId)?.openStaffId !== staff.userId) {
      throw new DomainError('REQUEST_OTHER_COUNTER', 'the request belongs to a counter the caller does not have open');
    }
    return req;
  }

  /** Tell the request's counter and its applicant screen that something changed (sent after COMMIT). */
  changed(requestId: string): void {
    const req = r.getRequest(this.db, requestId);
    if (!req) return;
    const at = this.nowIso();
    this.hub.events.emit('request.changed', { counterId: req.counterId, at });
    this.hub.events.emit('applicantScreen.changed', { counterId: req.counterId, at });
  }

  /** The requests of the ticket the counter serves now, oldest first. */
  atCounter(counterId: number): { ticketId: string | null; requests: RequestView[] } {
    if (!q.getCounter(this.db, counterId)) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    const ticket = q.ticketAtCounter(this.db, counterId);
    if (!ticket) return { ticketId: null, requests: [] };
    return { ticketId: ticket.id, requests: r.requestIdsOfTicket(this.db, ticket.id).map((id) => this.view(id)) };
  }

  /**
   * Today's requests left unfinished (their ticket finished, set aside or closed), for the counter to
   * resume or hand over. Names are whole only for the caller's own counter's requests (and never for
   * a manager's overview): a clerk at another desk does not read a stranger's file.
   */
  openToday(staff: Staff, counterId: number | undefined): OpenRequestItem[] {
    const mine = counterId !== undefined && staff.role !== 'manager' && q.getCounter(this.db, counterId)?.openStaffId === staff.userId ? counterId : null;
    return r.openRequestsOfDay(this.db, officeDay(this.hub.now())).map((row) => {
      const data = row.applicant === null ? null : (JSON.parse(row.applicant) as Applicant);
      const whole = row.counterId === mine;
      const state = { ...initialRequestState(), status: row.status };
      return {
        id: row.id,
        year: row.year,
        number: row.number,
        service: row.service as ServiceCode,
        status: row.status,
        currentStep: currentStep(state),
        counterId: row.counterId,
        counterNumber: row.counterNumber,
        applicantName: data === null ? null : whole ? applicantName(data) : maskedApplicantName(data),
        nameMasked: data !== null && !whole,
        legalDeadline: row.legalDeadline,
        openedAt: row.createdAt,
      };
    });
  }

  /** An unfinished request that no desk has now: what may be resumed or handed over. */
  private loadOpen(requestId: string): r.RequestRow {
    const req = this.load(requestId);
    if (!(r.unfinishedStatuses as readonly string[]).includes(req.state.status)) throw new DomainError('REQUEST_NOT_OPEN', `the request is ${req.state.status}`);
    const ticket = q.getTicket(this.db, req.ticketId);
    if (ticket && (ticket.status === 'called' || ticket.status === 'serving')) throw new DomainError('REQUEST_AT_DESK', 'the request is on a counter’s desk now');
    return req;
  }

  /**
   * Resumes an open request at the caller's counter, on the ticket it serves now (the applicant came
   * back; or the request was handed over here). Only the request's own counter (a handed-over one is
   * the new counter's) or a manager may take it.
   */
  resume(input: { requestId: string; counterId: number }, staff: Staff): void {
    const counter = q.getCounter(this.db, input.counterId);
    if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    if (counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'the counter is not open by the caller');
    const req = this.loadOpen(input.requestId);
    if (staff.role !== 'manager' && req.counterId !== counter.id) throw new DomainError('REQUEST_OTHER_COUNTER', 'the request is another counter’s: it must be handed over first');
    const ticket = q.ticketAtCounter(this.db, counter.id);
    if (!ticket) throw new DomainError('COUNTER_IDLE', 'the counter is not serving a ticket');
    this.db
      .transaction(() => {
        r.moveRequest(this.db, req.id, { counterId: counter.id, ticketId: ticket.id });
        record(this.db, this.hub.now(), { actor: `staff:${staff.userId}`, action: 'requestResumed', subject: `request:${req.id}`, detail: { counterId: counter.id, fromCounterId: req.counterId, ticketId: ticket.id, fromTicketId: req.ticketId } });
      })
      .immediate();
  }

  /** Hands an open request over to another counter; its clerk resumes it there. Audited with both counters. */
  handOver(input: { requestId: string; toCounterId: number }, staff: Staff): { from: number; to: number } {
    this.loadForChange(input.requestId, staff);
    const req = this.loadOpen(input.requestId);
    const to = q.getCounter(this.db, input.toCounterId);
    if (!to || !to.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter', { fields: [{ path: 'toCounterId', reason: 'invalid_format' }] });
    if (to.id === req.counterId) return { from: req.counterId, to: to.id };
    this.db
      .transaction(() => {
        r.moveRequest(this.db, req.id, { counterId: to.id });
        record(this.db, this.hub.now(), { actor: `staff:${staff.userId}`, action: 'requestHandedOver', subject: `request:${req.id}`, detail: { fromCounterId: req.counterId, toCounterId: to.id } });
      })
      .immediate();
    return { from: req.counterId, to: to.id };
  }

  /** Applies an event to the stored state (core decides), then stores state and event together with `also`. */
  private apply(req: r.RequestRow, event: RequestEvent, staff: Staff | null, also: () => void = () => {}, payload: () => Record<string, unknown> = () => ({})): RequestState {
    const next = domain(() => transition(req.state, event));
    this.db
      .transaction(() => {
        also();
        r.updateRequestState(this.db, req.id, next);
        const { type: _type, ...data } = event;
        r.insertRequestEvent(this.db, { requestId: req.id, type: event.type, payload: { ...data, ...payload() }, at: this.nowIso(), staffId: staff?.userId ?? null });
      })
      .immediate();
    return next;
  }

  /**
   * The owner of a Sana account answers on the applicant screen (ماده ۴۰ ب), when the request is ready
   * to send; kept with the identity document the clerk checked, and audited. «No» may be changed to
   * «yes» while the request waits; a request without a «yes» is not sent.
   */
  sanaConsent(requestId: string, counterId: number, given: boolean): void {
    const req = this.load(requestId);
    if (!needsOwnerConsent(req.service)) throw new DomainError('REQUEST_OUT_OF_ORDER', 'not a Sana service');
    if (req.state.status !== 'originalsMatched') throw new DomainError('REQUEST_OUT_OF_ORDER', `consent is asked when the request is ready to send, not in ${req.state.status}`);
    const identityDocument = r.identityDocumentOf(this.db, req.id);
    if (!identityDocument) throw new DomainError('REQUEST_OUT_OF_ORDER', 'the applicant was not identified');
    const at = this.nowIso();
    this.db
      .transaction(() => {
        r.saveSanaConsent(this.db, { requestId: req.id, given, identityDocument, counterId, at });
        record(this.db, this.hub.now(), { actor: 'device:applicant', action: 'sanaConsent', subject: `request:${req.id}`, detail: { given, identityDocument, service: req.service, counterId } });
      })
      .immediate();
    this.changed(req.id);
  }

  /** For the other steps' services (capture): the request, if the caller may move it on. */
  forChange(requestId: string, staff: Staff): r.RequestRow {
    return this.loadForChange(requestId, staff);
  }

  /** For the request itself, whoever may read it (the applicant's screen resolves it by counter). */
  get(requestId: string): r.RequestRow {
    return this.load(requestId);
  }

  /**
   * For the other steps' services: applies a workflow event, with `also` in the same transaction.
   * `staff` null is the applicant acting on their own screen (their review of the documents).
   */
  step(req: r.RequestRow, event: RequestEvent, staff: Staff | null, also: () => void = () => {}): RequestState {
    return this.apply(req, event, staff, also);
  }

  open(input: { counterId: number; service: ServiceCode; legalDeadline?: string | undefined }, staff: Staff): string {
    const counter = q.getCounter(this.db, input.counterId);
    if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    if (counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'the counter is not open by the caller');
    const ticket = q.ticketAtCounter(this.db, counter.id);
    if (!ticket) throw new DomainError('COUNTER_IDLE', 'the counter is not serving a ticket');
    const now = this.hub.now();
    const day = officeDay(now);
    const legalDeadline = input.legalDeadline === undefined ? null : this.deadline(input.legalDeadline, day);
    const year = Number(day.slice(0, 4));
    const id = randomUUID();
    this.db
      .transaction(() => {
        const state = initialRequestState();
        r.insertRequest(this.db, {
          id,
          year,
          number: r.nextRequestNumber(this.db, year),
          ticketId: ticket.id,
          counterId: counter.id,
          service: input.service,
          legalDeadline,
          state,
          officeDay: day,
          createdAt: now.toISOString(),
          createdBy: staff.userId,
        });
        r.insertRequestEvent(this.db, { requestId: id, type: 'opened', payload: { ticketId: ticket.id, counterId: counter.id, service: input.service }, at: now.toISOString(), staffId: staff.userId });
      })
      .immediate();
    return id;
  }

  /** A deadline as typed, stored form; refused when it is no real day or already past (today is allowed). */
  private deadline(typed: string, today: string): string {
    const checked = checkDeadline(typed, today);
    if (checked.ok) return checked.deadline;
    if (checked.problem === 'passed') throw new DomainError('DEADLINE_PASSED', `the deadline is before today (${today})`, { fields: [{ path: 'legalDeadline', reason: 'deadline_passed' }] });
    throw new DomainError('INVALID_DEADLINE', 'not a Jalali day', { fields: [{ path: 'legalDeadline', reason: 'invalid_format' }] });
  }

  /**
   * Corrects (or clears) the legal deadline of a request not yet queued for sending: once in the
   * outbox the deadline decides its place in the send order and what the authority receives, so it
   * stays. Audited with the old and the new day. A day already past is refused as at opening.
   */
  setDeadline(input: { requestId: string; legalDeadline: string | null }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    const status = req.state.status;
    if (isFinalStatus(status)) throw new DomainError('REQUEST_CLOSED', 'the request is closed');
    if (status === 'readyToSend' || status === 'submitted') throw new DomainError('DEADLINE_LOCKED', 'the request is in the outbox or sent');
    const to = input.legalDeadline === null ? null : this.deadline(input.legalDeadline, officeDay(this.hub.now()));
    const from = req.legalDeadline;
    if (to === from) return;
    this.db
      .transaction(() => {
        r.setRequestDeadline(this.db, req.id, to);
        record(this.db, this.hub.now(), { actor: `staff:${staff.userId}`, action: 'deadlineChanged', subject: `request:${req.id}`, detail: { from, to } });
      })
      .immediate();
  }

  verifyIdentity(input: { requestId: string; applicantId: number; document: string }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    const applicant = r.getApplicant(this.db, input.applicantId);
    if (!applicant) throw new DomainError('UNKNOWN_APPLICANT', 'no such applicant');
    if (!(identityDocumentsFor[applicant.data.kind] as readonly string[]).includes(input.document)) {
      throw new DomainError('INVALID_INPUT', 'this document does not identify this kind of applicant', { fields: [{ path: 'document', reason: 'document_not_for_applicant' }] });
    }
    this.apply(
      req,
      { type: 'identityVerified' },
      staff,
      () => {
        r.setRequestApplicant(this.db, req.id, input.applicantId);
        r.insertIdentityCheck(this.db, { requestId: req.id, applicantId: input.applicantId, document: input.document, staffId: staff.userId, at: this.nowIso() });
      },
      () => ({ applicantId: input.applicantId, document: input.document }),
    );
  }

  private quoteRequest(req: r.RequestRow, details: RequestDetails): QuoteRequest {
    return {
      service: req.service as ServiceCode,
      day: req.officeDay,
      persons: details.persons ?? details.parties.length,
      pages: details.pages,
      ...(details.judicialCosts ? { judicialCosts: details.judicialCosts } : {}),
    };
  }

  setDetails(input: { requestId: string; details: RequestDetails }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    domain(() => transition(req.state, { type: 'detailsCompleted' }));
    this.refuseWhileInDoubt(req.id);
    this.refuseIfPartlyPaid(req);
    // What cannot be priced is refused now, not at the fees step (a claim the service does not take, a value out of range).
    domain(() => quote(this.quoteRequest(req, input.details), this.tables()));
    this.apply(req, { type: 'detailsCompleted' }, staff, () => r.setRequestDetails(this.db, req.id, input.details));
  }

  /** Money may have moved under an unanswered terminal sale: the fees and the request stay as they are until a retry settles it. */
  private refuseWhileInDoubt(requestId: string): void {
    for (const part of ['officeTariff', 'judicialCost'] as const) {
      if (salesInFlight(this.db).has(`${requestId}:${part}`)) throw new DomainError('PAYMENT_IN_PROGRESS', 'a terminal sale is under way');
      const open = pt.openAttempt(this.db, requestId, part);
      if (open) throw new DomainError('PAYMENT_IN_DOUBT', 'a terminal sale was never answered: retry it through the terminal', { ref: open.orderId });
    }
  }

  fixFees(input: { requestId: string; discount?: { amountRials: number; reason: string } | undefined; exemption?: OfficeTariffExemption | undefined }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    this.refuseWhileInDoubt(req.id);
    // the order first: no fees before details (ماده ۴), whatever else is wrong
    domain(() => transition(req.state, { type: 'feesFixed', payable: 0 }));
    this.refuseIfPartlyPaid(req);
    const details = req.details as RequestDetails;
    const tables = this.tables();
    const request = this.quoteRequest(req, details);
    const fixed = domain(() => {
      let qt: Quote = quote(request, tables);
      if (input.exemption) qt = applyExemption(qt, input.exemption);
      if (input.discount) qt = applyDiscount(qt, input.discount);
      assertNotAboveTariff(qt.lines, tables, qt.day, { request });
      return qt;
    });
    const t = fixed.totals;
    let feeQuoteId = 0;
    this.apply(
      req,
      { type: 'feesFixed', payable: t.payableRials },
      staff,
      () => {
        feeQuoteId = r.insertFeeQuote(this.db, {
          requestId: req.id,
          tariffTableId: fixed.tableId,
          quote: fixed,
          officeTariffRials: t.officeTariffRials,
          judicialCostRials: t.judicialCostRials,
          discountRials: t.discountRials,
          exemptRials: t.exemptRials,
          payableRials: t.payableRials,
          discountReason: fixed.discount?.reason ?? null,
          exemption: fixed.exemption,
          fixedAt: this.nowIso(),
          staffId: staff.userId,
        });
      },
      () => ({ tableId: fixed.tableId, feeQuoteId }),
    );
  }

  /**
   * One part paid, the other not: the request is still `feesFixed`, but the fees it was paid under
   * must not change — a new quote would ask for the paid part again.
   */
  private refuseIfPartlyPaid(req: r.RequestRow): void {
    const fq = r.latestFeeQuote(this.db, req.id);
    if (fq && r.paymentsOfQuote(this.db, fq.id).length > 0) throw new DomainError('REFUND_REQUIRED', 'a part of these fees is paid');
  }

  waive(input: { requestId: string; reason: string }, staff: Staff): void {
    this.apply(this.loadForChange(input.requestId, staff), { type: 'paymentWaived', reason: input.reason }, staff);
  }

  close(input: { requestId: string; kind: CloseKind; reason: string }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    this.refuseWhileInDoubt(req.id);
    const event: RequestEvent =
      input.kind === 'refused' ? { type: 'refused', reason: input.reason }
      : { type: 'cancelled', reason: input.reason, cause: input.kind === 'clerkError' ? 'clerkError' : 'applicant' };
    this.apply(req, event, staff);
  }

  // ---------- payments ----------

  private static due(fq: r.FeeQuoteRow, part: PaymentPart): number {
    return part === 'officeTariff' ? fq.officeTariffRials - fq.discountRials - fq.exemptRials : fq.judicialCostRials;
  }

  /**
   * What one part of the fees comes to, if it may be paid now: the request is at fees fixed (ماده ۴),
   * the part has an amount and is not paid, and the stored quote is still within the tariff
   * (README of core/fees: check again, right before taking payment, what is about to be charged).
   */
  private payable(requestId: string, part: PaymentPart, staff?: Staff): { req: r.RequestRow; fq: r.FeeQuoteRow; due: number } {
    // `staff` is who asks to pay; an approval arriving from the terminal is checked without it
    const req = staff ? this.loadForChange(requestId, staff) : this.load(requestId);
    const status = req.state.status;
    if (['accepted', 'returned', 'cancelled', 'refused'].includes(status)) throw new DomainError('REQUEST_CLOSED', 'the request is closed');
    if (status !== 'feesFixed') {
      throw ['draft', 'identityVerified', 'detailsComplete'].includes(status)
        ? new DomainError('REQUEST_OUT_OF_ORDER', 'fees must be fixed before payment (ماده ۴)')
        : new DomainError('PAYMENT_NOT_DUE', 'the request is settled');
    }
    const fq = r.latestFeeQuote(this.db, req.id)!;
    const due = RequestService.due(fq, part);
    if (due === 0 || r.paymentsOfQuote(this.db, fq.id).some((p) => p.part === part)) throw new DomainError('PAYMENT_NOT_DUE', `nothing is due for ${part}`);
    const stored = fq.quote as Quote;
    domain(() => assertNotAboveTariff(stored.lines, this.tables(), stored.day, { request: this.quoteRequest(req, req.details as RequestDetails) }));
    return { req, fq, due };
  }

  /**
   * The one place a payment is recorded, whatever its method: the payment, the year's next receipt
   * number and the receipt, then `paid` when every part with an amount is paid — with `also` (the
   * terminal attempt's approval), all in one transaction.
   */
  private recordPayment(
    p: { req: r.RequestRow; fq: r.FeeQuoteRow; part: PaymentPart; paymentId: string; record: PaymentRecord },
    staff: Staff,
    also: () => void = () => {},
  ): { paymentId: string; receipt: r.ReceiptRow } {
    const { req, fq, part, paymentId, record } = p;
    const now = this.nowIso();
    const year = Number(officeDay(this.hub.now()).slice(0, 4));
    const officeCode = getOffice(this.db)?.code ?? '';

    return this.db
      .transaction(() => {
        try {
          r.insertPayment(this.db, {
            id: paymentId,
            requestId: req.id,
            feeQuoteId: fq.id,
            part,
            method: record.method,
            amountRials: record.amountRials,
            orderId: record.orderId,
            rrn: record.rrn,
            trace: record.trace,
            terminalId: record.terminalId,
            maskedCard: record.maskedCard,
            responseCode: record.responseCode,
            paidAt: record.approvedAt,
            staffId: staff.userId,
          });
        } catch (err) {
          // the checks before make these unreachable in one process; the database keeps them true regardless
          if (uniqueViolation(err) && /payment\.rrn/.test(String((err as Error).message))) throw new DomainError('DUPLICATE_RRN', 'this RRN is already recorded');
          if (uniqueViolation(err)) throw new DomainError('PAYMENT_NOT_DUE', 'this part is already paid');
          throw err;
        }
        const number = r.nextReceiptNumber(this.db, year);
        const verifyHash = createHash('sha256').update(`${officeCode}|${year}|${number}|${paymentId}|${record.amountRials}|${record.rrn}`).digest('hex');
        const receipt: r.ReceiptRow = { paymentId, year, number, issuedAt: now, verifyHash };
        r.insertReceipt(this.db, receipt);
        also();

        const paid = new Set(r.paymentsOfQuote(this.db, fq.id).map((x) => x.part));
        const outstanding = (['officeTariff', 'judicialCost'] as const).filter((x) => RequestService.due(fq, x) > 0 && !paid.has(x));
        if (outstanding.length === 0) {
          const next = domain(() => transition(req.state, { type: 'paymentReceived', amount: fq.payableRials }));
          r.updateRequestState(this.db, req.id, next);
          r.insertRequestEvent(this.db, { requestId: req.id, type: 'paymentReceived', payload: { amount: fq.payableRials, feeQuoteId: fq.id }, at: now, staffId: staff.userId });
        }
        return { paymentId, receipt };
      })
      .immediate();
  }

  /**
   * A card payment typed from the terminal's receipt, for one part of the fees: checked (manual entry,
   * exact amount, RRN never seen), then recorded with its receipt. Refused while a terminal sale of
   * the same part is under way or unanswered: only a retry through the terminal can tell whether
   * that sale charged the card.
   */
  payManual(input: { requestId: string; part: PaymentPart; approval: unknown }, staff: Staff): { paymentId: string; receipt: r.ReceiptRow } {
    const { req, fq, due } = this.payable(input.requestId, input.part, staff);
    if (salesInFlight(this.db).has(`${req.id}:${input.part}`)) throw new DomainError('PAYMENT_IN_PROGRESS', 'a terminal sale of this part is under way');
    const open = pt.openAttempt(this.db, req.id, input.part);
    if (open) throw new DomainError('PAYMENT_IN_DOUBT', 'a terminal sale of this part was never answered: retry it through the terminal', { ref: open.orderId });

    const parsed = parseManualEntry(input.approval, { now: () => this.hub.now() });
    if (!parsed.ok) throw new DomainError('PAYMENT_ENTRY_INVALID', 'the receipt as typed is not valid', { fields: parsed.issues.map((i) => ({ ...i, path: `approval.${i.path}` })) });

    const paymentId = randomUUID();
    const record = domain(() =>
      paymentRecord({ method: 'manual', orderId: paymentId, approval: parsed.approval, amountDueRials: due, rrnAlreadyRecorded: (rrn) => r.rrnRecorded(this.db, rrn) }),
    );
    return this.recordPayment({ req, fq, part: input.part, paymentId, record }, staff);
  }

  /**
   * A card payment on the counter's PC-POS terminal, for one part of the fees.
   *
   * 1. The same checks as a manual payment; the counter's terminal must be set.
   * 2. An unanswered earlier attempt of this part is retried under its own order id (the adapter asks
   *    the terminal about it before charging); otherwise a new `pending` attempt is stored, and the
   *    terminal is called only once that is committed.
   * 3. The sale's outcome: approved → payment, receipt and attempt `approved` in one transaction;
   *    no money moved → `notCharged` and the terminal's reason; unknown → `inDoubt`; money moved
   *    that cannot count → `chargedMismatch`, and the request is not paid.
   * A second call for the same part while a sale is under way is refused (PAYMENT_IN_PROGRESS).
   */
  async payTerminal(
    input: { requestId: string; part: PaymentPart },
    staff: Staff,
    /** the card terminal of the caller's workstation, through its agent (hub/agent/deviceJobs.ts), in place of the counter's setting */
    workstation?: ((options: { inDoubtOrderIds: string[] }) => PaymentTerminal) | null,
  ): Promise<{ paymentId: string; receipt: r.ReceiptRow }> {
    const key = `${input.requestId}:${input.part}`;
    const inFlight = salesInFlight(this.db);
    if (inFlight.has(key)) throw new DomainError('PAYMENT_IN_PROGRESS', 'a terminal sale of this part is under way');
    const { req, fq, due } = this.payable(input.requestId, input.part, staff);
    const setting = workstation ? null : pt.getTerminalSetting(this.db, req.counterId);
    if (!workstation && !setting) throw new DomainError('TERMINAL_NOT_CONFIGURED', `counter ${req.counterId} has no card terminal`);

    const open = pt.openAttempt(this.db, req.id, input.part);
    const orderId = open?.orderId ?? randomUUID();
    let terminal: PaymentTerminal;
    try {
      terminal = workstation
        ? workstation({ inDoubtOrderIds: open ? [orderId] : [] })
        : this.hub.paymentTerminal(setting!, {
            inDoubtOrderIds: open ? [orderId] : [],
            terminalId: setting!.terminalId ?? pt.lastTerminalIdAtCounter(this.db, req.counterId),
          });
    } catch (err) {
      this.hub.log.error('card terminal setting cannot be used', { counterId: req.counterId, error: String(err) });
      throw new DomainError('TERMINAL_NOT_CONFIGURED', `counter ${req.counterId}: the card terminal setting cannot be used`);
    }
    if (!open) {
      this.db
        .transaction(() =>
          pt.insertAttempt(this.db, { orderId, requestId: req.id, feeQuoteId: fq.id, part: input.part, amountRials: due, counterId: req.counterId, staffId: staff.userId, startedAt: this.nowIso() }),
        )
        .immediate();
    }

    inFlight.add(key);
    try {
      // Evidence first: the attempt must be on disk before the terminal can charge anything.
      if (!(await afterCommit(this.db, () => pt.getAttempt(this.db, orderId) !== undefined))) throw new Error(`payment attempt ${orderId} was not committed; the terminal was not called`);

      let approval: TerminalApproval;
      try {
        // a retry asks for what the unanswered sale asked: that is the approval the terminal may hold
        approval = await terminal.sale({ amountRials: open?.amountRials ?? due, orderId });
      } catch (err) {
        throw this.terminalFailed(orderId, err);
      }
      return this.recordTerminalApproval(req.id, input.part, orderId, approval, staff);
    } finally {
      inFlight.delete(key);
    }
  }

  /** Ends (or keeps open) the attempt after a failed sale; the error for the clerk. */
  private terminalFailed(orderId: string, err: unknown): DomainError {
    const outcome = terminalOutcome(err);
    const at = this.nowIso();
    if (outcome.state === 'inDoubt') {
      this.hub.log.warn('card terminal sale in doubt', { orderId, code: outcome.stored, error: String(err) });
      this.db.transaction(() => pt.markAttemptInDoubt(this.db, orderId, outcome.stored)).immediate();
    } else {
      const state = outcome.state;
      if (state === 'chargedMismatch') this.hub.log.error('card terminal charged an amount that cannot count', { orderId, code: outcome.stored, error: String(err) });
      this.db.transaction(() => pt.resolveAttempt(this.db, orderId, { state, errorCode: outcome.stored, at })).immediate();
    }
    const responseCode = err instanceof PaymentError && err.responseCode ? ` (response code ${err.responseCode})` : '';
    return new DomainError(outcome.code, `card terminal: ${outcome.stored}${responseCode}`, { ref: orderId });
  }

  /**
   * An approval from the terminal: recorded if it still counts (the part still due, same amount,
   * RRN never seen); otherwise the money moved but cannot count — `chargedMismatch`, for the manager.
   */
  private recordTerminalApproval(requestId: string, part: PaymentPart, orderId: string, approval: TerminalApproval, staff: Staff): { paymentId: string; receipt: r.ReceiptRow } {
    const paymentId = randomUUID();
    let checked: { req: r.RequestRow; fq: r.FeeQuoteRow; record: PaymentRecord };
    try {
      // The request may have changed while the customer was at the terminal: check everything again.
      const { req, fq, due } = this.payable(requestId, part);
      const record = paymentRecord({ method: 'pcpos', orderId, approval, amountDueRials: due, rrnAlreadyRecorded: (rrn) => r.rrnRecorded(this.db, rrn) });
      checked = { req, fq, record };
    } catch (err) {
      const stored = err instanceof PaymentError || err instanceof DomainError ? err.code : 'INTERNAL';
      this.hub.log.error('card terminal approval cannot be recorded', { orderId, rrn: approval.rrn, code: stored, error: String(err) });
      this.db.transaction(() => pt.resolveAttempt(this.db, orderId, { state: 'chargedMismatch', errorCode: stored, at: this.nowIso() })).immediate();
      throw new DomainError(stored === 'PAYMENT_DUPLICATE_RRN' ? 'DUPLICATE_RRN' : 'PAYMENT_CHARGED_MISMATCH', `card terminal approved RRN ${approval.rrn}, which cannot count: ${stored}`, { ref: orderId });
    }
    try {
      return this.recordPayment({ ...checked, part, paymentId }, staff, () => {
        if (!pt.resolveAttempt(this.db, orderId, { state: 'approved', paymentId, at: this.nowIso() })) throw new Error(`payment attempt ${orderId} is not open`);
      });
    } catch (err) {
      // Nothing of it was written. The attempt stays open (in doubt): a retry finds the approval by inquiry and records it.
      this.hub.log.error('card terminal approval could not be written; the attempt stays in doubt', { orderId, rrn: approval.rrn, error: String(err) });
      try {
        this.db.transaction(() => pt.markAttemptInDoubt(this.db, orderId, err instanceof DomainError ? err.code : 'RECORD_FAILED')).immediate();
      } catch {
        // the database refuses writes: the attempt stays pending, and becomes in doubt at the next start
      }
      throw new DomainError('PAYMENT_IN_DOUBT', `card terminal approved RRN ${approval.rrn}, but it could not be recorded`, { ref: orderId });
    }
  }

  // ---------- the counter's view ----------

  view(requestId: string): RequestView {
    const req = this.load(requestId);
    const applicant = req.applicantId === null ? undefined : r.getApplicant(this.db, req.applicantId);
    const fq = r.latestFeeQuote(this.db, req.id);
    const stored = fq?.quote as Quote | undefined;
    return {
      id: req.id,
      year: req.year,
      number: req.number,
      ticketId: req.ticketId,
      counterId: req.counterId,
      service: req.service as ServiceCode,
      officeDay: req.officeDay,
      legalDeadline: req.legalDeadline,
      status: req.state.status,
      currentStep: currentStep(req.state),
      missing: missingFor(req.state),
      reason: req.state.reason,
      cancelCause: req.state.status === 'cancelled' ? (req.state.clerkError ? 'clerkError' : 'applicant') : null,
      applicant: applicant ? { id: applicant.id, data: applicant.data } : null,
      details: (req.details as RequestDetails | null) ?? null,
      // fees that a change of details threw away are not shown as in force
      quote:
        fq && stored && req.state.payable !== null
          ? {
              id: fq.id,
              tableId: fq.tariffTableId,
              totals: stored.totals,
              lines: stored.lines.map((l) => ({ ...l })),
              discount: stored.discount,
              due: { officeTariff: RequestService.due(fq, 'officeTariff'), judicialCost: RequestService.due(fq, 'judicialCost') },
            }
          : null,
      payments: r.paymentsOfRequest(this.db, req.id).map((p) => ({
        id: p.id,
        part: p.part,
        method: p.method,
        amountRials: p.amountRials,
        rrn: p.rrn,
        trace: p.trace,
        terminalId: p.terminalId,
        maskedCard: p.maskedCard,
        paidAt: p.paidAt,
      })),
      receipts: r.receiptsOfRequest(this.db, req.id),
      submission: submissionViewOf(this.db, req.id),
      sanaConsent: (() => {
        const c = r.sanaConsent(this.db, req.id);
        return c && { given: c.given, identityDocument: c.identityDocument, at: c.at };
      })(),
    };
  }
}

function keyed(prefix: string, value: string | null): string | null {
  return value === null ? null : `${prefix}:${value}`;
}
