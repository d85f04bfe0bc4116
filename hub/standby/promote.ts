/**
 * Promotion (docs/STANDBY.md): the standby workstation becomes the office's hub from its current
 * copy. Its copy holds everything a hub needs — the database (staff, paired devices and their
 * credentials' hashes, the office certificate authority and its key, the outbox), the page files —
 * and the office key, wrapped for this standby. Promotion makes a hub data folder of them, raises the
 * epoch above every one this copy knew, records it on the audit trail, and signs the fencing notice
 * with the office authority's key; then this PC serves the office (HTTPS with a server certificate
 * it issues from that authority for its own addresses — the one every workstation pins), and tells
 * the old hub's address, every few seconds, that it is superseded.
 *
 * Started again, a promoted folder is served as it is (no second promotion).
 */
import { X509Certificate } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { z } from 'zod';
import { STANDBY_FENCE_PATH } from '../../core/api/standby';
import { hubEpoch, promoteEpoch, recordSuperseded, resumeAsHub, skipNumbersPastCopy, standbyOf, type NumberGaps, type NumbersSkipped } from '../../db/standby';
import { jalaliDayOf, officeDay } from '../../core/format/jalaliDay';
import type { Database } from '../../db/sqlite';
import { syncFolder, writeFileDurably } from '../../native/fs/durableFile';
import { pinnedTls } from '../../native/lan/hubClient';
import { spkiFingerprint } from '../../native/lan/pairingCode';
import { secret } from '../../db/capture';
import { record } from '../audit/auditLog';
import { hexKeyFormat, KEY_FILE } from '../keys/keyFile';
import { openWithStoredKey } from '../keys/storedKey';
import { DATABASE_FILE, HubSupersededError } from '../start';
import { copyKey, currentCopy, standbyPaths } from './copyKeeper';
import { checkFenceFor, signFence, type FenceNotice } from './fence';

export const PROMOTED_FILE = 'promoted.json';

/**
 * How far the number series jump when a copy becomes the hub, or a superseded hub serves again
 * (db/standby.ts skipNumbersPastCopy): past anything the other hub could have numbered that this one
 * does not hold. A copy is taken every 30 s and the dashboard calls one older than a minute late; no
 * office issues a thousand receipts or requests, or a hundred tickets of one service, in that time.
 */
export const NUMBER_GAPS: NumberGaps = { yearly: 1000, daily: 100 };

/**
 * The gaps for a copy `ageMs` old at the promotion: NUMBER_GAPS for each minute (begun) the copy is
 * old, at least one. The age is read on this PC's clock alone (since the copy was kept here, not since
 * the hub took it): a hub whose clock is off must not make the gap wrong. A copy of a minute or less (the standby doing its work) gets NUMBER_GAPS; one that
 * is old because the copies failed while the hub went on gets as many times more as the hub may have
 * numbered meanwhile — a wider gap costs nothing but a range the Z report names, a number given twice
 * is two receipts with one number.
 */
export function gapsForCopyAge(ageMs: number): NumberGaps {
  const minutes = Math.max(1, Math.ceil(ageMs / 60_000));
  return { yearly: NUMBER_GAPS.yearly * minutes, daily: NUMBER_GAPS.daily * minutes };
}

/** Every number series past the gap, on the office's year and day of `at`. */
function skipNumbers(db: Database, at: Date, gaps: NumberGaps = NUMBER_GAPS): NumbersSkipped {
  return skipNumbersPastCopy(db, jalaliDayOf(at).year, officeDay(at), gaps);
}
const promotedRecord = z.object({ epoch: z.number().int(), at: z.string(), copyTakenAt: z.string(), hubUrl: z.string(), notice: z.object({ statement: z.string(), signature: z.string() }) });
export type Promoted = z.infer<typeof promotedRecord>;

export class PromotionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionError';
  }
}

/** The hub's data folder on a standby workstation. */
export const promotedHubDir = (standbyDataDir: string) => path.join(standbyDataDir, 'hub');

