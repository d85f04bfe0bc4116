/** The counter's view of a request (`request.get` and every change's answer). */
import type { RequestDetails, RequestView } from '../../core/api/request';
import type { Quote } from '../../core/fees/quote';
import type { ServiceCode } from '../../core/fees/services';
import { currentStep, missingFor } from '../../core/request/stepper';
import * as r from '../../db/requests';
import * as rf from '../../db/refunds';
import type { Database } from '../../db/sqlite';
import { submission, submissionViewOf } from '../../db/sync';
import { followUpOf } from '../../db/followUp';
import { dueOf, loadRequest } from './load';

/** A request as the counter shows it: status, step, what is missing, applicant, details, fees, payments, receipts. */
export function requestView(db: Database, requestId: string): RequestView {
  const req = loadRequest(db, requestId);
  const applicant = req.applicantId === null ? undefined : r.getApplicant(db, req.applicantId);
  const fq = r.latestFeeQuote(db, req.id);
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
    sanaConsent: (() => {
      const c = r.sanaConsent(db, req.id);
      return c && { given: c.given, identityDocument: c.identityDocument, at: c.at };
    })(),
  };
}
