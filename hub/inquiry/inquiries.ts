/**
 * Inquiries for a request (ماده ۳۸ ج, ۱۴, ۳ تبصره; core/api/inquiry.ts). The basis is checked here,
 * before anything leaves the office:
 *
 * - the request exists, is not closed, and is at the caller's open counter (or the caller manages);
 * - identity: the person is the request's applicant (or its legal entity's representative) or one
 *   of its listed parties; while the request has no applicant yet (the identity step) up to
 *   IDENTITY_SUBJECTS_BEFORE_APPLICANT different people may be looked up — the person at the counter,
 *   and a typo or two;
 * - coverage (the fee exemption of ماده ۱۴): the applicant only — it is their fee;
 * - document: up to DOCUMENTS_PER_REQUEST codes per request.
 *
 * A refusal is audited (`inquiryRefused`, with who, the request and the subject) and answered with
 * INQUIRY_NO_BASIS. An inquiry asked is logged (db/inquiries) answered or not, and audited
 * (`inquiryMade`) with its outcome.
 */
import { randomUUID } from 'node:crypto';
import type { InquiryView } from '../../core/api/inquiry';
import type { ProcedureParsedInput } from '../../core/api/contract';
import { DomainError } from '../../core/errors';
import { flowOf } from '../../core/fees/services';
import { finalStatuses, transition } from '../../core/request/stateMachine';
import { domain } from '../request/errors';
import type { InquiryAnswer, InquiryRequest } from '../../core/sync/protocol';
import { inquiryAnswer } from '../../core/sync/protocol';
import { getApplicant, type RequestRow } from '../../db/requests';
import { getInquiry, inquiriesOfRequest, inquirySubjects, insertInquiry, type InquiryRow } from '../../db/inquiries';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import type { SyncService } from '../sync/syncService';
import type { RequestService, Staff } from '../request/requestService';

export const IDENTITY_SUBJECTS_BEFORE_APPLICANT = 3;
export const DOCUMENTS_PER_REQUEST = 20;

type Input = ProcedureParsedInput<'inquiry.run'>;

function viewOf(row: InquiryRow): InquiryView {
  return {
    id: row.id,
    kind: row.kind,
    purpose: row.purpose,
    subject: row.subject,
    askedAt: row.askedAt,
    askedBy: row.staffName,
    outcome: row.outcome,
    answer: row.answer === null ? null : inquiryAnswer.parse(JSON.parse(row.answer)),
    answeredAt: row.answeredAt,
  };
}

/** National ids the request names: its applicant (or representative) and its parties. */
function peopleOf(hub: HubBase, req: RequestRow): { applicant: string | null; parties: string[] } {
  const a = req.applicantId === null ? undefined : getApplicant(hub.db, req.applicantId)?.data;
  const applicant = !a ? null : a.kind === 'natural' ? a.nationalId : a.kind === 'legalEntity' ? a.representative.nationalId : null;
  const details = req.details as { parties?: Array<{ nationalId?: string }> } | null;
  const parties = (details?.parties ?? []).map((p) => p.nationalId).filter((id): id is string => typeof id === 'string');
  return { applicant, parties };
}

export class InquiryService {
  constructor(
    private readonly hub: HubBase,
    private readonly requests: RequestService,
    /** the link to the central system the inquiry goes out on, at once (never queued) */
    private readonly sync: Pick<SyncService, 'inquire'>,
  ) {}

  list(requestId: string, staff: Staff): InquiryView[] {
    this.requests.loadForChange(requestId, staff);
    return inquiriesOfRequest(this.hub.db, requestId).map(viewOf);
  }

  async run(input: Input, staff: Staff): Promise<InquiryView> {
    const req = this.requests.loadForChange(input.requestId, staff);
    const subject = input.kind === 'document' ? input.documentCode : input.nationalId;
    const problem = this.noBasis(req, input, subject);
    if (problem) {
      record(this.hub.db, this.hub.now(), {
        actor: `staff:${staff.userId}`,
        action: 'inquiryRefused',
        subject: `request:${req.id}`,
        reason: null,
        detail: { kind: input.kind, purpose: input.purpose, subject, why: problem },
      });
      throw new DomainError('INQUIRY_NO_BASIS', `inquiry refused: ${problem}`);
    }
    const id = randomUUID();
    const body: InquiryRequest =
      input.kind === 'document'
        ? { inquiryId: id, requestId: req.id, kind: 'document', purpose: 'documentAuthenticity', documentCode: input.documentCode }
        : input.kind === 'coverage'
          ? { inquiryId: id, requestId: req.id, kind: 'coverage', purpose: 'feeExemption', nationalId: input.nationalId }
          : { inquiryId: id, requestId: req.id, kind: 'identity', purpose: 'identityVerification', nationalId: input.nationalId };
    return this.ask(req, body, subject, staff);
  }