/** What a folder promoted before says, or null. */
export function promotedAlready(hubDir: string): Promoted | null {
  const file = path.join(hubDir, PROMOTED_FILE);
  if (!existsSync(file)) return null;
  return promotedRecord.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Makes `<standbyDataDir>/hub` the office's hub folder from the current copy and raises the epoch.
 * `hubUrl`: where this PC will serve (in the notice the old hub and the workstations are given).
 */
export function promoteCopy(options: { standbyDataDir: string; hubUrl: string; now?: () => Date; /** who promoted (the audit's actor): the manager at the standby's window, else the console's command */ by?: string }): Promoted {
  const now = options.now ?? (() => new Date());
  const hubDir = promotedHubDir(options.standbyDataDir);
  const done = promotedAlready(hubDir);
  if (done) return done;
  const current = currentCopy(options.standbyDataDir);
  if (!current) throw new PromotionError('this workstation keeps no copy of the office: it was never the standby, or no copy was verified yet');
  const key = copyKey(options.standbyDataDir, current.record);
  mkdirSync(hubDir, { recursive: true, mode: 0o700 });
  // the database: a copy of the copy (the standby's own stays as it was), then the key beside it
  const dbFile = path.join(hubDir, DATABASE_FILE);
  copyFileSync(path.join(current.dir, 'office.sqlite'), `${dbFile}.part`);
  renameSync(`${dbFile}.part`, dbFile);
  writeFileDurably(path.join(hubDir, KEY_FILE), hexKeyFormat.encode(key));
  // the sealed page files: linked (same disk) or copied
  const from = standbyPaths(options.standbyDataDir).pages;
  if (existsSync(from)) {
    for (const prefix of readdirSync(from)) {
      mkdirSync(path.join(hubDir, 'pages', prefix), { recursive: true, mode: 0o700 });
      for (const name of readdirSync(path.join(from, prefix))) {
        const target = path.join(hubDir, 'pages', prefix, name);
        if (existsSync(target) || !/^[0-9a-f]{64}$/.test(name)) continue;
        try {
          linkSync(path.join(from, prefix, name), target);
        } catch {
          copyFileSync(path.join(from, prefix, name), target);
        }
      }
    }
  }
  syncFolder(hubDir);
  const db = openWithStoredKey(dbFile, { file: path.join(hubDir, KEY_FILE), format: hexKeyFormat });
  try {
    const at = now();
    const before = hubEpoch(db).epoch;
    const epoch = db.transaction(() => {
      const next = promoteEpoch(db, at.toISOString());
      const numbers = skipNumbers(db, at, gapsForCopyAge(at.getTime() - Date.parse(current.record.keptAt)));
      record(db, at, { actor: options.by ?? 'system', action: 'hubPromoted', subject: null, detail: { epoch: next, from: before, copyTakenAt: current.record.takenAt, hubUrl: options.hubUrl, numbers } });
      return next;
    }).immediate();
    const notice = signFence(db, epoch, options.hubUrl, at);
    const promoted: Promoted = { epoch, at: at.toISOString(), copyTakenAt: current.record.takenAt, hubUrl: options.hubUrl, notice };
    writeFileDurably(path.join(hubDir, PROMOTED_FILE), `${JSON.stringify(promoted)}\n`);
    return promoted;
  } finally {
    db.close();
  }
}

/** POSTs the notice to `url`'s fence path, trusting the office authority alone; resolves with the hub's answer or null. */
export function sendFence(url: string, authority: { authorityPem: string; fingerprint: string }, notice: FenceNotice, timeoutMs = 5000): Promise<string | null> {
  return new Promise((resolve) => {
    const body = JSON.stringify(notice);
    const u = new URL(url);
    const req = request(new URL(STANDBY_FENCE_PATH, `https://${u.host}`), {
      method: 'POST',
      ...pinnedTls(authority),
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      timeout: timeoutMs,
    });
    req.once('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.once('end', () => {
        try {
          resolve(String((JSON.parse(text) as { answer?: unknown }).answer ?? null));
        } catch {
          resolve(null);
        }
      });
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end(body);
  });
}

/** Asks `url` (a standby's address) for its notice: a promoted standby answers one. */
export function askFence(url: string, authority: { authorityPem: string; fingerprint: string }, timeoutMs = 3000): Promise<unknown> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = request(new URL(STANDBY_FENCE_PATH, `https://${u.host}`), { method: 'GET', ...pinnedTls(authority), timeout: timeoutMs });
    req.once('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.once('end', () => {
        try {
          resolve(res.statusCode === 200 ? JSON.parse(text) : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}

/** The office authority as a pinned client needs it, from the database. */
export function authorityOf(db: Database): { authorityPem: string; fingerprint: string } | null {
  const cert = secret(db, 'lan.ca.cert');
  if (!cert) return null;
  const x = new X509Certificate(cert);
  return { authorityPem: x.toString(), fingerprint: spkiFingerprint(x) };
}

/**
 * At a hub's start, before it serves: a standby it named may have been promoted while it was down.
 * Asks the standby's address for its notice; a valid one of a higher epoch is recorded (the hub is
 * then superseded and its start refuses). Unreachable: nothing learned (the promoted hub also tells
 * this hub's address every few seconds).
 */
export async function learnAtStart(db: Database, standbyUrl: string | null, now: () => Date = () => new Date()): Promise<boolean> {
  const authority = authorityOf(db);
  if (!standbyUrl || !authority) return false;
  const notice = await askFence(standbyUrl, authority);
  if (!notice) return false;
  const statement = checkFenceFor(db, notice);
  if (!statement) return false;
  const at = now();
  return db.transaction(() => {
    const ok = recordSuperseded(db, statement.epoch, at.toISOString(), statement.hubUrl);
    if (ok) record(db, at, { actor: 'system', action: 'hubSuperseded', subject: null, detail: { epoch: statement.epoch, hubUrl: statement.hubUrl, promotedAt: statement.at, from: standbyUrl } });
    return ok;
  }).immediate();
}

/** `learnAtStart` from the standby this hub named: the error its start throws when it learned it is superseded, else null. */
export async function refuseIfSuperseded(db: Database): Promise<HubSupersededError | null> {
  if (!(await learnAtStart(db, standbyOf(db)?.address ?? null))) return null;
  const e = hubEpoch(db);
  return new HubSupersededError(e.supersededEpoch ?? 0, e.supersededBy ?? '', e.supersededAt ?? '');
}

/** The manager's command on a superseded hub: it serves again, under an epoch above the one it learned. Audited. */
export function resumeSuperseded(db: Database, by: string, now: () => Date = () => new Date()): number {
  const at = now();
  return db.transaction(() => {
    const before = hubEpoch(db);
    const epoch = resumeAsHub(db, at.toISOString());
    // the standby served meanwhile and numbered receipts this hub never saw
    const numbers = skipNumbers(db, at);
    record(db, at, { actor: by, action: 'hubResumed', subject: null, detail: { epoch, superseded: before.supersededEpoch, by: before.supersededBy, numbers } });
    return epoch;
  }).immediate();
}
