/**
 * The signed manifest of a submission: made and stored the first time it is sent, the same bytes on
 * every retry after.
 */
import * as p from '../../core/sync/protocol';
import type { Manifest } from '../../core/sync/protocol';
import * as s from '../../db/sync';
import { sha256Hex, signText } from './centralClient';
import { deviceKey } from './connection';
import { LocalDefect, type Content, type SyncDeps } from './context';

export function signedManifest(deps: Pick<SyncDeps, 'db'>, sub: s.SubmissionRow, identity: s.SyncIdentityRow): { manifestJson: string; signature: string; manifest: Manifest } {
  const { db } = deps;
  if (sub.manifest && sub.signature) {
    const parsed = p.manifest.safeParse(JSON.parse(sub.manifest));
    if (parsed.success) return { manifestJson: sub.manifest, signature: sub.signature, manifest: parsed.data };
  }
  const content = JSON.parse(sub.content) as Content;
  const candidate = { ...content, v: p.PROTOCOL_VERSION, submissionId: sub.id, officeId: identity.officeId, deviceId: identity.deviceId };
  const parsed = p.manifest.safeParse(candidate);
  if (!parsed.success) throw new LocalDefect('SUBMISSION_INVALID', 'the stored submission no longer makes a valid manifest');
  const manifestJson = p.canonicalJson(candidate);
  const signature = signText(deviceKey(deps), manifestJson);
  s.saveSignedManifest(db, sub.id, manifestJson, sha256Hex(manifestJson), signature);
  const stored = s.submission(db, sub.id)!;
  return { manifestJson: stored.manifest!, signature: stored.signature!, manifest: p.manifest.parse(JSON.parse(stored.manifest!)) };
}
