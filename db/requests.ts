/**
 * Counter-workflow queries: tariff tables, applicants, requests and their events, identity checks,
 * fee quotes, payments and receipts. Writes that must land together (a request and its number; a
 * payment, its receipt number and its receipt) are wrapped in one transaction by the caller (hub/requests).
 */
import type { TariffTable } from '../core/fees/tariff';
import { applicantSchema, type Applicant } from '../core/identity/applicant';
import type { RequestState, RequestStatus } from '../core/request/stateMachine';
import type { Database } from './sqlite';
import { stmt } from './statements';
import { indexApplicantName } from './search';
import { namesForSearch } from '../core/text/searchText';

// ---------- tariff tables ----------

interface TariffRow {
  id: string;
  title: string;
  effectiveFrom: string;
  source: string;
  items: string;
  addedAt: string;
  addedBy: number | null;
}

export type StoredTariffTable = TariffTable & { addedAt: string; addedBy: number | null };

/** Every stored table, oldest first. */
export function listTariffTables(db: Database): StoredTariffTable[] {
  return stmt<[], TariffRow>(db, 'SELECT id, title, effective_from AS effectiveFrom, source, items, added_at AS addedAt, added_by AS addedBy FROM tariff_table ORDER BY effective_from')
    .all()
    .map((r) => ({ ...r, items: JSON.parse(r.items) as TariffTable['items'] }));
}

/** Adds a table; never updates one (the id and the effective day are unique). */
export function insertTariffTable(db: Database, t: TariffTable, addedAt: string, addedBy: number | null): void {
  stmt(db, 'INSERT INTO tariff_table (id, title, effective_from, source, items, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    t.id,
    t.title,
    t.effectiveFrom,
    t.source,
    JSON.stringify(t.items),
    addedAt,
    addedBy,
  );
}

// ---------- applicants ----------

export type ApplicantKind = 'natural' | 'legal' | 'foreign';

/** The key an applicant is found by: `n:` national id, `l:` legal-entity id, `f:` foreign-national id, else `p:` passport. */
export function identityKeyOf(a: Applicant): { kind: ApplicantKind; key: string } {
  if (a.kind === 'natural') return { kind: 'natural', key: `n:${a.nationalId}` };
  if (a.kind === 'legalEntity') return { kind: 'legal', key: `l:${a.legalId}` };
  return { kind: 'foreign', key: a.foreignId !== undefined ? `f:${a.foreignId}` : `p:${a.passportNumber}` };
}

export interface ApplicantRow {
  id: number;
  kind: ApplicantKind;
  identityKey: string;
  data: Applicant;
  createdAt: string;
  updatedAt: string;
}

const applicantColumns = 'id, kind, identity_key AS identityKey, data, created_at AS createdAt, updated_at AS updatedAt';

function applicantRow(r: Omit<ApplicantRow, 'data'> & { data: string }): ApplicantRow {
  return { ...r, data: applicantSchema.parse(JSON.parse(r.data)) };
}

export function getApplicant(db: Database, id: number): ApplicantRow | undefined {
  const r = stmt<[number], Omit<ApplicantRow, 'data'> & { data: string }>(db, `SELECT ${applicantColumns} FROM applicant WHERE id = ?`).get(id);
  return r ? applicantRow(r) : undefined;
}

/** By identity key; a foreign national with both numbers is also found by passport. */
export function findApplicant(db: Database, key: string): ApplicantRow | undefined {
  const r = stmt<{ key: string }, Omit<ApplicantRow, 'data'> & { data: string }>(
    db,
    `SELECT ${applicantColumns} FROM applicant
     WHERE identity_key = @key OR (kind = 'foreign' AND substr(@key, 1, 2) = 'p:' AND json_extract(data, '$.passportNumber') = substr(@key, 3))
     ORDER BY identity_key = @key DESC LIMIT 1`,
  ).get({ key });
  return r ? applicantRow(r) : undefined;
}

/**
 * Stores an applicant (validated again by core's schema): a new row, or the returning applicant's
 * row updated (the same identity key). Returns its id.
 */
export function saveApplicant(db: Database, input: Applicant, at: string): number {
  const applicant = applicantSchema.parse(input);
  const { kind, key } = identityKeyOf(applicant);
  const id = stmt<[string, string, string, string, string], number>(
    db,
    `INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (identity_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
     RETURNING id`,
  )
    .pluck()
    .get(kind, key, JSON.stringify(applicant), at, at)!;
  // the names as the request search finds them (db/search.ts, migration 0025)
  indexApplicantName(db, id, namesForSearch(applicant));
  return id;
}

// ---------- requests ----------

