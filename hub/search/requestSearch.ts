/**
 * «جستجوی درخواست» (docs/SEARCH.md): find, open with a purpose, issue a receipt again.
 *
 * Privacy (ماده ۳۸ ب): a found request shows whole only while it is being served at the caller's own
 * counter (the counter they have open, serving that request's ticket). Any other shows what identifies
 * it — number, service, status, days, tracking code, the id's last four digits, a person's initials —
 * until the caller opens it with a purpose from the short list (and free text; «other» needs it), which
 * the audit trail records (`requestOpened`, hub/audit/audited.ts). What was opened is remembered per
 * session for an hour, in the hub (hub/request/reach.ts, which lets the session read it too): a receipt is issued again only
 * for a request opened so, or served at the caller's counter.
 */
import type { SearchPurpose, SearchQuery, SearchResult } from '../../core/api/search';
import type { RequestView } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import type { ServiceCode } from '../../core/fees/services';
import { applicantSchema, type Applicant } from '../../core/identity/applicant';
import type { RequestStatus } from '../../core/request/stateMachine';
import { getCounter, ticketAtCounter } from '../../db/queue';
import type { SearchRow } from '../../db/search';
import type { Database } from '../../db/sqlite';
import type { HubBase, CallContext } from '../base';
import { filingReceipt } from '../filingReceipt/filingReceipts';
import type { ReceiptPrinterPort } from '../receiptPrinter/receiptPrinter';
import { paymentReceipt, ReceiptIssuer, type ReceiptSource } from '../receipt/receipts';
import type { Staff } from '../request/caller';
import type { RequestReach } from '../request/reach';
import { loadRequest } from '../request/load';
import { requestView } from '../request/view';
import { runQuery } from './query';

/** Results per search; one more is read to say whether there are more. */
export const SEARCH_LIMIT = 50;

/** «******1234»: every character but the last four hidden. */
export function maskId(id: string): string {
  const chars = [...id];
  const keep = Math.min(4, Math.max(0, chars.length - 4));
  return '*'.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
}

/** «ع. ر.»: the first letter of each name. */
export function initials(...names: string[]): string {
  return names
    .map((n) => [...n.trim()][0])
    .filter((c): c is string => c !== undefined)
    .map((c) => `${c}.`)
    .join(' ');
}

/** The applicant of a result: whole, or masked. An entity's registered name is public (core maskedApplicantName). */
export function applicantOfResult(a: Applicant, whole: boolean): NonNullable<SearchResult['applicant']> {
  const id = a.kind === 'natural' ? a.nationalId : a.kind === 'legalEntity' ? a.legalId : (a.foreignId ?? a.passportNumber ?? '');
  const name = a.kind === 'legalEntity' ? a.name : whole ? `${a.firstName} ${a.lastName}` : initials(a.firstName, a.lastName);
  return { kind: a.kind, name, idNumber: whole ? id : maskId(id), masked: !whole };
}

export class RequestSearch {
  private readonly issuer: ReceiptIssuer;

  constructor(
    private readonly hub: HubBase,
    /** what each session opened with a purpose (hub/request/reach.ts) */
    private readonly reach: RequestReach,
  ) {
    this.issuer = new ReceiptIssuer(hub);
  }

  /**
   * The counter the caller works at, if they name one: it must exist and, for anyone but a manager,
   * be open by them — a clerk cannot unmask requests by naming another's counter.
   */
  private callerCounter(staff: Staff, counterId: number | undefined): number | null {
    if (counterId === undefined) return null;
    const counter = getCounter(this.hub.db, counterId);
    if (!counter) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    if (staff.role !== 'manager' && counter.openStaffId !== staff.userId) throw new DomainError('COUNTER_NOT_OPEN', 'the caller does not have this counter open');
    return counterId;
  }

  /** Served at the caller's counter now: its ticket is the one that counter serves. */
  private servedHere(counterId: number | null, ticketId: string, servingTicket: string | undefined): boolean {
    return counterId !== null && servingTicket !== undefined && ticketId === servingTicket;
  }

