/** A request closed before it is sent: refused by the office, or cancelled (by the applicant, or as the clerk's mistake). */
import type { CloseKind } from '../../core/api/request';
import { DomainError } from '../../core/errors';
import { flowOf } from '../../core/fees/services';
import { needsOwnerConsent } from '../../core/request/sana';
import { transition } from '../../core/request/stateMachine';
import * as r from '../../db/requests';
import type { RequestEvent } from '../../core/request/stateMachine';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { refuseWhileInDoubt } from './fees';
import { loadForChange } from './load';
import { domain } from './errors';
import { applyEvent } from './workflow';

export function closeRequest(hub: HubBase, input: { requestId: string; kind: CloseKind; reason: string }, staff: Staff): void {
  const req = loadForChange(hub.db, input.requestId, staff);
  // an unanswered card sale may have taken money: it is settled first
  refuseWhileInDoubt(hub, req.id);
  const event: RequestEvent =
    input.kind === 'refused' ? { type: 'refused', reason: input.reason }
    : { type: 'cancelled', reason: input.reason, cause: input.kind === 'clerkError' ? 'clerkError' : 'applicant' };
  applyEvent(hub, req, event, staff);
}

/**
 * The last step of a service that files nothing: what the applicant came for was printed and
 * handed over (core/request/steps.ts). The order first (a filing has no printout; an inquiry's is
 * printed only once answered); a Sana password slip only with the owner's «yes» (ماده ۴۰ ب), as a
 * Sana filing is sent only with it.
 */
export function deliver(hub: HubBase, input: { requestId: string }, staff: Staff): void {
  const req = loadForChange(hub.db, input.requestId, staff);
  const flow = flowOf(req.service);
  domain(() => transition(req.state, { type: 'delivered' }, flow.steps));
  if (needsOwnerConsent(req.service) && r.sanaConsent(hub.db, req.id)?.given !== true) throw new DomainError('SANA_CONSENT_REQUIRED', 'the Sana account owner has not consented');
  applyEvent(hub, req, { type: 'delivered' }, staff, () => {}, () => ({ printout: flow.printout }));
}
