/**
 * The standby hub on one machine (docs/STANDBY.md): a hub with an encrypted database behind its real
 * HTTPS server, a workstation joined to it with a real pairing code and named the standby; its copies
 * pulled, verified and kept atomically; a bad copy refused; promotion, the epoch and fencing.
 * (Across PCs, with a hub killed: test/multihost/standby.test.ts.)
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { hubEpoch, promoteEpoch, recordSuperseded } from '../../db/standby';
import { nextReceiptNumber, nextRequestNumber } from '../../db/requests';
import { nextTicketNumber } from '../../db/queue';
import { jalaliDayOf, officeDay } from '../../core/format/jalaliDay';
import { pairWithHub } from '../../native/lan/hubClient';
import type { LanHub } from '../../test/support/lanHub';
import { standbyTestBed } from '../../test/support/standbyOffice';
import { officeTls } from '../lan/officeCertificate';
import { verify } from '../audit/auditLog';
import { hexKeyFormat, KEY_FILE } from '../keys/keyFile';
import { openWithStoredKey } from '../keys/storedKey';
import { DATABASE_FILE, HubSupersededError, startHub } from '../start';
import { acceptCopy, CopyRefused, currentCopy, keepCopy, standbyPaths } from './copyKeeper';
import { checkFence, signFence } from './fence';
import { gapsForCopyAge, NUMBER_GAPS, promoteCopy, promotedHubDir, resumeSuperseded, sendFence } from './promote';
import { standbyKeyPair, unwrapKey, wrapKey } from './keyWrap';
import { secret } from '../../db/capture';

const { tmp, office } = standbyTestBed('standby');

/** A hub on an encrypted database in a data folder, serving HTTPS; a workstation joined to it. */
async function officeWithWorkstation() {
  const { hub, key, hubDir } = await office();
  const wsDir = tmp('ws');
  const { code } = await hub.issueCode('counter', 'باجهٔ ۲');
  const settings = { hub: await pairWithHub({ url: `wss://${hub.address}/api/ws`, code }) };
  return { hub, hubDir, key, wsDir, settings };
}