  /**
   * The inquiry step of a service that files nothing (core/request/steps.ts): the applicant's own
   * notifications (their national id, or their legal entity's representative's), or a filing's status
   * by the tracking code the clerk typed. The order is checked first — a service without the step, or
   * a request not yet paid, asks nothing — then the central is asked, the inquiry logged and audited as
   * every other, and an answer moves the request on (`inquiryAnswered`).
   */
  async forService(input: { requestId: string; trackingCode?: string | undefined }, staff: Staff): Promise<void> {
    const req = this.requests.loadForChange(input.requestId, staff);
    const flow = flowOf(req.service);
    domain(() => transition(req.state, { type: 'inquiryAnswered' }, flow.steps));
    const id = randomUUID();
    let body: InquiryRequest;
    if (flow.inquiry === 'caseStatus') {
      if (input.trackingCode === undefined) throw new DomainError('INQUIRY_NO_SUBJECT', 'a case inquiry needs the tracking code', { fields: [{ path: 'trackingCode', reason: 'required' }] });
      body = { inquiryId: id, requestId: req.id, kind: 'caseStatus', purpose: 'caseFollowUp', trackingCode: input.trackingCode };
    } else {
      const nationalId = peopleOf(this.hub, req).applicant;
      if (nationalId === null) throw new DomainError('INQUIRY_NO_SUBJECT', 'the applicant has no national id to ask about');
      body = { inquiryId: id, requestId: req.id, kind: 'notification', purpose: 'notificationView', nationalId };
    }
    await this.ask(req, body, body.kind === 'caseStatus' ? body.trackingCode : body.nationalId, staff);
    this.requests.step(this.requests.get(req.id), { type: 'inquiryAnswered' }, staff);
    this.requests.changed(req.id);
  }

  /** Asks the central at once, logs the inquiry answered or not and audits it; throws when it went unanswered. */
  private async ask(req: RequestRow, body: InquiryRequest, subject: string, staff: Staff): Promise<InquiryView> {
    const id = body.inquiryId;
    const input = { kind: body.kind, purpose: body.purpose };
    const askedAt = this.hub.now().toISOString();
    let answer: InquiryAnswer | null = null;
    let answeredAt: string | null = null;
    let failure: DomainError | null = null;
    try {
      const res = await this.sync.inquire(body);
      if (res.answer.kind !== input.kind) throw new DomainError('INQUIRY_FAILED', 'the central answered another kind of inquiry');
      answer = res.answer;
      answeredAt = res.answeredAt;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      failure = err;
    }
    const row = { id, requestId: req.id, staffId: staff.userId, kind: input.kind, purpose: input.purpose, subject, askedAt, outcome: answer ? ('answered' as const) : ('failed' as const), answer: answer ? JSON.stringify(answer) : null, answeredAt, error: failure?.code ?? null };
    this.hub.db
      .transaction(() => {
        insertInquiry(this.hub.db, row);
        record(this.hub.db, this.hub.now(), {
          actor: `staff:${staff.userId}`,
          action: 'inquiryMade',
          subject: `request:${req.id}`,
          reason: null,
          detail: { inquiry: id, kind: input.kind, purpose: input.purpose, subject, outcome: row.outcome, ...(failure ? { error: failure.code } : {}), ...(answer ? { found: answerFound(answer) } : {}) },
        });
      })
      .immediate();
    if (failure) throw failure;
    return viewOf(getInquiry(this.hub.db, id)!);
  }

  /** Why this inquiry has no basis, or null when it has one. */
  private noBasis(req: RequestRow, input: Input, subject: string): string | null {
    if ((finalStatuses as readonly string[]).includes(req.state.status)) return 'requestClosed';
    if (input.kind === 'document') {
      const asked = inquirySubjects(this.hub.db, req.id, 'document');
      return asked.includes(subject) || asked.length < DOCUMENTS_PER_REQUEST ? null : 'tooManyDocuments';
    }
    const people = peopleOf(this.hub, req);
    if (input.kind === 'coverage') return people.applicant === subject ? null : 'notTheApplicant';
    if (people.applicant === subject || people.parties.includes(subject)) return null;
    if (people.applicant !== null) return 'notOnTheRequest';
    const asked = inquirySubjects(this.hub.db, req.id, 'identity');
    return asked.includes(subject) || asked.length < IDENTITY_SUBJECTS_BEFORE_APPLICANT ? null : 'tooManyPeople';
  }
}

function answerFound(a: InquiryAnswer): boolean {
  switch (a.kind) {
    case 'identity':
      return a.person !== null;
    case 'coverage':
      return a.coverage !== null;
    case 'document':
      return a.document !== null;
    case 'notification':
      return a.notices.length > 0;
    case 'caseStatus':
      return a.case !== null;
  }
}
