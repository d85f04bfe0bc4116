/**
 * Outbox queries (migration 0012). Multi-row changes run inside the caller's transaction
 * (hub/sync/syncService.ts); each function here is one statement or a read.
 */
import type { Database } from './sqlite';
import { stmt } from './statements';
import type { SubmissionView } from '../core/api/sync';

// ---------- identity ----------

export interface SyncIdentityRow {
  centralUrl: string;
  officeId: string;
  officeCode: string;
  officeName: string;
  deviceId: string;
  publicKey: string;
  serverPublicKey: string;
  enrolledAt: string;
  enrolledBy: number | null;
}

export function identity(db: Database): SyncIdentityRow | null {
  return (
    stmt<[], SyncIdentityRow>(
      db,
      `SELECT central_url AS centralUrl, office_id AS officeId, office_code AS officeCode, office_name AS officeName, device_id AS deviceId,
         public_key AS publicKey, server_public_key AS serverPublicKey, enrolled_at AS enrolledAt, enrolled_by AS enrolledBy
       FROM sync_identity WHERE id = 1`,
    ).get() ?? null
  );
}

export function saveIdentity(db: Database, i: SyncIdentityRow): void {
  stmt(
    db,
    `INSERT INTO sync_identity (id, central_url, office_id, office_code, office_name, device_id, public_key, server_public_key, enrolled_at, enrolled_by)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET central_url = excluded.central_url, office_id = excluded.office_id, office_code = excluded.office_code,
       office_name = excluded.office_name, device_id = excluded.device_id, public_key = excluded.public_key,
       server_public_key = excluded.server_public_key, enrolled_at = excluded.enrolled_at, enrolled_by = excluded.enrolled_by`,
  ).run(i.centralUrl, i.officeId, i.officeCode, i.officeName, i.deviceId, i.publicKey, i.serverPublicKey, i.enrolledAt, i.enrolledBy);
}

/**
 * A new identity: manifests signed under the old one and not yet delivered are signed again, and
 * their pages checked again with the central (under the new device, the office may be another).
 */
export function forgetUndeliveredSignatures(db: Database): void {
  stmt(db, 'UPDATE submission SET manifest = NULL, manifest_sha256 = NULL, signature = NULL WHERE delivered_at IS NULL AND id IN (SELECT submission_id FROM outbox)').run();
  stmt(db, 'DELETE FROM sync_upload WHERE submission_id IN (SELECT submission_id FROM outbox)').run();
}

// ---------- submissions ----------

export type OutboxState = 'pending' | 'rejected' | 'flagged';

export interface SubmissionRow {
  id: string;
  requestId: string;
  content: string;
  pages: number;
  bytes: number;
  deadline: string | null;
  queuedAt: string;
  queuedBy: number | null;
  manifest: string | null;
  manifestSha256: string | null;
  signature: string | null;
  trackingCode: string | null;
  receipt: string | null;
  receiptSignature: string | null;
  deliveredAt: string | null;
  authorityStatus: 'accepted' | 'returned' | null;
  authorityReason: string | null;
  authorityAt: string | null;
}

const submissionColumns = `s.id, s.request_id AS requestId, s.content, s.pages, s.bytes, s.deadline, s.queued_at AS queuedAt, s.queued_by AS queuedBy,
  s.manifest, s.manifest_sha256 AS manifestSha256, s.signature, s.tracking_code AS trackingCode, s.receipt, s.receipt_signature AS receiptSignature,
  s.delivered_at AS deliveredAt, s.authority_status AS authorityStatus, s.authority_reason AS authorityReason, s.authority_at AS authorityAt`;

export function submission(db: Database, id: string): SubmissionRow | null {
  return stmt<[string], SubmissionRow>(db, `SELECT ${submissionColumns} FROM submission s WHERE s.id = ?`).get(id) ?? null;
}

export function submissionOfRequest(db: Database, requestId: string): SubmissionRow | null {
  return stmt<[string], SubmissionRow>(db, `SELECT ${submissionColumns} FROM submission s WHERE s.request_id = ?`).get(requestId) ?? null;
}

/** Writes the frozen submission and its outbox row (the caller's transaction also moves the request on). */
export function insertSubmission(
  db: Database,
  s: { id: string; requestId: string; content: string; pages: number; bytes: number; deadline: string | null; queuedAt: string; queuedBy: number | null; supplementOf?: string | null },
): void {
  stmt(db, 'INSERT INTO submission (id, request_id, content, pages, bytes, deadline, queued_at, queued_by, supplement_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    s.id,
    s.requestId,
    s.content,
    s.pages,
    s.bytes,
    s.deadline,
    s.queuedAt,
    s.queuedBy,
    s.supplementOf ?? null,
  );
  stmt(db, "INSERT INTO outbox (submission_id, state, deadline, queued_at, next_attempt_at) VALUES (?, 'pending', ?, ?, ?)").run(s.id, s.deadline, s.queuedAt, s.queuedAt);
}