export interface RequestRow {
  id: string;
  year: number;
  number: number;
  ticketId: string;
  counterId: number;
  service: string;
  applicantId: number | null;
  details: unknown;
  legalDeadline: string | null;
  status: RequestStatus;
  state: RequestState;
  officeDay: string;
  createdAt: string;
  createdBy: number;
}

type RawRequest = Omit<RequestRow, 'details' | 'state'> & { details: string | null; state: string };

const requestColumns = `id, year, number, ticket_id AS ticketId, counter_id AS counterId, service, applicant_id AS applicantId, details,
  legal_deadline AS legalDeadline, status, state, office_day AS officeDay, created_at AS createdAt, created_by AS createdBy`;

export function getRequest(db: Database, id: string): RequestRow | undefined {
  const r = stmt<[string], RawRequest>(db, `SELECT ${requestColumns} FROM request WHERE id = ?`).get(id);
  return r ? { ...r, details: r.details === null ? null : (JSON.parse(r.details) as unknown), state: JSON.parse(r.state) as RequestState } : undefined;
}

/** The requests opened for one ticket, oldest first (one applicant may need several services). */
export function requestIdsOfTicket(db: Database, ticketId: string): string[] {
  return stmt<[string], string>(db, `SELECT id FROM request WHERE ticket_id = ? ORDER BY year, number`).pluck().all(ticketId);
}

/** The year's next request number, bumped in the caller's transaction. */
export function nextRequestNumber(db: Database, year: number): number {
  return nextInYear(db, 'request_sequence', year);
}

/**
 * A per-Jalali-year number: one row per year, bumped in the caller's transaction, never counted
 * from rows — so nothing is skipped or reused, across restarts too. The table name is one of ours.
 */
function nextInYear(db: Database, table: 'request_sequence' | 'receipt_sequence', year: number): number {
  return stmt<[number], number>(
    db,
    `INSERT INTO ${table} (year, last_number) VALUES (?, 1)
     ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`,
  )
    .pluck()
    .get(year)!;
}

