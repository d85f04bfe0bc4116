/**
 * The counter workflow on top of db/requests: a request opened for the ticket a counter serves,
 * walked through the legal order of ماده ۴ by core/request's state machine (every accepted transition
 * stored with its event in one transaction), fees from core/fees under the tariff tables on record
 * and the request's office day, and electronic payments (ماده ۱۳ تبصره ۱) each with its receipt.
 */
import { needsOwnerConsent } from '../../core/request/sana';
import { record } from '../audit/auditLog';
import { randomUUID } from 'node:crypto';
import { identityDocumentsFor, type CloseKind, type OpenRequestItem, type RequestDetails, type RequestView, type PaymentPart } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { applyDiscount, applyExemption, assertNotAboveTariff, quote, type OfficeTariffExemption, type Quote, type QuoteRequest } from '../../core/fees/quote';
import { flowOf, type ServiceCode } from '../../core/fees/services';
import type { TariffTable } from '../../core/fees/tariff';
import type { Applicant } from '../../core/identity/applicant';
import { officeDay } from '../../core/format/jalaliDay';
import { checkDeadline } from '../../core/request/legalDeadline';
import { awaitsLastStep, initialRequestState, isFinalStatus, transition, type RequestEvent, type RequestState } from '../../core/request/stateMachine';
import * as q from '../../db/queue';
import * as r from '../../db/requests';
import * as pt from '../../db/paymentTerminals';
import * as rf from '../../db/refunds';
import type { HubBase } from '../base';
import { domain } from './errors';
import { salesInFlight } from '../payment/terminalPayment';
import type { Staff } from './caller';
import { addTariffTable, tariffTables } from './tariffs';
import { findApplicant, saveApplicant, type ApplicantIdKind } from './applicants';
import { loadForChange, loadRequest } from './load';
import { atCounter, handOver, openToday, resume } from './openRequests';
import { requestView } from './view';
import { payManual, payTerminal, type WorkstationTerminal } from './payments';
import { quoteRequestOf } from './quoteRequest';

export type { Staff } from './caller';

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
    return tariffTables(this.hub);
  }

  addTable(table: TariffTable, staff: Staff): r.StoredTariffTable[] {
    return addTariffTable(this.hub, table, staff);
  }

  // ---------- applicants ----------

  findApplicant(kind: ApplicantIdKind, id: string): r.ApplicantRow | null {
    return findApplicant(this.hub, kind, id);
  }

  saveApplicant(applicant: Applicant): number {
    return saveApplicant(this.hub, applicant);
  }

  // ---------- requests ----------

  private load(requestId: string): r.RequestRow {
    return loadRequest(this.db, requestId);
  }

  /**
   * A request to change: only the staff member who has its counter open, or a manager, may move it
   * on — a clerk at another desk sees a stranger's file otherwise (privacy of the parties' data).
   */
  loadForChange(requestId: string, staff: Staff): r.RequestRow {
    return loadForChange(this.db, requestId, staff);
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
    return atCounter(this.hub, counterId);
  }

  openToday(staff: Staff, counterId: number | undefined): OpenRequestItem[] {
    return openToday(this.hub, staff, counterId);
  }

  resume(input: { requestId: string; counterId: number }, staff: Staff): void {
    resume(this.hub, input, staff);
  }

  handOver(input: { requestId: string; toCounterId: number }, staff: Staff): { from: number; to: number } {
    return handOver(this.hub, input, staff);
  }

  /** Applies an event to the stored state (core decides), then stores state and event together with `also`. */
  private apply(req: r.RequestRow, event: RequestEvent, staff: Staff | null, also: () => void = () => {}, payload: () => Record<string, unknown> = () => ({})): RequestState {
    const next = domain(() => transition(req.state, event, flowOf(req.service).steps));
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
    // asked when only the last step is left: sending a registration or change, printing a password slip
    if (!awaitsLastStep(req.state.status, flowOf(req.service).steps)) throw new DomainError('REQUEST_OUT_OF_ORDER', `consent is asked before the last step, not in ${req.state.status}`);
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
    return quoteRequestOf(req, details);
  }

  setDetails(input: { requestId: string; details: RequestDetails }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    domain(() => transition(req.state, { type: 'detailsCompleted' }, flowOf(req.service).steps));
    this.refuseWhileInDoubt(req.id);
    this.refuseIfPartlyPaid(req);
    // What cannot be priced is refused now, not at the fees step (a claim the service does not take, a value out of range).
    domain(() => quote(this.quoteRequest(req, input.details), this.tables()));
    this.apply(req, { type: 'detailsCompleted' }, staff, () => r.setRequestDetails(this.db, req.id, input.details));
  }

  /** Money may have moved under an unanswered terminal sale: the fees and the request stay as they are until a retry settles it. */
  private refuseWhileInDoubt(requestId: string): void {
    const reversal = rf.refundsOfRequest(this.db, requestId).find((x) => x.state === 'pending' || x.state === 'inDoubt');
    if (reversal) throw new DomainError('REFUND_IN_DOUBT', 'a reversal on the terminal was never answered: retry it through the terminal', { ref: reversal.orderId ?? reversal.id });
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
    domain(() => transition(req.state, { type: 'feesFixed', payable: 0 }, flowOf(req.service).steps));
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
    // any payment not given back (hub/refund): after one part is refunded the other must be too
    if (r.paymentsOfRequest(this.db, req.id).some((p) => !rf.isPaymentRefunded(this.db, p.id))) throw new DomainError('REFUND_REQUIRED', 'a part of these fees is paid');
  }

  /**
   * The last step of a service that files nothing: what the applicant came for was printed and
   * handed over (core/request/steps.ts). The order first (a filing has no printout; an inquiry's is
   * printed only once answered); a Sana password slip only with the owner's «yes» (ماده ۴۰ ب), as a
   * Sana filing is sent only with it.
   */
  deliver(input: { requestId: string }, staff: Staff): void {
    const req = this.loadForChange(input.requestId, staff);
    const flow = flowOf(req.service);
    domain(() => transition(req.state, { type: 'delivered' }, flow.steps));
    if (needsOwnerConsent(req.service) && r.sanaConsent(this.db, req.id)?.given !== true) throw new DomainError('SANA_CONSENT_REQUIRED', 'the Sana account owner has not consented');
    this.apply(req, { type: 'delivered' }, staff, () => {}, () => ({ printout: flow.printout }));
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

  // ---------- payments (./payments.ts) ----------

  payManual(input: { requestId: string; part: PaymentPart; approval: unknown }, staff: Staff): { paymentId: string; receipt: r.ReceiptRow } {
    return payManual(this.hub, input, staff);
  }

  payTerminal(input: { requestId: string; part: PaymentPart }, staff: Staff, workstation?: WorkstationTerminal | null): Promise<{ paymentId: string; receipt: r.ReceiptRow }> {
    return payTerminal(this.hub, input, staff, workstation);
  }

  /** The request a payment belongs to, if there is such a payment. */
  requestIdOfPayment(paymentId: string): string | undefined {
    return r.getPayment(this.db, paymentId)?.requestId;
  }

  // ---------- the counter's view ----------

  view(requestId: string): RequestView {
    return requestView(this.db, requestId);
  }
}