/** The signed manifest, stored once: every later attempt sends these exact bytes. */
export function saveSignedManifest(db: Database, id: string, manifest: string, sha256: string, signature: string): void {
  stmt(db, 'UPDATE submission SET manifest = ?, manifest_sha256 = ?, signature = ? WHERE id = ? AND manifest IS NULL').run(manifest, sha256, signature, id);
}

/** The central's answer; the outbox row goes in the same transaction. */
export function markDelivered(db: Database, id: string, d: { trackingCode: string; receipt: string; receiptSignature: string; at: string }): void {
  stmt(db, 'UPDATE submission SET tracking_code = ?, receipt = ?, receipt_signature = ?, delivered_at = ? WHERE id = ? AND delivered_at IS NULL').run(
    d.trackingCode,
    d.receipt,
    d.receiptSignature,
    d.at,
    id,
  );
  stmt(db, 'DELETE FROM outbox WHERE submission_id = ?').run(id);
}

export function setAuthorityStatus(db: Database, id: string, status: 'accepted' | 'returned', reason: string | null, at: string): void {
  stmt(db, 'UPDATE submission SET authority_status = ?, authority_reason = ?, authority_at = ? WHERE id = ?').run(status, reason, at, id);
}

// ---------- the outbox ----------

export interface OutboxRow {
  submissionId: string;
  state: OutboxState;
  deadline: string | null;
  queuedAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
}

const outboxColumns = `o.submission_id AS submissionId, o.state, o.deadline, o.queued_at AS queuedAt, o.attempts, o.next_attempt_at AS nextAttemptAt,
  o.last_attempt_at AS lastAttemptAt, o.last_error_code AS lastErrorCode, o.last_error_message AS lastErrorMessage`;
const drainOrder = 'o.deadline IS NULL, o.deadline, o.queued_at, o.submission_id';

/** Pending items due at `now`, deadline first then age, leaving out those already in flight. */
export function dueItems(db: Database, now: string, limit: number): OutboxRow[] {
  return stmt<[string, number], OutboxRow>(
    db,
    `SELECT ${outboxColumns} FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY ${drainOrder} LIMIT ?`,
  ).all(now, limit);
}

/** Every item still in the outbox, in drain order. */
export function outboxItems(db: Database): OutboxRow[] {
  return stmt<[], OutboxRow>(db, `SELECT ${outboxColumns} FROM outbox o ORDER BY o.state != 'pending', ${drainOrder}`).all();
}

export function outboxItem(db: Database, submissionId: string): OutboxRow | null {
  return stmt<[string], OutboxRow>(db, `SELECT ${outboxColumns} FROM outbox o WHERE o.submission_id = ?`).get(submissionId) ?? null;
}

/** The earliest next attempt among pending items (for the status line), or null. */
export function nextAttemptAt(db: Database): string | null {
  return stmt<[], { at: string | null }>(db, "SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending'").get()?.at ?? null;
}

export function recordAttempt(db: Database, id: string, at: string): void {
  stmt(db, 'UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE submission_id = ?').run(at, id);
}

export function scheduleRetry(db: Database, id: string, next: string, code: string, message: string): void {
  stmt(db, 'UPDATE outbox SET next_attempt_at = ?, last_error_code = ?, last_error_message = ? WHERE submission_id = ?').run(next, code, message, id);
}

/** A permanent rejection or a local defect: out of the drain until a person resends it. */
export function setOutboxState(db: Database, id: string, state: OutboxState, code: string | null, message: string | null, next: string): void {
  stmt(db, 'UPDATE outbox SET state = ?, last_error_code = ?, last_error_message = ?, next_attempt_at = ? WHERE submission_id = ?').run(state, code, message, next, id);
}

/** The link came back: every pending item may go now. */
export function retryAllNow(db: Database, now: string): number {
  return stmt(db, "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?").run(now, now).changes;
}

// ---------- uploads ----------

export function confirmedPages(db: Database, submissionId: string): Set<string> {
  return new Set(stmt<[string], { sha256: string }>(db, 'SELECT sha256 FROM sync_upload WHERE submission_id = ?').all(submissionId).map((r) => r.sha256));
}