  search(query: SearchQuery, staff: Staff, counterId: number | undefined): { results: SearchResult[]; more: boolean } {
    const db = this.hub.db;
    const counter = this.callerCounter(staff, counterId);
    const serving = counter === null ? undefined : ticketAtCounter(db, counter)?.id;
    const rows = runQuery(db, query, SEARCH_LIMIT + 1);
    const seen = new Set<string>();
    const results: SearchResult[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      results.push(this.result(row, this.servedHere(counter, row.ticketId, serving)));
    }
    return { results: results.slice(0, SEARCH_LIMIT), more: results.length > SEARCH_LIMIT };
  }

  private result(row: SearchRow, here: boolean): SearchResult {
    const applicant = row.applicantData === null ? null : applicantSchema.safeParse(JSON.parse(row.applicantData));
    return {
      id: row.id,
      year: row.year,
      number: row.number,
      service: row.service as ServiceCode,
      status: row.status as RequestStatus,
      officeDay: row.officeDay,
      createdAt: row.createdAt,
      counterId: row.counterId,
      trackingCode: row.trackingCode,
      servedHere: here,
      applicant: applicant?.success ? applicantOfResult(applicant.data, here) : null,
    };
  }

  /** The whole request, for a purpose; remembered as opened for this session (the audit entry is the dispatcher's, audited.ts). */
  open(ctx: CallContext, staff: Staff, input: { requestId: string; counterId?: number | undefined; purpose: SearchPurpose; note: string }): { request: RequestView; returned: boolean } {
    if (input.purpose === 'other' && [...input.note].length < 3) throw new DomainError('SEARCH_PURPOSE_REQUIRED', 'say why the request is opened');
    this.callerCounter(staff, input.counterId);
    const request = requestView(this.hub.db, loadRequest(this.hub.db, input.requestId).id);
    this.reach.remember(ctx, request.id);
    return { request, returned: request.submission?.authorityStatus === 'returned' };
  }

  /** Whether this session may issue the request's receipts: opened within the hour, or served at the caller's counter. */
  private mayIssue(ctx: CallContext, requestId: string, counter: number | null): boolean {
    if (this.reach.openedRecently(ctx, requestId)) return true;
    const req = loadRequest(this.hub.db, requestId);
    return counter !== null && ticketAtCounter(this.hub.db, counter)?.id === req.ticketId;
  }

  async reprint(
    ctx: CallContext,
    staff: Staff,
    input: { requestId: string; counterId?: number | undefined; receipt: { kind: 'payment'; paymentId: string } | { kind: 'filing' }; output: 'pdf' | 'print' },
    workstation?: ReceiptPrinterPort | null,
  ): Promise<{ duplicate: boolean; fileName: string | null; pdfBase64: string | null; printer: string | null }> {
    const db = this.hub.db;
    const counter = this.callerCounter(staff, input.counterId);
    loadRequest(db, input.requestId);
    if (!this.mayIssue(ctx, input.requestId, counter)) throw new DomainError('SEARCH_NOT_OPENED', 'open the request with a purpose first');
    const base = input.receipt.kind === 'filing' ? filingReceipt(input.requestId) : paymentReceipt(input.receipt.paymentId);
    if (input.receipt.kind === 'payment') {
      const paymentId = input.receipt.paymentId;
      if (!requestView(db, input.requestId).payments.some((p) => p.id === paymentId)) throw new DomainError('UNKNOWN_RECEIPT', 'the payment is not this request’s');
    }
    if (input.output === 'pdf') {
      const { fileName, pdfBase64, duplicate } = await this.issuer.pdf(base, staff);
      return { duplicate, fileName, pdfBase64, printer: null };
    }
    // on the printer of the counter the caller stands at, not the one the request was filed at
    if (counter === null) throw new DomainError('RECEIPT_PRINTER_NOT_CONFIGURED', 'name the counter whose printer prints');
    const here: ReceiptSource = { load: base.load, counterId: () => counter };
    const { duplicate, printer } = await this.issuer.print(here, staff, workstation);
    return { duplicate, fileName: null, pdfBase64: null, printer };
  }
}
