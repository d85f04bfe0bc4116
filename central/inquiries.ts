import { officeDay } from '../core/format/jalaliDay';
import { canonicalJson, type InquiryAnswer, type InquiryRequest, type InquiryResponse } from '../core/sync/protocol';
import type { SqlQuery } from './sql';
import { sha256hex } from './signing';

/**
 * Inquiries (ماده ۳۸ ج, ۱۴, ۳ تبصره) answered from the registry stand-ins, and logged. The real
 * registries cannot run here; these tables answer exactly what the protocol's `inquiryAnswer` says.
 */

/** The inquiry with its ids in lower case: the form that is logged and compared on a retry. */
export function normalizeInquiry(inquiry: InquiryRequest): InquiryRequest {
  return { ...inquiry, inquiryId: inquiry.inquiryId.toLowerCase(), requestId: inquiry.requestId.toLowerCase() };
}

/** What the inquiry is about: the national id, the document code or the tracking code. */
export function inquirySubject(inquiry: InquiryRequest): string {
  return inquiry.kind === 'document' ? inquiry.documentCode : inquiry.kind === 'caseStatus' ? inquiry.trackingCode : inquiry.nationalId;
}

/** The registry's answer today; null inside it when the registry knows no such record. */
export async function askRegistry(q: SqlQuery, inquiry: InquiryRequest, today: string): Promise<InquiryAnswer> {
  switch (inquiry.kind) {
    case 'identity': {
      const { rows } = await q.query<{ first_name: string; last_name: string; father_name: string; birth_date: string; alive: boolean }>(
        'SELECT first_name, last_name, father_name, birth_date, alive FROM registry_person WHERE national_id = $1',
        [inquiry.nationalId],
      );
      const p = rows[0];
      return { kind: 'identity', person: p ? { firstName: p.first_name, lastName: p.last_name, fatherName: p.father_name, birthDate: p.birth_date, alive: p.alive } : null };
    }
    case 'coverage': {
      // valid through its last day; of several, the one that lasts longest
      const { rows } = await q.query<{ category: 'reliefCommittee' | 'welfarePensioner' | 'indigentPrisoner'; reference: string; valid_until: string }>(
        `SELECT category, reference, valid_until FROM registry_coverage WHERE national_id = $1 AND valid_until >= $2
         ORDER BY valid_until DESC, category, reference LIMIT 1`,
        [inquiry.nationalId, today],
      );
      const c = rows[0];
      return { kind: 'coverage', coverage: c ? { category: c.category, reference: c.reference, validUntil: c.valid_until } : null };
    }
    case 'document': {
      const { rows } = await q.query<{ title: string; issuer: string; issued_on: string; valid: boolean }>(
        'SELECT title, issuer, issued_on, valid FROM registry_document WHERE code = $1',
        [inquiry.documentCode],
      );
      const d = rows[0];
      return { kind: 'document', document: d ? { title: d.title, issuer: d.issuer, issuedOn: d.issued_on, valid: d.valid } : null };
    }
    case 'notification': {
      // newest first, at most the 50 the answer may carry
      const { rows } = await q.query<{ number: string; issued_on: string; authority: string; title: string; body: string }>(
        'SELECT number, issued_on, authority, title, body FROM registry_notice WHERE national_id = $1 ORDER BY issued_on DESC, number DESC LIMIT 50',
        [inquiry.nationalId],
      );
      return { kind: 'notification', notices: rows.map((n) => ({ number: n.number, issuedOn: n.issued_on, authority: n.authority, title: n.title, text: n.body })) };
    }
    case 'caseStatus': {
      const { rows } = await q.query<{ authority: string; stage: string; last_action: string; on_day: string }>(
        'SELECT authority, stage, last_action, on_day FROM registry_case WHERE tracking_code = $1',
        [inquiry.trackingCode],
      );
      const c = rows[0];
      return { kind: 'caseStatus', case: c ? { trackingCode: inquiry.trackingCode, authority: c.authority, stage: c.stage, lastAction: c.last_action, on: c.on_day } : null };
    }
  }
}

export class InquiryConflictError extends Error {
  constructor(readonly inquiryId: string) {
    super(`inquiry ${inquiryId} is on record with another question`);
  }
}

/**
 * Answers an inquiry and logs it, in the caller's transaction. An inquiry id already on record for
 * the office is answered from the log (the same answer, logged once); with another body it throws
 * InquiryConflictError. Concurrent first askings: PostgreSQL makes the later inserts wait for the
 * first to commit and then do nothing; the SELECT then finds the winner's row.
 */
export async function answerInquiry(
  q: SqlQuery,
  caller: { officeId: string; deviceId: string },
  asked: InquiryRequest,
  now: Date,
): Promise<{ response: InquiryResponse; created: boolean }> {
  const inquiry = normalizeInquiry(asked);
  const bodySha256 = sha256hex(canonicalJson(inquiry));
  const answeredAt = now.toISOString();
  const answer = await askRegistry(q, inquiry, officeDay(now));
  const inserted = await q.query(
    `INSERT INTO inquiry_log (office_id, inquiry_id, device_id, request_id, kind, purpose, subject, body_sha256, asked_at, answer)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING inquiry_id`,
    [caller.officeId, inquiry.inquiryId, caller.deviceId, inquiry.requestId, inquiry.kind, inquiry.purpose, inquirySubject(inquiry), bodySha256, answeredAt, canonicalJson(answer)],
  );
  if (inserted.rows.length === 1) return { response: { inquiryId: inquiry.inquiryId, answeredAt, answer }, created: true };
  const { rows } = await q.query<{ body_sha256: string; asked_at: Date | string; answer: InquiryAnswer }>(
    'SELECT body_sha256, asked_at, answer FROM inquiry_log WHERE office_id = $1 AND inquiry_id = $2',
    [caller.officeId, inquiry.inquiryId],
  );
  const existing = rows[0];
  if (!existing) throw new Error(`inquiry ${inquiry.inquiryId} neither inserted nor on record`);
  if (existing.body_sha256 !== bodySha256) throw new InquiryConflictError(inquiry.inquiryId);
  return { response: { inquiryId: inquiry.inquiryId, answeredAt: new Date(existing.asked_at).toISOString(), answer: existing.answer }, created: false };
}

/** The answer's bytes: canonical JSON, so a replay is byte-identical to the first answer. */
export function inquiryResponseText(response: InquiryResponse): string {
  return canonicalJson(response);
}
