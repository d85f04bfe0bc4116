/**
 * The tamper-evident audit trail (db/migrations/0007-audit-log.ts). Each entry's hash covers the
 * previous entry's hash and the entry itself in a canonical form:
 *
 *   hash(n) = sha256( hash(n−1) ‖ "\n" ‖ canonicalJson({ seq, at, actor, action, subject, reason, detail }) )
 *
 * with hash(0) = 64 zeros. Changing, inserting or removing any entry changes every hash after it,
 * so `verify` finds the first entry that no longer fits. (Someone who rewrites the whole chain from
 * the edit onwards is caught only against a copy of a later hash kept elsewhere — the daily cash
 * report prints the chain head for that; the central system will keep it too.)
 *
 * `record` joins the caller's transaction when there is one (a change and its audit entry commit
 * together or not at all) and opens its own otherwise (a failed login is recorded though the call fails).
 */
import { createHash } from 'node:crypto';
import type { auditActionNames } from '../../core/api/audit';
import { auditHead, auditRows, insertAudit, type AuditRow } from '../../db/audit';
import type { Database } from '../../db/sqlite';
import type { Principal } from '../../core/api/schemas';

export const GENESIS = '0'.repeat(64);

/** What happened; the names an inspector filters by (core/api/audit.ts). */
export type AuditAction = (typeof auditActionNames)[number];

export interface AuditEntry {
  /** who: `staff:3`, `device:kiosk`, or `anonymous` (a failed login) */
  actor: string;
  action: AuditAction;
  /** what it is about: `request:<uuid>`, `applicant:5`, `ticket:<id>`, `counter:1` … */
  subject?: string | null;
  /** the reason a person gave (a discount's, a refusal's, an out-of-turn call's) */
  reason?: string | null;
  /** anything else worth keeping; plain JSON values only */
  detail?: Record<string, unknown>;
}

export function actorOf(principal: Principal | null | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'user' ? `staff:${principal.userId}` : `device:${principal.role}`;
}

/** JSON with object keys in code-point order at every depth: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('audit detail holds a non-finite number');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, reason: e.reason, detail: JSON.parse(e.detail) as unknown });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** Appends one entry at the head of the chain; returns it. */
export function record(db: Database, at: Date, entry: AuditEntry): AuditRow {
  const append = (): AuditRow => {
    const head = auditHead(db);
    const base = {
      seq: (head?.seq ?? 0) + 1,
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      reason: entry.reason ?? null,
      detail: canonicalJson(entry.detail ?? {}),
    };
    const prevHash = head?.hash ?? GENESIS;
    const row: AuditRow = { ...base, prevHash, hash: entryHash(prevHash, base) };
    insertAudit(db, row);
    return row;
  };
  return db.inTransaction ? append() : db.transaction(append).immediate();
}

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: number; problem: 'gap' | 'link' | 'hash' | 'unreadable' | 'damaged' };

/**
 * Walks the chain from the start. `brokenAt` is the first entry that does not fit: a missing
 * number before it (`gap`), a previous-hash that is not its predecessor's (`link`), a hash that
 * does not match its own content (`hash`), or a row that cannot be read (`unreadable`).
 */
export function verify(db: Database): VerifyResult {
  const rows = auditRows(db);
  try {
    return verifyRows(rows);
  } finally {
    rows.return?.(); // an early answer must not leave the statement open (the database could not close)
  }
}

function verifyRows(rows: IterableIterator<AuditRow>): VerifyResult {
  let prev = GENESIS;
  let expected = 1;
  let count = 0;
  for (;;) {
    let next: IteratorResult<AuditRow>;
    try {
      next = rows.next();
    } catch (err) {
      // the file itself is damaged where the trail lies (a page that fails its HMAC, a malformed page):
      // everything before is intact, this entry on cannot be read
      if (err instanceof Error && /malformed|corrupt|not a database|hmac/i.test(err.message)) return { ok: false, entries: count, brokenAt: expected, problem: 'damaged' };
      throw err;
    }
    if (next.done) break;
    const row = next.value;
    if (row.seq !== expected) return { ok: false, entries: count, brokenAt: expected, problem: 'gap' };
    if (row.prevHash !== prev) return { ok: false, entries: count, brokenAt: row.seq, problem: 'link' };
    let hash: string;
    try {
      hash = entryHash(prev, row);
    } catch {
      return { ok: false, entries: count, brokenAt: row.seq, problem: 'unreadable' };
    }
    if (hash !== row.hash) return { ok: false, entries: count, brokenAt: row.seq, problem: 'hash' };
    prev = row.hash;
    expected += 1;
    count += 1;
  }
  return { ok: true, entries: count, head: prev };
}
