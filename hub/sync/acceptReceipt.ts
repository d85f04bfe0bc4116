/**
 * The central's signed receipt for a submission: verified against what was sent, then stored with the
 * tracking code in the transaction that takes the item out of the outbox and marks the request submitted.
 */
import * as p from '../../core/sync/protocol';
import * as s from '../../db/sync';
import * as r from '../../db/requests';
import { record } from '../audit/auditLog';
import { CentralError, publicKeyFromRaw, sha256Hex, verifyText } from './centralClient';
import { nowIso, type Content, type SyncDeps } from './context';

export function acceptReceipt(deps: Pick<SyncDeps, 'db' | 'now' | 'requests' | 'state'>, sub: s.SubmissionRow, answer: p.SubmitResponse, manifestJson: string, identity: s.SyncIdentityRow): void {
  const { db, requests } = deps;
  const { receipt } = answer;
  // a supplement (رفع نقص) is receipted under the tracking code of the filing it answers, never a new one
  const supplementOf = (JSON.parse(sub.content) as Content).supplementOf;
  const fits =
    receipt.submissionId === sub.id &&
    receipt.officeId === identity.officeId &&
    receipt.manifestSha256 === sha256Hex(manifestJson) &&
    (supplementOf === undefined || receipt.trackingCode === supplementOf.trackingCode);
  if (!fits || !verifyText(publicKeyFromRaw(identity.serverPublicKey), p.canonicalJson(receipt), answer.signature)) {
    throw new CentralError('RECEIPT_INVALID', 'the central’s receipt does not verify against this submission', 200, 'retry');
  }
  const at = nowIso(deps);
  const req = r.getRequest(db, sub.requestId);
  const store = () => {
    s.markDelivered(db, sub.id, { trackingCode: receipt.trackingCode, receipt: p.canonicalJson(receipt), receiptSignature: answer.signature, at });
    record(db, deps.now(), {
      actor: 'system',
      action: 'submissionDelivered',
      subject: `request:${sub.requestId}`,
      detail: { submissionId: sub.id, trackingCode: receipt.trackingCode, replay: !answer.created },
    });
  };
  db.transaction(() => {
    if (req && req.status === 'readyToSend') requests.step(req, { type: 'submitted', trackingCode: receipt.trackingCode }, null, store);
    else store();
  }).immediate();
  deps.state.lastDeliveredAt = at;
  requests.changed(sub.requestId);
}
