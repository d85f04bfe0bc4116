import type { Database } from './sqlite';
import { stmt } from './statements';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  reason: string | null;
  /** canonical JSON (hub/audit) */
  detail: string;
  prevHash: string;
  hash: string;
}

const columns = 'seq, at, actor, action, subject, reason, detail, prev_hash AS prevHash, hash';

export function auditHead(db: Database): { seq: number; hash: string } | undefined {
  return stmt<[], { seq: number; hash: string }>(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
}

export function insertAudit(db: Database, row: AuditRow): void {
  stmt(db, 'INSERT INTO audit_log (seq, at, actor, action, subject, reason, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.seq,
    row.at,
    row.actor,
    row.action,
    row.subject,
    row.reason,
    row.detail,
    row.prevHash,
    row.hash,
  );
}

/** The hash of entry `seq`, if it is on the chain (a rolled-back entry is not). */
export function auditHashAt(db: Database, seq: number): string | undefined {
  return stmt<[number], { hash: string }>(db, 'SELECT hash FROM audit_log WHERE seq = ?').get(seq)?.hash;
}

/** Newest first, `limit` rows before `beforeSeq` (exclusive), optionally of one action. */
export function auditPage(db: Database, q: { beforeSeq: number; limit: number; action: string | null }): AuditRow[] {
  return q.action === null
    ? stmt<[number, number], AuditRow>(db, `SELECT ${columns} FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(q.beforeSeq, q.limit)
    : stmt<[string, number, number], AuditRow>(db, `SELECT ${columns} FROM audit_log WHERE action = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).all(q.action, q.beforeSeq, q.limit);
}

/** Every row in chain order, one at a time (the chain may be long; verify streams it). */
export function auditRows(db: Database): IterableIterator<AuditRow> {
  return stmt<[], AuditRow>(db, `SELECT ${columns} FROM audit_log ORDER BY seq`).iterate();
}

/**
 * When the latest `n` entries of an action were written and the address in their detail (`from`),
 * newest first (the pairing guard counts wrong codes from the trail, per address and in all).
 */
export function latestAuditSources(db: Database, action: string, n: number): Array<{ at: string; from: string | null }> {
  return stmt<[string, number], { at: string; from: string | null }>(
    db,
    "SELECT at, json_extract(detail, '$.from') AS \"from\" FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT ?",
  ).all(action, n);
}