export function confirmPage(db: Database, submissionId: string, sha256: string, at: string): void {
  stmt(db, 'INSERT INTO sync_upload (submission_id, sha256, confirmed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(submissionId, sha256, at);
}

export function forgetConfirmedPages(db: Database, submissionId: string): void {
  stmt(db, 'DELETE FROM sync_upload WHERE submission_id = ?').run(submissionId);
}

// ---------- cursors and settings ----------

export function stateValue(db: Database, key: string): string | null {
  return stmt<[string], { value: string }>(db, 'SELECT value FROM sync_state WHERE key = ?').get(key)?.value ?? null;
}

export function setStateValue(db: Database, key: string, value: string): void {
  stmt(db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** A request's submission as the counter shows it (core/api/sync.ts `submissionView`). */
export function submissionViewOf(db: Database, requestId: string): SubmissionView | null {
  const sub = submissionOfRequest(db, requestId);
  if (!sub) return null;
  const item = outboxItem(db, sub.id);
  const receivedAt = sub.receipt ? ((JSON.parse(sub.receipt) as { receivedAt?: string }).receivedAt ?? null) : null;
  return {
    id: sub.id,
    state: sub.deliveredAt ? 'delivered' : item?.state === 'rejected' ? 'rejected' : item?.state === 'flagged' ? 'flagged' : 'queued',
    queuedAt: sub.queuedAt,
    pages: sub.pages,
    trackingCode: sub.trackingCode,
    deliveredAt: sub.deliveredAt,
    receivedAt,
    authorityStatus: sub.authorityStatus,
    authorityReason: sub.authorityReason,
    lastErrorCode: item?.lastErrorCode ?? null,
  };
}

// ---------- retention ----------

/** Delivered submissions past `cutoff` whose request still has page files here, oldest first. */
export function purgeCandidates(db: Database, cutoff: string, limit: number): { submissionId: string; requestId: string; deliveredAt: string }[] {
  return stmt<[string, number], { submissionId: string; requestId: string; deliveredAt: string }>(
    db,
    `SELECT s.id AS submissionId, s.request_id AS requestId, s.delivered_at AS deliveredAt FROM submission s
     WHERE s.delivered_at IS NOT NULL AND s.receipt IS NOT NULL AND s.delivered_at <= ?
       AND EXISTS (SELECT 1 FROM capture_page p WHERE p.request_id = s.request_id AND p.purged_at IS NULL)
     ORDER BY s.delivered_at LIMIT ?`,
  ).all(cutoff, limit);
}

/**
 * Marks every page of the request purged (deleted ones too: their files are here as well), drops their
 * OCR text from the page and the search index, and queues their files for removal. Returns how many
 * pages. Runs in the caller's transaction.
 */
export function purgeRequestPages(db: Database, requestId: string, at: string): number {
  const rows = stmt<[string], { id: string; sha256: string; thumb: string; view: string }>(
    db,
    'SELECT id, sha256, thumb_sha256 AS thumb, view_sha256 AS view FROM capture_page WHERE request_id = ? AND purged_at IS NULL',
  ).all(requestId);
  const queue = stmt(db, 'INSERT INTO page_file_gc (sha256, queued_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const r of rows) {
    for (const sha of [r.sha256, r.thumb, r.view]) queue.run(sha, at);
    stmt(db, 'DELETE FROM page_text WHERE page_id = ?').run(r.id);
  }
  stmt(db, "UPDATE capture_page SET purged_at = ?, ocr = NULL WHERE request_id = ? AND purged_at IS NULL").run(at, requestId);
  return rows.length;
}

/** Files waiting for removal. */
export function fileGcQueue(db: Database, limit = 1000): string[] {
  return stmt<[number], { sha256: string }>(db, 'SELECT sha256 FROM page_file_gc ORDER BY queued_at LIMIT ?').all(limit).map((r) => r.sha256);
}

/** Whether a page not purged still needs this file (the store is content-addressed: two requests may share one). */
export function fileStillNeeded(db: Database, sha256: string): boolean {
  return (
    stmt<[string, string, string], { one: number }>(
      db,
      `SELECT 1 AS one FROM capture_page WHERE purged_at IS NULL AND sha256 = ?
       UNION ALL SELECT 1 FROM capture_page WHERE purged_at IS NULL AND thumb_sha256 = ?
       UNION ALL SELECT 1 FROM capture_page WHERE purged_at IS NULL AND view_sha256 = ? LIMIT 1`,
    ).get(sha256, sha256, sha256) !== undefined
  );
}

export function fileGcDone(db: Database, sha256: string): void {
  stmt(db, 'DELETE FROM page_file_gc WHERE sha256 = ?').run(sha256);
}
