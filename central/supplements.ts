/**
 * رفع نقص: a supplement to a filing the authority returned (docs/SYNC-PROTOCOL.md, «Supplements»).
 * It arrives on the submissions endpoint as a manifest with `supplementOf`, and is receipted under
 * the returned filing's own tracking code. Idempotent by its id exactly as a submission is; at most
 * one supplement answers one return (the row names the status update it answers, and that is unique).
 */
import type { KeyObject } from 'node:crypto';
import { PROTOCOL_VERSION, canonicalJson, type Manifest, type ReceiptBody, type SupplementOf } from '../core/sync/protocol';
import type { SqlQuery } from './sql';
import { signUtf8 } from './signing';

export type SupplementRefusal = 'SUPPLEMENT_FOREIGN' | 'SUPPLEMENT_NOT_RETURNED' | 'SUBMISSION_CONFLICT';

/** Why a supplement is not stored; the route turns it into the protocol's error. */
export class SupplementRefused extends Error {
  constructor(
    readonly code: SupplementRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface SupplementInput {
  officeId: string;
  deviceId: string;
  supplementId: string;
  supplementOf: SupplementOf;
  manifest: Manifest;
  manifestText: string;
  manifestSha256: string;
  pages: number;
  receivedAt: string;
  serverKey: KeyObject;
}

interface StoredReceipt {
  manifest_sha256: string;
  receipt: ReceiptBody;
  receipt_signature: string;
}

/**
 * Stores the supplement, or answers the one on record for its id. In the caller's transaction, after
 * the pages were checked. Refuses (nothing stored): a filing this office does not have under that
 * submission id and tracking code; a filing whose latest decision is not «returned», or whose return
 * another supplement already answers; the same id with another manifest.
 */
export async function storeSupplement(q: SqlQuery, s: SupplementInput): Promise<{ receipt: ReceiptBody; signature: string; created: boolean }> {
  const replay = await onRecord(q, s);
  if (replay) return replay;
  const { rows: filings } = await q.query<{ tracking_code: string }>('SELECT tracking_code FROM submission WHERE office_id = $1 AND submission_id = $2', [s.officeId, s.supplementOf.submissionId]);
  if (filings[0]?.tracking_code !== s.supplementOf.trackingCode) {
    throw new SupplementRefused('SUPPLEMENT_FOREIGN', 'this office has no filing with that submission id and tracking code');
  }
  // the latest decision on the filing, locked so a decision arriving meanwhile waits for this one
  const { rows: decisions } = await q.query<{ seq: string | number; status: string }>(
    'SELECT seq, status FROM status_update WHERE office_id = $1 AND submission_id = $2 ORDER BY seq DESC LIMIT 1 FOR SHARE',
    [s.officeId, s.supplementOf.submissionId],
  );
  const latest = decisions[0];
  if (!latest || latest.status !== 'returned') throw new SupplementRefused('SUPPLEMENT_NOT_RETURNED', 'the filing was not returned: there is nothing to supplement');
  const receipt: ReceiptBody = {
    v: PROTOCOL_VERSION,
    officeId: s.officeId,
    submissionId: s.supplementId,
    trackingCode: s.supplementOf.trackingCode,
    manifestSha256: s.manifestSha256,
    pages: s.pages,
    receivedAt: s.receivedAt,
  };
  const signature = signUtf8(s.serverKey, canonicalJson(receipt));
  const inserted = await q.query(
    `INSERT INTO supplement (office_id, supplement_id, submission_id, answers_seq, device_id, manifest, manifest_sha256, tracking_code, pages, received_at, receipt, receipt_signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING supplement_id`,
    [s.officeId, s.supplementId, s.supplementOf.submissionId, latest.seq, s.deviceId, s.manifestText, s.manifestSha256, receipt.trackingCode, s.pages, s.receivedAt, canonicalJson(receipt), signature],
  );
  if (inserted.rows.length === 1) return { receipt, signature, created: true };
  // nothing inserted: the same id committed meanwhile (a concurrent replay), or another supplement answers this return
  const raced = await onRecord(q, s);
  if (raced) return raced;
  throw new SupplementRefused('SUPPLEMENT_NOT_RETURNED', 'another supplement already answers this return');
}

async function onRecord(q: SqlQuery, s: SupplementInput): Promise<{ receipt: ReceiptBody; signature: string; created: false } | null> {
  const { rows } = await q.query<StoredReceipt>('SELECT manifest_sha256, receipt, receipt_signature FROM supplement WHERE office_id = $1 AND supplement_id = $2', [s.officeId, s.supplementId]);
  const existing = rows[0];
  if (!existing) return null;
  if (existing.manifest_sha256 !== s.manifestSha256) throw new SupplementRefused('SUBMISSION_CONFLICT', 'this supplement id is on record with another manifest');
  return { receipt: existing.receipt, signature: existing.receipt_signature, created: false };
}

/** The receipt on record for a supplement id, for a hub that lost the answer. */
export async function supplementReceipt(q: SqlQuery, officeId: string, supplementId: string): Promise<{ receipt: ReceiptBody; receipt_signature: string } | null> {
  const { rows } = await q.query<{ receipt: ReceiptBody; receipt_signature: string }>('SELECT receipt, receipt_signature FROM supplement WHERE office_id = $1 AND supplement_id = $2', [officeId, supplementId]);
  return rows[0] ?? null;
}
