/**
 * Complaints in the outbox (ماده ۲۰; docs/SYNC-PROTOCOL.md § Complaints): the Center's sealing key
 * pulled and verified with the central's signing key, and the sealed complaints delivered after the
 * submissions of each round — each exactly once (idempotent by its random id), retried until the
 * Center has it, never held or dropped. Their backoff lives in memory (a row keeps no time), and no
 * log line names a complaint.
 */
import * as p from '../../core/sync/protocol';
import * as c from '../../db/complaints';
import * as s from '../../db/sync';
import { COMPLAINT_KEY } from '../complaint/complaints';
import { CentralError, publicKeyFromRaw, verifyText, type CentralClient } from './centralClient';
import { nowIso, type SyncDeps } from './context';
import { retryAt } from './backoff';

/** Pulls the Center's complaint key; stores it if its signature verifies and it is not the one on file. */
export async function pullComplaintKey(deps: Pick<SyncDeps, 'db' | 'now' | 'log' | 'state'>, client: CentralClient, identity: s.SyncIdentityRow): Promise<void> {
  let key: p.ComplaintKey;
  try {
    key = await client.complaintKey();
  } catch (err) {
    // a central without complaints (an older one) answers 404: nothing to store, nothing broken
    if (err instanceof CentralError && err.status === 404) return;
    throw err;
  }
  if (!verifyText(publicKeyFromRaw(identity.serverPublicKey), p.complaintKeySigned(key), key.signature)) {
    deps.state.lastError = { code: 'COMPLAINT_KEY_SIGNATURE_INVALID', message: 'the complaint key from the central does not verify', at: nowIso(deps) };
    deps.log.warn('the complaint key from the central does not verify; ignored');
    return;
  }
  const text = JSON.stringify(key);
  if (s.stateValue(deps.db, COMPLAINT_KEY) !== text) s.setStateValue(deps.db, COMPLAINT_KEY, text);
}

/** Delivers the queued complaints; a network or identity failure stops (and marks the link), anything else backs off. */
export async function deliverComplaints(deps: SyncDeps, client: CentralClient): Promise<void> {
  const { state } = deps;
  if (state.complaints.retryAt > deps.now().getTime()) return;
  for (;;) {
    if (state.closed) return;
    const batch = c.undeliveredComplaints(deps.db, 20);
    if (batch.length === 0) return;
    for (const item of batch) {
      try {
        await client.putComplaint(item.id, item.sealed);
        c.markComplaintDelivered(deps.db, item.id);
        state.complaints.failures = 0;
      } catch (err) {
        state.complaints.failures += 1;
        const wait = err instanceof CentralError ? err.retryAfterMs : null;
        state.complaints.retryAt = Date.parse(retryAt(deps, state.complaints.failures, wait));
        if (err instanceof CentralError) {
          state.lastError = { code: err.code, message: err.message.slice(0, 500), at: nowIso(deps) };
          if (err.disposition === 'identity') state.identityProblem = { code: err.code, message: err.message.slice(0, 500) };
          if (err.status === null || err.disposition === 'identity') deps.nudge.offline();
          if (err.disposition === 'person') deps.log.warn('the central refused a complaint; it stays queued', { code: err.code });
        } else deps.log.error('delivering a complaint failed', { err: String(err) });
        return;
      }
    }
  }
}
