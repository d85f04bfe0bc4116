/**
 * The applicant's second screen: the request of the person at a counter, cut down to what they may
 * see (core/api/applicantScreen.ts). Built from the counter's own view so the two never disagree.
 */
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import { DomainError } from '../../core/errors';
import { applicantName } from '../../core/identity/applicant';
import { formatTicketNumber } from '../../core/queue/ticketNumber';
import { needsOwnerConsent } from '../../core/request/sana';
import { awaitsLastStep, finalStatuses } from '../../core/request/stateMachine';
import * as q from '../../db/queue';
import type { Database } from '../../db/sqlite';
import type { RequestService } from '../request/requestService';
import type { CaptureService } from '../capture/captureService';
import type { CallContext, HubBase } from '../base';
import { record } from '../audit/auditLog';

/**
 * Closed: cancelled, refused, or complete (the authority decided it). The screen shows none of them —
 * only a request the office still holds or has just sent.
 */
const closed: ReadonlySet<string> = new Set(finalStatuses);

/**
 * Whose counter the caller may see or answer for on the applicant screen: staff any (the counter
 * shows the clerk what the applicant sees); an applicant's screen only the counter its session was
 * opened for (docs/SECURITY.md § One kind of caller per connection). `answer`: the call answers for
 * the applicant (the pages' review, the Sana consent) — refusing one of those is audited.
 */
export function checkScreenCounter(hub: HubBase, ctx: CallContext, counterId: number, answer?: 'applicantScreen.review' | 'applicantScreen.sanaConsent'): void {
  const p = ctx.principal;
  if (p?.kind !== 'device') return;
  const screenCounterId = p.counterId ?? null;
  if (p.role === 'applicant' && screenCounterId === counterId) return;
  if (answer) {
    record(hub.db, hub.now(), { actor: `device:${p.role}`, action: 'applicantScreenRefused', subject: `counter:${counterId}`, detail: { via: answer, counterId, screenCounterId } });
  }
  throw new DomainError('SCREEN_OTHER_COUNTER', `this screen faces ${screenCounterId === null ? 'no counter yet' : `counter ${screenCounterId}`}, not ${counterId}`);
}

/**
 * The request an answer on the screen is for: the one the counter's screen shows now, and the one the
 * screen says it showed (`requestId`, echoed from its view) — a request that changed under the screen
 * gets SCREEN_OUTDATED, never an answer given for another.
 */
export function shownRequestId(requests: RequestService, counterId: number, requestId: string): string {
  const current = applicantRequestId(requests, counterId);
  if (!current) throw new DomainError('REQUEST_OUT_OF_ORDER', 'no request at this counter');
  if (current !== requestId) throw new DomainError('SCREEN_OUTDATED', 'the screen shows another request now');
  return current;
}

/** The request the applicant at a counter is looking at: the current ticket's latest one not closed. */
export function applicantRequestId(requests: RequestService, counterId: number): string | null {
  const { requests: views } = requests.atCounter(counterId);
  return [...views].reverse().find((v) => !closed.has(v.status))?.id ?? null;
}

export function applicantScreen(db: Database, requests: RequestService, capture: CaptureService, counterId: number): ApplicantScreenView {
  const counter = q.getCounter(db, counterId);
  if (!counter || !counter.active) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  const ticket = q.ticketAtCounter(db, counterId);
  const { requests: views } = requests.atCounter(counterId);
  const current = [...views].reverse().find((v) => !closed.has(v.status)) ?? null;
  return {
    counterNumber: counter.number,
    ticketDisplay: ticket ? formatTicketNumber(ticket.prefix, ticket.number) : null,
    request: current && {
      id: current.id,
      year: current.year,
      number: current.number,
      service: current.service,
      status: current.status,
      steps: current.steps,
      currentStep: current.currentStep,
      inquiry:
        current.inquiryAnswer === null
          ? null
          : current.inquiryAnswer.answer.kind === 'notification'
            ? { kind: 'notification', found: current.inquiryAnswer.answer.notices.length }
            : current.inquiryAnswer.answer.kind === 'caseStatus'
              ? { kind: 'caseStatus', found: current.inquiryAnswer.answer.case ? 1 : 0 }
              : null,
      legalDeadline: current.legalDeadline,
      applicantName: current.applicant ? applicantName(current.applicant.data) : null,
      fees: current.quote && {
        lines: current.quote.lines,
        totals: current.quote.totals,
        discountReason: current.quote.discount?.reason ?? null,
        due: current.quote.due,
        paid: current.payments.map((p) => p.part),
      },
      sanaConsent: needsOwnerConsent(current.service)
        ? { asked: awaitsLastStep(current.status, current.steps), given: current.sanaConsent ? current.sanaConsent.given : null }
        : null,
      documents: current.status === 'documentsCaptured' ? capture.applicantPages(current.id) : null,
    },
  };
}