export function insertRequest(db: Database, r: Omit<RequestRow, 'status' | 'details' | 'applicantId'>): void {
  stmt(
    db,
    `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, details, legal_deadline, status, state, office_day, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.year, r.number, r.ticketId, r.counterId, r.service, r.legalDeadline, r.state.status, JSON.stringify(r.state), r.officeDay, r.createdAt, r.createdBy);
}

export function updateRequestState(db: Database, id: string, state: RequestState): void {
  stmt(db, 'UPDATE request SET status = ?, state = ? WHERE id = ?').run(state.status, JSON.stringify(state), id);
}

/** A request not yet finished (still before the outbox) from one office day, for the open-requests list. */
export interface OpenRequestRow {
  id: string;
  year: number;
  number: number;
  service: string;
  status: RequestStatus;
  counterId: number;
  counterNumber: number;
  createdAt: string;
  legalDeadline: string | null;
  /** the applicant's stored data (JSON), null before identity */
  applicant: string | null;
}

/** Statuses of a request still being worked on at a counter: not closed, not yet in the outbox. */
export const unfinishedStatuses = ['draft', 'identityVerified', 'detailsComplete', 'feesFixed', 'paid', 'documentsCaptured', 'applicantConfirmed', 'originalsMatched', 'answered'] as const;

/**
 * The office day's unfinished requests that no counter has on its desk now (their ticket was
 * finished, set aside or closed), oldest first: what «پایان خدمت» left open to be resumed.
 */
export function openRequestsOfDay(db: Database, officeDay: string): OpenRequestRow[] {
  return stmt<[string, string], OpenRequestRow>(
    db,
    `SELECT rq.id, rq.year, rq.number, rq.service, rq.status, rq.counter_id AS counterId, c.number AS counterNumber,
            rq.created_at AS createdAt, rq.legal_deadline AS legalDeadline, a.data AS applicant
       FROM request rq
       JOIN counter c ON c.id = rq.counter_id
       JOIN ticket t ON t.id = rq.ticket_id
       LEFT JOIN applicant a ON a.id = rq.applicant_id
      WHERE rq.office_day = ? AND rq.status IN (SELECT value FROM json_each(?))
        AND t.status NOT IN ('called', 'serving')
      ORDER BY rq.created_at, rq.number`,
  ).all(officeDay, JSON.stringify(unfinishedStatuses));
}

/** Moves a request to a counter (and, when resumed, to the ticket that counter serves now). */
export function moveRequest(db: Database, id: string, to: { counterId: number; ticketId?: string | undefined }): void {
  if (to.ticketId === undefined) stmt(db, 'UPDATE request SET counter_id = ? WHERE id = ?').run(to.counterId, id);
  else stmt(db, 'UPDATE request SET counter_id = ?, ticket_id = ? WHERE id = ?').run(to.counterId, to.ticketId, id);
}

export function setRequestDeadline(db: Database, id: string, legalDeadline: string | null): void {
  stmt(db, 'UPDATE request SET legal_deadline = ? WHERE id = ?').run(legalDeadline, id);
}

export function setRequestApplicant(db: Database, id: string, applicantId: number): void {
  stmt(db, 'UPDATE request SET applicant_id = ? WHERE id = ?').run(applicantId, id);
}

export function setRequestDetails(db: Database, id: string, details: unknown): void {
  stmt(db, 'UPDATE request SET details = ? WHERE id = ?').run(JSON.stringify(details), id);
}

export function insertRequestEvent(db: Database, e: { requestId: string; type: string; payload: unknown; at: string; staffId: number | null }): void {
  stmt(db, 'INSERT INTO request_event (request_id, type, payload, at, staff_id) VALUES (?, ?, ?, ?, ?)').run(e.requestId, e.type, JSON.stringify(e.payload ?? {}), e.at, e.staffId);
}

export function requestEvents(db: Database, requestId: string): Array<{ type: string; payload: unknown; at: string; staffId: number | null }> {
  return stmt<[string], { type: string; payload: string; at: string; staffId: number | null }>(
    db,
    'SELECT type, payload, at, staff_id AS staffId FROM request_event WHERE request_id = ? ORDER BY id',
  )
    .all(requestId)
    .map((e) => ({ ...e, payload: JSON.parse(e.payload) as unknown }));
}

export function insertIdentityCheck(db: Database, c: { requestId: string; applicantId: number; document: string; staffId: number; at: string }): void {
  stmt(db, 'INSERT INTO identity_check (request_id, applicant_id, document, staff_id, at) VALUES (?, ?, ?, ?, ?)').run(c.requestId, c.applicantId, c.document, c.staffId, c.at);
}

/** The document the latest identity check of the request was made against, or null. */
export function identityDocumentOf(db: Database, requestId: string): string | null {
  return stmt<[string], { document: string }>(db, 'SELECT document FROM identity_check WHERE request_id = ? ORDER BY id DESC LIMIT 1').get(requestId)?.document ?? null;
}

// ---------- Sana consent (migration 0015) ----------

export interface SanaConsentRow {
  given: boolean;
  identityDocument: string;
  at: string;
}

export function sanaConsent(db: Database, requestId: string): SanaConsentRow | null {
  const row = stmt<[string], { given: number; identityDocument: string; at: string }>(
    db,
    'SELECT given, identity_document AS identityDocument, at FROM sana_consent WHERE request_id = ?',
  ).get(requestId);
  return row ? { ...row, given: row.given === 1 } : null;
}

export function saveSanaConsent(db: Database, c: { requestId: string; given: boolean; identityDocument: string; counterId: number; at: string }): void {
  stmt(
    db,
    `INSERT INTO sana_consent (request_id, given, identity_document, counter_id, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (request_id) DO UPDATE SET given = excluded.given, identity_document = excluded.identity_document, counter_id = excluded.counter_id, at = excluded.at`,
  ).run(c.requestId, c.given ? 1 : 0, c.identityDocument, c.counterId, c.at);
}

// ---------- fees ----------

export interface FeeQuoteRow {
  id: number;
  requestId: string;
  tariffTableId: string;
  quote: unknown;
  officeTariffRials: number;
  judicialCostRials: number;
  discountRials: number;
  exemptRials: number;
  payableRials: number;
  discountReason: string | null;
  exemption: unknown;
  fixedAt: string;
  staffId: number;
}

export function insertFeeQuote(db: Database, q: Omit<FeeQuoteRow, 'id'>): number {
  return Number(
    stmt(
      db,
      `INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials,
         discount_reason, exemption, fixed_at, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      q.requestId,
      q.tariffTableId,
      JSON.stringify(q.quote),
      q.officeTariffRials,
      q.judicialCostRials,
      q.discountRials,
      q.exemptRials,
      q.payableRials,
      q.discountReason,
      q.exemption === null || q.exemption === undefined ? null : JSON.stringify(q.exemption),
      q.fixedAt,
      q.staffId,
    ).lastInsertRowid,
  );
}

/** A fee_quote row as stored: the quote and the exemption are JSON text. */
type StoredFeeQuote = Omit<FeeQuoteRow, 'quote' | 'exemption'> & { quote: string; exemption: string | null };

const FEE_QUOTE_COLUMNS = `id, request_id AS requestId, tariff_table_id AS tariffTableId, quote, office_tariff_rials AS officeTariffRials,
       judicial_cost_rials AS judicialCostRials, discount_rials AS discountRials, exempt_rials AS exemptRials, payable_rials AS payableRials,
       discount_reason AS discountReason, exemption, fixed_at AS fixedAt, staff_id AS staffId`;

