/** The counter's view of a request (`request.get` and every change's answer). */
import type { RequestDetails, RequestView } from '../../core/api/request';
import type { Quote } from '../../core/fees/quote';
import { flowOf, type ServiceCode } from '../../core/fees/services';
import { currentStep, missingFor } from '../../core/request/stepper';
import * as r from '../../db/requests';
import * as rf from '../../db/refunds';
import type { Database } from '../../db/sqlite';
import { submission, submissionViewOf } from '../../db/sync';
import { followUpOf } from '../../db/followUp';
import { latestAnsweredInquiry } from '../../db/inquiries';
import { inquiryAnswer } from '../../core/sync/protocol';
import { dueOf, loadRequest } from './load';

/** A request as the counter shows it: status, step, what is missing, applicant, details, fees, payments, receipts. */
export function requestView(db: Database, requestId: string): RequestView {
  const req = loadRequest(db, requestId);
  const applicant = req.applicantId === null ? undefined : r.getApplicant(db, req.applicantId);
  const fq = r.latestFeeQuote(db, req.id);
  const stored = fq?.quote as Quote | undefined;
  const flow = flowOf(req.service);
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
    steps: [...flow.steps],
    inquiryKind: flow.inquiry,
    printout: flow.printout,
    currentStep: currentStep(req.state, flow.steps),
    missing: missingFor(req.state, flow.steps),
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
            due: { officeTariff: dueOf(fq, 'officeTariff'), judicialCost: dueOf(fq, 'judicialCost') },
          }
        : null,
    payments: r.paymentsOfRequest(db, req.id).filter((p) => !rf.isPaymentRefunded(db, p.id)).map((p) => ({
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
    receipts: r.receiptsOfRequest(db, req.id).map((x) => ({ ...x, voided: rf.isPaymentRefunded(db, x.paymentId) })),
    refunds: rf.refundsOfRequest(db, req.id).map((x) => ({
      id: x.id,
      paymentId: x.paymentId,
      method: x.method,
      amountRials: x.amountRials,
      reason: x.reason,
      state: x.state,
      rrn: x.rrn,
      startedAt: x.startedAt,
      doneAt: x.doneAt,
    })),
    submission: submissionViewOf(db, req.id),
    followUpOf: (() => {
      const f = followUpOf(db, req.id);
      const returned = f && r.getRequest(db, f.returnedRequestId);
      if (!f || !returned) return null;
      return { requestId: returned.id, year: returned.year, number: returned.number, trackingCode: f.trackingCode, reason: f.reason, returnedAt: submission(db, f.returnedSubmissionId)?.authorityAt ?? null };
    })(),
    inquiryAnswer: flow.inquiry === null ? null : serviceAnswer(db, req.id, flow.inquiry),
    sanaConsent: (() => {
      const c = r.sanaConsent(db, req.id);
      return c && { given: c.given, identityDocument: c.identityDocument, at: c.at };
    })(),
  };
}

/** The latest answered inquiry of the service's kind: what its printout carries. */
function serviceAnswer(db: Database, requestId: string, kind: 'notification' | 'caseStatus'): RequestView['inquiryAnswer'] {
  const row = latestAnsweredInquiry(db, requestId, kind);
  if (!row || row.answer === null || row.answeredAt === null) return null;
  return { inquiryId: row.id, subject: row.subject, answeredAt: row.answeredAt, answer: inquiryAnswer.parse(JSON.parse(row.answer)) };
}
