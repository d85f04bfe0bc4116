/**
 * Fixtures for the counter's component tests: a request as the hub's `request.get` answers it, its
 * submission, the outbox status, a workstation. Each test overrides what it is about.
 */
import type { RequestView } from '../../../core/api/request';
import type { SubmissionView, SyncStatusView } from '../../../core/api/sync';
import type { WorkstationView } from '../../../core/api/agent';

export const REQUEST_ID = '6f1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b11';

/** A fresh draft petition, request 1405/12 at counter 1. */
export function requestView(over: Partial<RequestView> = {}): RequestView {
  return {
    id: REQUEST_ID,
    year: 1405,
    number: 12,
    ticketId: 't-1',
    counterId: 1,
    service: 'petition',
    officeDay: '1405-09-07',
    legalDeadline: null,
    status: 'draft',
    steps: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch', 'send'],
    inquiryKind: null,
    printout: null,
    currentStep: 'identity',
    missing: ['identity', 'details', 'fees', 'payment', 'documents', 'applicantReview', 'originalsMatch'],
    reason: null,
    cancelCause: null,
    applicant: null,
    details: null,
    quote: null,
    payments: [],
    receipts: [],
    submission: null,
    inquiryAnswer: null,
    sanaConsent: null, followUpOf: null,
    ...over,
  };
}

/** A submission waiting in the outbox. */
export function submissionView(over: Partial<SubmissionView> = {}): SubmissionView {
  return {
    id: '3f2b9c1e-8d4a-4e6f-9a0b-7c5d3e1f2a4b',
    state: 'queued',
    queuedAt: '2026-11-28T07:05:40.000Z',
    pages: 8,
    trackingCode: null,
    deliveredAt: null,
    receivedAt: null,
    authorityStatus: null,
    authorityReason: null,
    lastErrorCode: null,
    ...over,
  };
}

/** The outbox with nothing waiting and the link up. */
export function syncStatus(over: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    enrolled: true,
    centralUrl: 'https://central.test',
    officeName: 'دفتر نمونه',
    officeCode: '1234',
    pendingEnrollment: null,
    link: 'online',
    pending: 0,
    rejected: 0,
    flagged: 0,
    deadlineBound: 0,
    bytesLeft: 0,
    current: null,
    lastError: null,
    nextRetryAt: null,
    lastDeliveredAt: null,
    lastPullAt: null,
    marginDays: 1,
    retentionDays: 90,
    alarms: [],
    ...over,
  };
}

/** The fees an applicant screen shows for a plain petition: 770,000 rials of office tariff, nothing else; `paid` the parts already paid. */
export function petitionFeesOnScreen(paid: ('officeTariff' | 'judicialCost')[] = []) {
  return {
    lines: [{ kind: 'officeTariff' as const, code: 'petition' as const, quantity: 1, unitRials: 770_000, amountRials: 770_000, discountRials: 0, exemptRials: 0, chargedRials: 770_000 }],
    totals: { officeTariffRials: 770_000, judicialCostRials: 0, discountRials: 0, exemptRials: 0, judicialExemptRials: 0, payableRials: 770_000 },
    discountReason: null,
    due: { officeTariff: 770_000, judicialCost: 0 },
    paid,
  };
}

/** A counter's workstation with its agent connected (`agent.workstations`); the test says what it found. */
export function workstationView(over: Partial<WorkstationView> = {}): WorkstationView {
  return {
    deviceId: 3,
    name: 'باجه 1',
    kind: 'counter',
    online: true,
    agentVersion: '0.1.0',
    contractVersion: 1,
    helloAt: '2026-11-29T06:05:00.000Z',
    devices: [],
    chosen: { printer: null, terminal: null },
    ...over,
  };
}