describe('the standby’s copy', () => {
  it('the manager names a paired counter PC; it pulls a copy over the pinned link, verifies and keeps it; the manager sees its age', async () => {
    const o = await officeWithWorkstation();
    // a page file in the hub's store, to travel with the copy
    const pageName = 'ab'.padEnd(64, '0');
    mkdirSync(path.join(o.hubDir, 'pages', 'ab'), { recursive: true });
    writeFileSync(path.join(o.hubDir, 'pages', 'ab', pageName), Buffer.concat([Buffer.from('DYP1'), randomBytes(64)]));
    // not the standby yet: no copy
    await expect(keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 })).rejects.toThrow(CopyRefused);
    expect(currentCopy(o.wsDir)).toBeNull();

    const named = await o.hub.ok('standby.name', { deviceId: o.settings.hub.deviceId }, o.hub.managerSession);
    expect(named.standby).toMatchObject({ deviceId: o.settings.hub.deviceId, name: 'باجهٔ 2', lastCopyAt: null, copyAgeSeconds: null });
    const kept = await keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 });
    expect(kept.newPages).toBe(1);
    const current = currentCopy(o.wsDir)!;
    expect(current.record.sha256).toBe(kept.record.sha256);
    // the page file arrived as stored (sealed), and the database copy is encrypted: no plaintext header
    expect(readFileSync(path.join(standbyPaths(o.wsDir).pages, 'ab', pageName))).toEqual(readFileSync(path.join(o.hubDir, 'pages', 'ab', pageName)));
    expect(readFileSync(path.join(current.dir, 'office.sqlite')).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    // it opens with the office key the standby unwrapped, and holds the office
    const copy = openDatabase(path.join(current.dir, 'office.sqlite'), { key: o.key, exclusive: false });
    expect(copy.prepare('SELECT name FROM office').pluck().get()).toBe('دفتر خدمات الکترونیک قضایی 1234');
    copy.close();

    o.hub.advance(42_000);
    const status = await o.hub.ok('standby.status', {}, o.hub.managerSession);
    expect(status.standby).toMatchObject({ lastCopyAt: current.record.takenAt, copyAgeSeconds: 42, address: 'https://127.0.0.1:4999' });
    // a second pull fetches no page it has; the older copy is gone once the new one is current
    const again = await keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 });
    expect(again.newPages).toBe(0);
    expect(readdirSync(standbyPaths(o.wsDir).copies)).toEqual([again.record.id]);
    // workstations learn where the standby would serve
    expect(await o.hub.ok('standby.where', {})).toEqual({ epoch: 1, standbyUrl: 'https://127.0.0.1:4999' });
    // naming is audited; only a counter PC can be the standby
    const audit = await o.hub.ok('audit.list', { action: 'standbyNamed' }, o.hub.managerSession);
    expect(audit.entries).toHaveLength(1);
    const { code } = await o.hub.issueCode('board', 'تابلو');
    const board = await pairWithHub({ url: `wss://${o.hub.address}/api/ws`, code });
    const refused = await o.hub.call('standby.name', { deviceId: board.deviceId }, o.hub.managerSession);
    expect(refused).toMatchObject({ ok: false, error: { code: 'DEVICE_KIND_MISMATCH' } });
  }, 30_000);

  it('a copy cut short, a damaged copy and a copy under another key are refused; the current copy stays as it was', async () => {
    const o = await officeWithWorkstation();
    await o.hub.ok('standby.name', { deviceId: o.settings.hub.deviceId }, o.hub.managerSession);
    const good = await keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 });
    const goodFile = path.join(currentCopy(o.wsDir)!.dir, 'office.sqlite');
    const bytes = readFileSync(goodFile);
    const { publicKey } = standbyKeyPair(standbyPaths(o.wsDir).key);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const attempt = (body: Buffer, claimed: { sha256: string; bytes: number }, key = o.key, received = { sha256: sha(body), bytes: body.length }) => {
      const part = path.join(standbyPaths(o.wsDir).copies, `${randomBytes(3).toString('hex')}.part`);
      mkdirSync(part);
      writeFileSync(path.join(part, 'office.sqlite'), body);
      const wrappedKey = wrapKey(key, publicKey, `${o.settings.hub.deviceId}:${claimed.sha256}`);
      return () => acceptCopy(o.wsDir, part, { ...claimed, takenAt: new Date().toISOString(), epoch: 1, wrappedKey, deviceId: o.settings.hub.deviceId }, received, new Date());
    };
    // cut short: fewer bytes than announced
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(attempt(half, { sha256: sha(bytes), bytes: bytes.length })).toThrow(expect.objectContaining({ reason: 'digest' }) as Error);
    // damaged on the hub's side (the digest matches what was sent): one flipped byte in a page of the file
    const flipped = Buffer.from(bytes);
    flipped[4096 + 100] = flipped[4096 + 100]! ^ 0xff;
    expect(attempt(flipped, { sha256: sha(flipped), bytes: flipped.length })).toThrow(expect.objectContaining({ reason: 'check' }) as Error);
    // another key than the one the database is under
    expect(attempt(bytes, { sha256: sha(bytes), bytes: bytes.length }, randomBytes(32))).toThrow(expect.objectContaining({ reason: 'check' }) as Error);
    // the wrapped key of another copy does not open for this one
    expect(() => unwrapKey(wrapKey(o.key, publicKey, `${o.settings.hub.deviceId}:${'0'.repeat(64)}`), standbyKeyPair(standbyPaths(o.wsDir).key).privateKey, `${o.settings.hub.deviceId}:${sha(bytes)}`)).toThrow(/does not open/);
    expect(currentCopy(o.wsDir)!.record.id).toBe(good.record.id);
    expect(readFileSync(goodFile)).toEqual(bytes);
  }, 30_000);
});

