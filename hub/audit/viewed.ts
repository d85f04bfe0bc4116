/**
 * Which answers show a party's personal data, and of which request — the views the audit trail
 * records (ماده ۳۸ ب: the parties' privacy is the manager's to answer for). Like `audited.ts`, one
 * table an inspector reads in one place; the dispatcher consults it after a handler succeeded and
 * `requestViews.ts` decides whether this view is new enough to record (one entry per session,
 * request and kind of view per hour).
 *
 * What counts as a view, and why:
 * - `data`: a request as the counter shows it, once it carries its applicant (name, identity number)
 *   or its parties (names, national ids). Every procedure that answers with the request counts —
 *   reads and steps alike: the answer shows the data either way. A request with neither shows no one.
 * - `pages`: a scanned page's image (thumbnail or screen view). The page list (`capture.view` and the
 *   edits that answer with it) is not a view: numbers, types, sizes — no content, no names.
 * - `receipt`: a payment receipt or a filing receipt, on screen, as PDF or on paper: both print the
 *   applicant's name and identity number.
 *
 * Not recorded: device sessions (the applicant's screen shows the person at the counter their own
 * request, without identity numbers; the kiosk and the board show numbers only) — see requestViews.ts.
 * `applicant.find`, `documents.search`, `capture.documentPdf` and the exemptions report have entries of
 * their own in `audited.ts`, each call recorded.
 */
import type { ProcedureName, ProcedureOutput, ProcedureParsedInput } from '../../core/api/contract';
import type { RequestView } from '../../core/api/request';
import { page } from '../../db/capture';
import { ticketAtCounter } from '../../db/queue';
import { getPayment, getRequest, requestIdsOfTicket } from '../../db/requests';
import type { Database } from '../../db/sqlite';

export const requestViewKinds = ['data', 'pages', 'receipt'] as const;
export type RequestViewKind = (typeof requestViewKinds)[number];

export interface RequestViewed {
  requestId: string;
  view: RequestViewKind;
}

type Viewed<P extends ProcedureName> = (input: ProcedureParsedInput<P>, output: ProcedureOutput<P>, db: Database) => RequestViewed[];

/** A request as the counter shows it: a view of someone's data once it names the applicant or the parties. */
const shows = (r: RequestView): RequestViewed[] => (r.applicant || r.details ? [{ requestId: r.id, view: 'data' }] : []);
const pageImage = (db: Database, pageId: string): RequestViewed[] => {
  const p = page(db, pageId);
  return p ? [{ requestId: p.requestId, view: 'pages' }] : [];
};
const paymentReceipt = (db: Database, paymentId: string): RequestViewed[] => {
  const p = getPayment(db, paymentId);
  return p ? [{ requestId: p.requestId, view: 'receipt' }] : [];
};
const filingReceipt = (requestId: string): RequestViewed[] => [{ requestId, view: 'receipt' }];

export const viewed: { [P in ProcedureName]?: Viewed<P> } = {
  'request.open': (_input, out) => shows(out),
  'request.get': (_input, out) => shows(out),
  // the registries' answers name people (inquiry.run is audited in full as inquiryMade)
  'inquiry.list': (input, out) => (out.inquiries.length > 0 ? [{ requestId: input.requestId, view: 'data' }] : []),
  'request.atCounter': (_input, out) => out.requests.flatMap(shows),
  'request.verifyIdentity': (_input, out) => shows(out),
  'request.setDetails': (_input, out) => shows(out),
  'request.fixFees': (_input, out) => shows(out),
  'request.waivePayment': (_input, out) => shows(out),
  'request.close': (_input, out) => shows(out),
  'payment.manual': (_input, out) => shows(out.request),
  'payment.terminal': (_input, out) => shows(out.request),
  'capture.image': (input, _out, db) => pageImage(db, input.pageId),
  'receipt.pdf': (input, _out, db) => paymentReceipt(db, input.paymentId),
  'receipt.thermal': (input, _out, db) => paymentReceipt(db, input.paymentId),
  'receipt.print': (input, _out, db) => paymentReceipt(db, input.paymentId),
  'search.reprint': (input) => [{ requestId: input.requestId, view: 'receipt' }],
  'filingReceipt.pdf': (input) => filingReceipt(input.requestId),
  'filingReceipt.thermal': (input) => filingReceipt(input.requestId),
  'filingReceipt.print': (input) => filingReceipt(input.requestId),
  // The applicant screen's procedures, when a staff member calls them (a device never is recorded):
  // the applicant's name, and the pages under review.
  'applicantScreen.view': (input, out, db) => {
    if (!out.request?.applicantName) return [];
    const ticket = ticketAtCounter(db, input.counterId);
    const id = ticket ? requestIdsOfTicket(db, ticket.id).find((rid) => {
      const r = getRequest(db, rid);
      return r?.year === out.request!.year && r.number === out.request!.number;
    }) : undefined;
    return id ? [{ requestId: id, view: 'data' }] : [];
  },
  'applicantScreen.page': (input, _out, db) => pageImage(db, input.pageId),
};
