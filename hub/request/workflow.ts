/**
 * The one way a request moves on: core/request's state machine decides, and the new state is stored with
 * its `request_event` (and whatever must land with it) in one transaction; then the screens are told.
 */
import { flowOf } from '../../core/fees/services';
import { transition, type RequestEvent, type RequestState } from '../../core/request/stateMachine';
import * as r from '../../db/requests';
import type { HubBase } from '../base';
import type { Staff } from './caller';
import { domain } from './errors';

/**
 * Applies an event to the stored state (core decides), then stores state and event together with `also`;
 * `payload` adds to the event what `also` produced. `staff` null is the applicant on their own screen.
 */
export function applyEvent(
  hub: HubBase,
  req: r.RequestRow,
  event: RequestEvent,
  staff: Staff | null,
  also: () => void = () => {},
  payload: () => Record<string, unknown> = () => ({}),
): RequestState {
  const next = domain(() => transition(req.state, event, flowOf(req.service).steps));
  hub.db
    .transaction(() => {
      also();
      r.updateRequestState(hub.db, req.id, next);
      const { type: _type, ...data } = event;
      r.insertRequestEvent(hub.db, { requestId: req.id, type: event.type, payload: { ...data, ...payload() }, at: hub.now().toISOString(), staffId: staff?.userId ?? null });
    })
    .immediate();
  return next;
}

/** Tell the request's counter and its applicant screen that something changed (sent after COMMIT). */
export function requestChanged(hub: HubBase, requestId: string): void {
  const req = r.getRequest(hub.db, requestId);
  if (!req) return;
  const at = hub.now().toISOString();
  hub.events.emit('request.changed', { counterId: req.counterId, at });
  hub.events.emit('applicantScreen.changed', { counterId: req.counterId, at });
}
