/**
 * Anonymous complaints (ماده ۲۰): taken at the kiosk or an applicant screen, sealed at once for the
 * Center with the key it published (seal.ts; docs/SYNC-PROTOCOL.md § Complaints) and queued; the
 * outbox delivers them (hub/sync/complaints.ts). What the office keeps of one is its sealed bytes until
 * delivery and then a count — under a random key and its office day, never a time, a ticket, a counter
 * or a device (migration 0031). Its audit entry is written only once the day is over, and says only the
 * day, so even its place in the audit chain tells nothing finer.
 */
import { randomBytes } from 'node:crypto';
import { hasMarkup } from '../../core/feedback/complaint';
import { DomainError } from '../../core/errors';
import { officeDay } from '../../core/format/jalaliDay';
import * as p from '../../core/sync/protocol';
import * as c from '../../db/complaints';
import * as s from '../../db/sync';
import type { Database } from '../../db/sqlite';
import { record } from '../audit/auditLog';
import { sealComplaint } from './seal';

/** The key in `sync_state` under which the Center's complaint key (verified) is kept. */
export const COMPLAINT_KEY = 'complaint.key';

/** The Center's complaint key on file (verified when it was pulled), or null. */
export function complaintKeyOnFile(db: Database): { keyId: string; publicKey: string } | null {
  const text = s.stateValue(db, COMPLAINT_KEY);
  if (!text) return null;
  const parsed = p.complaintKey.safeParse(JSON.parse(text));
  return parsed.success ? { keyId: parsed.data.keyId, publicKey: parsed.data.publicKey } : null;
}

/**
 * Seals and queues one complaint; the text was cleaned by the contract (free text: no controls, no
 * direction overrides, bounded). Markup is refused here. Nothing is logged.
 */
export function submitComplaint(db: Database, now: Date, text: string): void {
  if (hasMarkup(text)) throw new DomainError('COMPLAINT_MARKUP', 'the complaint carries markup', { fields: [{ path: 'text', reason: 'markup' }] });
  const key = complaintKeyOnFile(db);
  if (!key) throw new DomainError('COMPLAINT_NOT_ACCEPTING', 'the Center has not published its complaints key to this office yet');
  const day = officeDay(now);
  const id = randomBytes(16).toString('hex');
  const sealed = sealComplaint(id, key, { v: 1, day, text });
  db.transaction(() => {
    auditPastComplaintDays(db, now);
    c.queueComplaint(db, { id, officeDay: day, sealed: JSON.stringify(sealed) });
  }).immediate();
}

/**
 * The days before today whose complaints are not on the audit trail yet: one entry per complaint,
 * «a complaint was queued» with its day, written together now that the day is over.
 */
export function auditPastComplaintDays(db: Database, now: Date): number {
  const write = () => {
    let n = 0;
    for (const { day, count } of c.unauditedComplaintDays(db, officeDay(now))) {
      for (let i = 0; i < count; i++) record(db, now, { actor: 'anonymous', action: 'complaintQueued', subject: null, detail: { day } });
      c.markComplaintDayAudited(db, day);
      n += count;
    }
    return n;
  };
  return db.inTransaction ? write() : db.transaction(write).immediate();
}

/** The last 60 office days with complaints: queued and delivered. */
export function complaintDays(db: Database): { day: string; queued: number; delivered: number }[] {
  return c.complaintDays(db, 60);
}