function feeQuoteOf(r: StoredFeeQuote | undefined): FeeQuoteRow | undefined {
  return r ? { ...r, quote: JSON.parse(r.quote) as unknown, exemption: r.exemption === null ? null : (JSON.parse(r.exemption) as unknown) } : undefined;
}

/** The quote in force: the latest fixing of the request's fees. */
export function latestFeeQuote(db: Database, requestId: string): FeeQuoteRow | undefined {
  return feeQuoteOf(stmt<[string], StoredFeeQuote>(db, `SELECT ${FEE_QUOTE_COLUMNS} FROM fee_quote WHERE request_id = ? ORDER BY id DESC LIMIT 1`).get(requestId));
}

// ---------- payments and receipts ----------

export type PaymentPart = 'officeTariff' | 'judicialCost';

export interface PaymentRow {
  id: string;
  requestId: string;
  feeQuoteId: number;
  part: PaymentPart;
  method: 'pcpos' | 'manual';
  amountRials: number;
  orderId: string;
  rrn: string;
  trace: string;
  terminalId: string;
  maskedCard: string;
  responseCode: '00';
  paidAt: string;
  staffId: number;
}

export function insertPayment(db: Database, p: PaymentRow): void {
  stmt(
    db,
    `INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.id, p.requestId, p.feeQuoteId, p.part, p.method, p.amountRials, p.orderId, p.rrn, p.trace, p.terminalId, p.maskedCard, p.responseCode, p.paidAt, p.staffId);
}

const paymentColumns = `id, request_id AS requestId, fee_quote_id AS feeQuoteId, part, method, amount_rials AS amountRials, order_id AS orderId, rrn, trace,
  terminal_id AS terminalId, masked_card AS maskedCard, response_code AS responseCode, paid_at AS paidAt, staff_id AS staffId`;

export function paymentsOfRequest(db: Database, requestId: string): PaymentRow[] {
  return stmt<[string], PaymentRow>(db, `SELECT ${paymentColumns} FROM payment WHERE request_id = ? ORDER BY paid_at, rowid`).all(requestId);
}

export function paymentsOfQuote(db: Database, feeQuoteId: number): PaymentRow[] {
  return stmt<[number], PaymentRow>(db, `SELECT ${paymentColumns} FROM payment WHERE fee_quote_id = ? ORDER BY rowid`).all(feeQuoteId);
}

export function rrnRecorded(db: Database, rrn: string): boolean {
  return stmt<[string], number>(db, 'SELECT count(*) FROM payment WHERE rrn = ?').pluck().get(rrn)! > 0;
}

/** The Jalali year's next receipt number, bumped in the caller's transaction (never reused). */
export function nextReceiptNumber(db: Database, year: number): number {
  return nextInYear(db, 'receipt_sequence', year);
}

export interface ReceiptRow {
  paymentId: string;
  year: number;
  number: number;
  issuedAt: string;
  verifyHash: string;
}

export function insertReceipt(db: Database, r: ReceiptRow): void {
  stmt(db, 'INSERT INTO receipt (payment_id, year, number, issued_at, verify_hash) VALUES (?, ?, ?, ?, ?)').run(r.paymentId, r.year, r.number, r.issuedAt, r.verifyHash);
}

export function receiptsOfRequest(db: Database, requestId: string): ReceiptRow[] {
  return stmt<[string], ReceiptRow>(
    db,
    `SELECT r.payment_id AS paymentId, r.year, r.number, r.issued_at AS issuedAt, r.verify_hash AS verifyHash
     FROM receipt r JOIN payment p ON p.id = r.payment_id WHERE p.request_id = ? ORDER BY r.year, r.number`,
  ).all(requestId);
}

export function getPayment(db: Database, id: string): PaymentRow | undefined {
  return stmt<[string], PaymentRow>(db, `SELECT ${paymentColumns} FROM payment WHERE id = ?`).get(id);
}

export function receiptOfPayment(db: Database, paymentId: string): ReceiptRow | undefined {
  return stmt<[string], ReceiptRow>(
    db,
    'SELECT payment_id AS paymentId, year, number, issued_at AS issuedAt, verify_hash AS verifyHash FROM receipt WHERE payment_id = ?',
  ).get(paymentId);
}

export function feeQuote(db: Database, id: number): FeeQuoteRow | undefined {
  return feeQuoteOf(stmt<[number], StoredFeeQuote>(db, `SELECT ${FEE_QUOTE_COLUMNS} FROM fee_quote WHERE id = ?`).get(id));
}
