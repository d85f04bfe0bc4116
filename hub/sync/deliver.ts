/**
 * One round of the outbox: due items, deadline first, delivered a few at once — sign, upload the
 * missing pages, send the manifest, store the receipt. A network or identity failure stops the round.
 */
import * as s from '../../db/sync';
import { CentralError, type CentralClient } from './centralClient';
import { clientFor } from './connection';
import { nowIso, type Progress, type SyncDeps } from './context';
import { signedManifest } from './manifest';
import { uploadPages } from './upload';
import { acceptReceipt } from './acceptReceipt';
import { failed } from './backoff';
import { deliverComplaints } from './complaints';

class StopRound extends Error {}

export async function runRound(deps: SyncDeps): Promise<void> {
  const { state } = deps;
  if (state.link === 'offline' || state.identityProblem) return; // the probe (or a fix) brings it back
  const conn = clientFor(deps);
  if (!conn) return;
  const tried = new Set<string>();
  let stop = false;
  const worker = async () => {
    while (!stop && !state.closed) {
      const item = s.dueItems(deps.db, nowIso(deps), deps.opts.concurrency * 2 + tried.size).find((i) => !tried.has(i.submissionId) && !state.inFlight.has(i.submissionId));
      if (!item) return;
      tried.add(item.submissionId);
      try {
        await deliver(deps, item, conn.client, conn.identity);
      } catch (err) {
        if (err instanceof StopRound) stop = true;
        else throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: deps.opts.concurrency }, worker));
  // the complaints after the submissions (ماده ۲۰): none of them is deadline-bound
  if (!stop && !state.closed) await deliverComplaints(deps, conn.client);
  if (tried.size > 0 && !stop && deps.opts.autoStart) deps.nudge.pull();
}

async function deliver(deps: SyncDeps, item: s.OutboxRow, client: CentralClient, identity: s.SyncIdentityRow): Promise<void> {
  const { state } = deps;
  const id = item.submissionId;
  const sub = s.submission(deps.db, id);
  if (!sub) return;
  const progress: Progress = { pagesDone: 0, pagesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  state.inFlight.set(id, progress);
  s.recordAttempt(deps.db, id, nowIso(deps));
  deps.nudge.changed();
  try {
    const { manifestJson, signature, manifest } = signedManifest(deps, sub, identity);
    await uploadPages(deps, id, manifest, client, progress);
    const answer = await client.submit(id, manifestJson, signature);
    acceptReceipt(deps, sub, answer, manifestJson, identity);
    state.link = 'online';
    state.lastError = null;
  } catch (err) {
    failed(deps, item, err);
    if (err instanceof CentralError && (err.status === null || err.disposition === 'identity')) throw new StopRound();
  } finally {
    state.inFlight.delete(id);
    deps.nudge.changed();
  }
}
