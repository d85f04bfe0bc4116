/**
 * The applicant's second screen: the request of the person at a counter, cut down to what they may
 * see (core/api/applicantScreen.ts). Built from the counter's own view so the two never disagree.
 */
import type { ApplicantScreenView } from '../../core/api/applicantScreen';
import { DomainError } from '../../core/errors';
import { applicantName } from '../../core/identity/applicant';
import { formatTicketNumber } from '../../core/queue/ticketNumber';
import { needsOwnerConsent } from '../../core/request/sana';
import { finalStatuses } from '../../core/request/stateMachine';
import * as q from '../../db/queue';
import type { Database } from '../../db/sqlite';
import type { RequestService } from './requestService';
import type { CaptureService } from '../capture/captureService';

/**
 * Closed: cancelled, refused, or complete (the authority decided it). The screen shows none of them —
 * only a request the office still holds or has just sent.
 */
const closed: ReadonlySet<string> = new Set(finalStatuses);

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
      year: current.year,
      number: current.number,
      service: current.service,
      status: current.status,
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
        ? { asked: current.status === 'originalsMatched', given: current.sanaConsent ? current.sanaConsent.given : null }
        : null,
      documents: current.status === 'documentsCaptured' ? capture.applicantPages(current.id) : null,
    },
  };
}
