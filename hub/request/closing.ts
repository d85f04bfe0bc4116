/** A request closed before it is sent: refused by the office, or cancelled (by the applicant, or as the clerk's mistake). */
import type { CloseKind } from '../../core/api/request';
import type { RequestEvent } from '../../core/request/stateMachine';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { refuseWhileInDoubt } from './fees';
import { loadForChange } from './load';
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