describe('promotion, the epoch and fencing', () => {
  it('the standby promoted from its copy is the office at a higher epoch; the old hub, told, refuses every call but health and where', async () => {
    const o = await officeWithWorkstation();
    await o.hub.ok('standby.name', { deviceId: o.settings.hub.deviceId }, o.hub.managerSession);
    await keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 });
    const promoted = promoteCopy({ standbyDataDir: o.wsDir, hubUrl: 'https://127.0.0.1:4999' });
    expect(promoted.epoch).toBe(2);
    // a second promotion of the same folder changes nothing
    expect(promoteCopy({ standbyDataDir: o.wsDir, hubUrl: 'https://127.0.0.1:4999' })).toEqual(promoted);
    const running = startHub({ dataDir: promotedHubDir(o.wsDir), version: 'test' });
    try {
      expect(hubEpoch(running.db)).toMatchObject({ epoch: 2, supersededEpoch: null });
      expect(verify(running.db)).toMatchObject({ ok: true });
      expect(running.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'hubPromoted'").pluck().get()).toBe(1);
    } finally {
      await running.close();
    }

    // the old hub hears of it over its HTTPS: superseded
    const authority = { authorityPem: o.settings.hub.authorityPem, fingerprint: o.settings.hub.fingerprint };
    expect(await o.hub.ok('queue.config', {}, o.hub.managerSession)).toBeTruthy();
    expect(await sendFence(`https://${o.hub.address}`, authority, promoted.notice)).toBe('superseded');
    expect(await o.hub.call('queue.config', {}, o.hub.managerSession)).toMatchObject({ ok: false, error: { code: 'HUB_SUPERSEDED' } });
    expect(await o.hub.call('auth.login', { username: 'maryam', password: 'Sabz-Kuh-1403' })).toMatchObject({ ok: false, error: { code: 'HUB_SUPERSEDED' } });
    expect(await o.hub.call('health', {})).toMatchObject({ ok: true });
    expect(await o.hub.call('standby.where', {})).toMatchObject({ ok: true });
    expect(hubEpoch(o.hub.db)).toMatchObject({ epoch: 1, supersededEpoch: 2, supersededBy: 'https://127.0.0.1:4999' });
    expect(o.hub.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'hubSuperseded'").pluck().get()).toBe(1);
  }, 30_000);

  it('no receipt, request or ticket number the lost hub gave out after the copy is given out again by the promoted one; the jump is on the audit trail', async () => {
    const o = await officeWithWorkstation();
    await o.hub.ok('standby.name', { deviceId: o.settings.hub.deviceId }, o.hub.managerSession);
    const now = new Date();
    const year = jalaliDayOf(now).year;
    const day = officeDay(now);
    const serviceId = o.hub.db.prepare('SELECT min(id) FROM service').pluck().get() as number;
    const issue = (db: typeof o.hub.db) => ({ receipt: nextReceiptNumber(db, year), request: nextRequestNumber(db, year), ticket: nextTicketNumber(db, day, serviceId) });
    expect(issue(o.hub.db)).toEqual({ receipt: 1, request: 1, ticket: 1 });
    await keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 });
    // the hub's last moments, after the copy: numbers handed to people, then the PC dies
    expect(issue(o.hub.db)).toEqual({ receipt: 2, request: 2, ticket: 2 });
    expect(issue(o.hub.db)).toEqual({ receipt: 3, request: 3, ticket: 3 });
    promoteCopy({ standbyDataDir: o.wsDir, hubUrl: 'https://127.0.0.1:4999' });
    const db = openWithStoredKey(path.join(promotedHubDir(o.wsDir), DATABASE_FILE), { file: path.join(promotedHubDir(o.wsDir), KEY_FILE), format: hexKeyFormat });
    try {
      const next = issue(db);
      expect(next).toEqual({ receipt: 1 + NUMBER_GAPS.yearly + 1, request: 1 + NUMBER_GAPS.yearly + 1, ticket: 1 + NUMBER_GAPS.daily + 1 });
      const detail = JSON.parse(db.prepare("SELECT detail FROM audit_log WHERE action = 'hubPromoted'").pluck().get() as string) as { numbers: { receipts: unknown; tickets: Array<{ serviceId: number }> } };
      expect(detail.numbers).toMatchObject({ year, officeDay: day, receipts: { from: 1, to: 1 + NUMBER_GAPS.yearly }, requests: { from: 1, to: 1 + NUMBER_GAPS.yearly } });
      expect(detail.numbers.tickets).toContainEqual({ serviceId, from: 1, to: 1 + NUMBER_GAPS.daily });
      // every service's line jumps, not only those that had a ticket in the copy
      const services = db.prepare('SELECT count(*) FROM service').pluck().get() as number;
      expect(detail.numbers.tickets).toHaveLength(services);
      expect(verify(db)).toMatchObject({ ok: true });
    } finally {
      db.close();
    }
  }, 30_000);

  it('a copy that is old at the promotion (its copies failed while the hub went on) makes the jumps as many times wider as minutes it is old', async () => {
    expect(gapsForCopyAge(0)).toEqual(NUMBER_GAPS);
    expect(gapsForCopyAge(60_000)).toEqual(NUMBER_GAPS);
    expect(gapsForCopyAge(60_001)).toEqual({ yearly: NUMBER_GAPS.yearly * 2, daily: NUMBER_GAPS.daily * 2 });
    const o = await officeWithWorkstation();
    await o.hub.ok('standby.name', { deviceId: o.settings.hub.deviceId }, o.hub.managerSession);
    await keepCopy({ dataDir: o.wsDir, hub: o.settings.hub, servePort: 4999 });
    // promoted 4 min 10 s after the copy was kept here: five minutes begun (this PC's clock; the test
    // hub's runs days apart, which must not count)
    const at = new Date(Date.parse(currentCopy(o.wsDir)!.record.keptAt) + 250_000);
    promoteCopy({ standbyDataDir: o.wsDir, hubUrl: 'https://127.0.0.1:4999', now: () => at });
    const db = openWithStoredKey(path.join(promotedHubDir(o.wsDir), DATABASE_FILE), { file: path.join(promotedHubDir(o.wsDir), KEY_FILE), format: hexKeyFormat });
    try {
      const detail = JSON.parse(db.prepare("SELECT detail FROM audit_log WHERE action = 'hubPromoted'").pluck().get() as string) as { numbers: { receipts: { from: number; to: number }; tickets: Array<{ from: number; to: number }> } };
      expect(detail.numbers.receipts.to - detail.numbers.receipts.from).toBe(5 * NUMBER_GAPS.yearly);
      expect(detail.numbers.tickets.every((t) => t.to - t.from === 5 * NUMBER_GAPS.daily)).toBe(true);
    } finally {
      db.close();
    }
  }, 30_000);

  it('a notice signed by another office’s authority, or altered, is refused; one of a lower epoch changes nothing', async () => {
    const a = openDatabase(':memory:');
    const b = openDatabase(':memory:');
    await officeTls(a, new Date(), { dns: [], ips: ['127.0.0.1'] });
    await officeTls(b, new Date(), { dns: [], ips: ['127.0.0.1'] });
    const caA = new X509Certificate(secret(a, 'lan.ca.cert')!);
    const notice = signFence(a, 3, 'https://10.0.0.5:4780', new Date('2026-12-01T08:00:00Z'));
    expect(checkFence(caA, notice)).toMatchObject({ epoch: 3, hubUrl: 'https://10.0.0.5:4780' });
    expect(checkFence(new X509Certificate(secret(b, 'lan.ca.cert')!), notice)).toBeNull();
    expect(checkFence(caA, { ...notice, statement: notice.statement.replace('"epoch":3', '"epoch":9') })).toBeNull();
    expect(checkFence(caA, { statement: notice.statement })).toBeNull();
    // the epoch: a superseding one is higher; a promotion goes above both
    expect(recordSuperseded(a, 1, 'x', 'y')).toBe(false);
    expect(recordSuperseded(a, 3, '2026-12-01T08:00:01.000Z', 'https://10.0.0.5:4780')).toBe(true);
    expect(recordSuperseded(a, 2, 'x', 'y')).toBe(false);
    expect(promoteEpoch(a, '2026-12-01T09:00:00.000Z')).toBe(4);
    expect(hubEpoch(a)).toMatchObject({ epoch: 4, supersededEpoch: null });
    a.close();
    b.close();
  });

  it('a data folder that learned it is superseded does not start as a hub until the manager’s command', async () => {
    const dir = tmp('old');
    const first = startHub({ dataDir: dir, version: 'test' });
    recordSuperseded(first.db, 2, '2026-12-01T08:00:00.000Z', 'https://10.0.0.5:4780');
    await first.close();
    expect(() => startHub({ dataDir: dir, version: 'test' })).toThrow(HubSupersededError);
    // the manager's command (npm run standby -- resume): the hub takes an epoch above the one it learned
    const db = openWithStoredKey(path.join(dir, DATABASE_FILE), { file: path.join(dir, KEY_FILE), format: hexKeyFormat });
    const year = jalaliDayOf(new Date()).year;
    const before = nextReceiptNumber(db, year);
    expect(resumeSuperseded(db, 'console')).toBe(3);
    // the standby served meanwhile: this hub's numbers go past anything it could have given out
    expect(nextReceiptNumber(db, year)).toBe(before + NUMBER_GAPS.yearly + 1);
    db.close();
    const again = startHub({ dataDir: dir, version: 'test' });
    expect(hubEpoch(again.db)).toMatchObject({ epoch: 3, supersededEpoch: null });
    expect(again.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'hubResumed'").pluck().get()).toBe(1);
    await again.close();
  });
});
