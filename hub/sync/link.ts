/**
 * The link to the central: marked down by a network or identity failure (every item would fail the
 * same way), brought back by a probe, after which every waiting item may go at once.
 */
import * as s from '../../db/sync';
import { CentralError } from './centralClient';
import { clientFor } from './connection';
import { STATUS_CURSOR, nowIso, type SyncDeps } from './context';

export function goOffline(deps: Pick<SyncDeps, 'state' | 'nudge'>): void {
  deps.state.link = 'offline';
  deps.nudge.changed();
  deps.nudge.probeLater();
}

/** While offline: is the central back? An identity problem is checked with a signed call. */
export async function probe(deps: SyncDeps): Promise<boolean> {
  const { db, state } = deps;
  const conn = clientFor(deps);
  if (!conn || state.closed) return false;
  try {
    await conn.client.health();
    if (state.identityProblem) await conn.client.status(Number(s.stateValue(db, STATUS_CURSOR) ?? 0), 1);
  } catch (err) {
    if (err instanceof CentralError && err.disposition === 'identity') state.identityProblem = { code: err.code, message: err.message };
    deps.nudge.probeLater();
    return false;
  }
  const wasDown = state.link !== 'online' || state.identityProblem !== null;
  state.link = 'online';
  state.identityProblem = null;
  if (wasDown) s.retryAllNow(db, nowIso(deps));
  deps.nudge.changed();
  deps.nudge.kick();
  return true;
}

/** The counter's «تلاش دوباره»: every waiting item now, and a probe if the link was down. */
export async function retryNow(deps: SyncDeps): Promise<void> {
  s.retryAllNow(deps.db, nowIso(deps));
  if (deps.state.link === 'offline' || deps.state.identityProblem) {
    deps.nudge.cancelProbe();
    await probe(deps);
  } else deps.nudge.kick();
}
