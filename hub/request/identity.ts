/** Who the applicant is: the identity document the clerk checked, and a Sana account owner's consent given on the applicant screen. */
import { identityDocumentsFor } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { flowOf } from '../../core/fees/services';
import { needsOwnerConsent } from '../../core/request/sana';
import { awaitsLastStep } from '../../core/request/stateMachine';
import * as r from '../../db/requests';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { loadForChange, loadRequest } from './load';
import { applyEvent, requestChanged } from './workflow';

export function verifyIdentity(hub: HubBase, input: { requestId: string; applicantId: number; document: string }, staff: Staff): void {
  const req = loadForChange(hub.db, input.requestId, staff);
  const applicant = r.getApplicant(hub.db, input.applicantId);
  if (!applicant) throw new DomainError('UNKNOWN_APPLICANT', 'no such applicant');
  if (!(identityDocumentsFor[applicant.data.kind] as readonly string[]).includes(input.document)) {
    throw new DomainError('INVALID_INPUT', 'this document does not identify this kind of applicant', { fields: [{ path: 'document', reason: 'document_not_for_applicant' }] });
  }
  applyEvent(
    hub,
    req,
    { type: 'identityVerified' },
    staff,
    () => {
      r.setRequestApplicant(hub.db, req.id, input.applicantId);
      r.insertIdentityCheck(hub.db, { requestId: req.id, applicantId: input.applicantId, document: input.document, staffId: staff.userId, at: hub.now().toISOString() });
    },
    () => ({ applicantId: input.applicantId, document: input.document }),
  );
}

/**
 * The owner of a Sana account answers on the applicant screen (ماده ۴۰ ب), when the request is ready
 * to send; kept with the identity document the clerk checked, and audited. «No» may be changed to
 * «yes» while the request waits; a request without a «yes» is not sent.
 */
export function sanaConsent(hub: HubBase, requestId: string, counterId: number, given: boolean): void {
  const req = loadRequest(hub.db, requestId);
  if (!needsOwnerConsent(req.service)) throw new DomainError('REQUEST_OUT_OF_ORDER', 'not a Sana service');
  // asked when only the last step is left: sending a registration or change, printing a password slip
  if (!awaitsLastStep(req.state.status, flowOf(req.service).steps)) throw new DomainError('REQUEST_OUT_OF_ORDER', `consent is asked before the last step, not in ${req.state.status}`);
  const identityDocument = r.identityDocumentOf(hub.db, req.id);
  if (!identityDocument) throw new DomainError('REQUEST_OUT_OF_ORDER', 'the applicant was not identified');
  const at = hub.now().toISOString();
  hub.db
    .transaction(() => {
      r.saveSanaConsent(hub.db, { requestId: req.id, given, identityDocument, counterId, at });
      record(hub.db, hub.now(), { actor: 'device:applicant', action: 'sanaConsent', subject: `request:${req.id}`, detail: { given, identityDocument, service: req.service, counterId } });
    })
    .immediate();
  requestChanged(hub, req.id);
}
