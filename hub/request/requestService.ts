/**
 * The counter workflow (ماده ۴، ۱۳، ۱۴) on top of db/requests, as one object for the handlers and the
 * other services: each method is one step module's function. A request is opened for the ticket a
 * counter serves (opening.ts), walked through core/request's state machine with every accepted
 * transition stored with its event in one transaction (workflow.ts), identified (identity.ts), priced
 * under the tariff tables on record and the request's office day (fees.ts, tariffs.ts), paid part by
 * part with a receipt each (payments.ts), closed before sending (closing.ts).
 */
import type { CloseKind, OpenRequestItem, RequestDetails, RequestView, PaymentPart } from '../../core/api/request';
import type { ServiceCode } from '../../core/fees/services';
import type { TariffTable } from '../../core/fees/tariff';
import type { Applicant } from '../../core/identity/applicant';
import type { RequestEvent, RequestState } from '../../core/request/stateMachine';
import * as r from '../../db/requests';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { addTariffTable, tariffTables } from './tariffs';
import { findApplicant, saveApplicant, type ApplicantIdKind } from './applicants';
import { closeRequest, deliver } from './closing';
import { fixFees, setDetails, waive, type FixFeesInput } from './fees';
import { sanaConsent, verifyIdentity } from './identity';
import { loadForChange, loadRequest } from './load';
import { atCounter, handOver, openToday, resume } from './openRequests';
import { openRequest, setDeadline } from './opening';
import { requestView } from './view';
import { payManual, payTerminal, type WorkstationTerminal } from './payments';
import { applyEvent, requestChanged } from './workflow';

export type { Staff } from './caller';

export class RequestService {
  constructor(private readonly hub: HubBase) {}

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

  /**
   * A request to change: only the staff member who has its counter open, or a manager, may move it
   * on — a clerk at another desk sees a stranger's file otherwise (privacy of the parties' data).
   */
  loadForChange(requestId: string, staff: Staff): r.RequestRow {
    return loadForChange(this.hub.db, requestId, staff);
  }

  /** Tell the request's counter and its applicant screen that something changed (sent after COMMIT) — workflow.ts. */
  changed(requestId: string): void {
    requestChanged(this.hub, requestId);
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

  /**
   * The owner of a Sana account answers on the applicant screen (ماده ۴۰ ب) — identity.ts.
   */
  sanaConsent(requestId: string, counterId: number, given: boolean): void {
    sanaConsent(this.hub, requestId, counterId, given);
  }

  /** For the other steps' services (capture): the request, if the caller may move it on. */
  forChange(requestId: string, staff: Staff): r.RequestRow {
    return this.loadForChange(requestId, staff);
  }

  /** For the request itself, whoever may read it (the applicant's screen resolves it by counter). */
  get(requestId: string): r.RequestRow {
    return loadRequest(this.hub.db, requestId);
  }

  /**
   * For the other steps' services: applies a workflow event, with `also` in the same transaction.
   * `staff` null is the applicant acting on their own screen (their review of the documents) — workflow.ts.
   */
  step(req: r.RequestRow, event: RequestEvent, staff: Staff | null, also: () => void = () => {}): RequestState {
    return applyEvent(this.hub, req, event, staff, also);
  }

  // ---------- opening and the deadline (./opening.ts) ----------

  open(input: { counterId: number; service: ServiceCode; legalDeadline?: string | undefined }, staff: Staff): string {
    return openRequest(this.hub, input, staff);
  }

  setDeadline(input: { requestId: string; legalDeadline: string | null }, staff: Staff): void {
    setDeadline(this.hub, input, staff);
  }

  // ---------- identity (./identity.ts), details and fees (./fees.ts), closing (./closing.ts) ----------

  verifyIdentity(input: { requestId: string; applicantId: number; document: string }, staff: Staff): void {
    verifyIdentity(this.hub, input, staff);
  }

  setDetails(input: { requestId: string; details: RequestDetails }, staff: Staff): void {
    setDetails(this.hub, input, staff);
  }

  fixFees(input: FixFeesInput, staff: Staff): void {
    fixFees(this.hub, input, staff);
  }

  waive(input: { requestId: string; reason: string }, staff: Staff): void {
    waive(this.hub, input, staff);
  }

  close(input: { requestId: string; kind: CloseKind; reason: string }, staff: Staff): void {
    closeRequest(this.hub, input, staff);
  }

  deliver(input: { requestId: string }, staff: Staff): void {
    deliver(this.hub, input, staff);
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
    return r.getPayment(this.hub.db, paymentId)?.requestId;
  }

  // ---------- the counter's view ----------

  view(requestId: string): RequestView {
    return requestView(this.hub.db, requestId);
  }
}
