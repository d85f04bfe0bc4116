/**
 * «ارسال»: the request is frozen into a submission and queued in the transaction that moves it to
 * `readyToSend`. Works offline and before enrollment: delivery waits, nothing is lost.
 */
import { randomUUID } from 'node:crypto';
import * as p from '../../core/sync/protocol';
import { DomainError } from '../../core/errors';
import { needsOwnerConsent } from '../../core/request/sana';
import { flowOf } from '../../core/fees/services';
import { applicantName, type Applicant } from '../../core/identity/applicant';
import type { RequestDetails } from '../../core/api/request';
import * as s from '../../db/sync';
import * as c from '../../db/capture';
import * as r from '../../db/requests';
import { followUpOf } from '../../db/followUp';
import type { Staff } from '../request/requestService';
import { record } from '../audit/auditLog';
import { nowIso, type Content, type SyncDeps } from './context';

/** Queues the request's submission; returns its id. */
export function send(deps: SyncDeps, requestId: string, staff: Staff): string {
  const { db, requests } = deps;
  const req = requests.forChange(requestId, staff);
  // a service that files nothing has nothing to send (core/request/steps.ts)
  if (!flowOf(req.service).steps.includes('send')) throw new DomainError('STEP_NOT_IN_SERVICE', `${req.service} has no send step`);
  if (req.status !== 'originalsMatched') throw new DomainError('REQUEST_OUT_OF_ORDER', `a request is sent after matching, not in ${req.status}`);
  // ماده ۴۰ ب: no Sana registration or change leaves the office without the owner's «yes» on their screen
  if (needsOwnerConsent(req.service) && r.sanaConsent(db, req.id)?.given !== true) throw new DomainError('SANA_CONSENT_REQUIRED', 'the Sana account owner has not consented');
  const supplementOf = supplementTarget(deps, req, staff);
  const content: Content = { ...contentOf(deps, req), ...(supplementOf ? { supplementOf: { submissionId: supplementOf.submissionId, trackingCode: supplementOf.trackingCode } } : {}) };
  const pages = content.documents.flatMap((d) => d.pages);
  const distinct = new Map(pages.map((pg) => [pg.sha256, pg.bytes]));
  const id = randomUUID();
  const at = nowIso(deps);
  requests.step(req, { type: 'queuedForSending' }, staff, () => {
    s.insertSubmission(db, {
      id,
      requestId: req.id,
      content: JSON.stringify(content),
      pages: pages.length,
      bytes: [...distinct.values()].reduce((a, b) => a + b, 0),
      deadline: content.deadline,
      queuedAt: at,
      queuedBy: staff.userId,
      supplementOf: supplementOf?.submissionId ?? null,
    });
    record(db, deps.now(), {
      actor: `staff:${staff.userId}`,
      action: 'submissionQueued',
      subject: `request:${req.id}`,
      detail: { submissionId: id, pages: pages.length, deadline: content.deadline, ...(supplementOf ? { supplementOf: supplementOf.submissionId, trackingCode: supplementOf.trackingCode } : {}) },
    });
  });
  requests.changed(req.id);
  deps.nudge.changed();
  deps.nudge.kick();
  return id;
}

/**
 * A remedy request (رفع نقص) is sent as a supplement to the filing it answers: that filing must still
 * be returned (the authority may have decided again since the follow-up was opened). Refused,
 * audited and nothing changed otherwise — the central would refuse it too.
 */
function supplementTarget(deps: Pick<SyncDeps, 'db' | 'now'>, req: r.RequestRow, staff: Staff): { submissionId: string; trackingCode: string } | null {
  const link = followUpOf(deps.db, req.id);
  if (!link) return null;
  const returned = s.submission(deps.db, link.returnedSubmissionId);
  if (returned?.authorityStatus !== 'returned' || returned.trackingCode !== link.trackingCode) {
    record(deps.db, deps.now(), {
      actor: `staff:${staff.userId}`,
      action: 'followUpRefused',
      subject: `request:${req.id}`,
      reason: null,
      detail: { code: 'FOLLOW_UP_NOT_RETURNED', why: `the filing is ${returned?.authorityStatus ?? 'undecided'} now`, returnedRequestId: link.returnedRequestId, trackingCode: link.trackingCode },
    });
    throw new DomainError('FOLLOW_UP_NOT_RETURNED', 'the filing this remedy answers is not returned now');
  }
  return { submissionId: returned.id, trackingCode: link.trackingCode };
}

/** What the submission carries, checked now against placeholder ids, so a request the central would refuse is refused at the counter. */
function contentOf(deps: Pick<SyncDeps, 'db' | 'now'>, req: r.RequestRow): Content {
  const { db } = deps;
  const applicantRow = req.applicantId === null ? undefined : r.getApplicant(db, req.applicantId);
  const details = req.details as RequestDetails | null;
  const fq = r.latestFeeQuote(db, req.id);
  const settlement = req.state.settlement;
  if (!applicantRow || !details || !fq || !settlement) throw new DomainError('REQUEST_OUT_OF_ORDER', 'the request lacks identity, details or settled fees');
  const applicant: Applicant = applicantRow.data;
  const key = r.identityKeyOf(applicant).key;
  const byDoc = new Map<string, { type: string; pages: p.Manifest['documents'][number]['pages'] }>();
  for (const d of c.documents(db, req.id)) byDoc.set(d.id, { type: d.type, pages: [] });
  for (const pg of c.pages(db, req.id)) {
    if (pg.mime !== 'image/jpeg' && pg.mime !== 'image/png') throw new DomainError('SUBMISSION_INVALID', `page ${pg.id} is ${pg.mime}`);
    byDoc.get(pg.documentId)?.pages.push({ sha256: pg.sha256, bytes: pg.bytes, mime: pg.mime });
  }
  const documents = [...byDoc.values()].filter((d) => d.pages.length > 0);
  const content: Content = {
    request: { id: req.id, year: req.year, number: req.number },
    service: req.service as Content['service'],
    instance: details.instance,
    queuedAt: nowIso(deps),
    deadline: req.legalDeadline,
    applicant: { kind: applicant.kind, name: applicantName(applicant).slice(0, 200), id: key.slice(2) },
    parties: details.parties.map((pt) => ({ role: pt.role, name: pt.name, ...(pt.nationalId ? { nationalId: pt.nationalId } : {}) })),
    fees: { officeTariffRials: fq.officeTariffRials, judicialCostRials: fq.judicialCostRials, payableRials: fq.payableRials, settlement: settlement.kind },
    documents,
  };
  const trial = p.manifest.safeParse({ ...content, v: p.PROTOCOL_VERSION, submissionId: randomUUID(), officeId: randomUUID(), deviceId: randomUUID() });
  if (!trial.success) {
    throw new DomainError('SUBMISSION_INVALID', 'the request does not make a valid manifest', {
      fields: trial.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })),
    });
  }
  return content;
}
