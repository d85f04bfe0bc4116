/**
 * Promotion from the standby's own window, and the copy kept by the loop the desktop runs on every
 * counter PC (docs/STANDBY.md § Promotion from the desktop): a real hub behind its HTTPS, a workstation
 * joined with a real code, real copies; the manager's account checked against the copy.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { enableTotp, findStaffByUsername, setPendingTotpSecret } from '../../db/staff';
import { pairWithHub, type PairedHub } from '../../native/lan/hubClient';
import { addClerk, manager } from '../../test/support/hub';
import type { LanHub } from '../../test/support/lanHub';
import { standbyTestBed } from '../../test/support/standbyOffice';
import { hexKeyFormat, KEY_FILE } from '../keys/keyFile';
import { openWithStoredKey } from '../keys/storedKey';
import { DATABASE_FILE } from '../start';
import { keepCopy, currentCopy } from './copyKeeper';
import { keepCopies } from './keepLoop';
import { promotedAlready, promotedHubDir } from './promote';
import { promoter, standbyHere } from './promoteHere';

const { tmp, office } = standbyTestBed('promote');

async function standbyWithCopy(before?: (h: LanHub) => Promise<void> | void) {
  const { hub } = await office();
  await before?.(hub);
  const wsDir = tmp('ws');
  const { code } = await hub.issueCode('counter', 'باجهٔ ۲');
  const paired: PairedHub = await pairWithHub({ url: `wss://${hub.address}/api/ws`, code });
  await hub.ok('standby.name', { deviceId: paired.deviceId }, hub.managerSession);
  await keepCopy({ dataDir: wsDir, hub: paired, servePort: 4999 });
  return { hub, wsDir, paired };
}

const quiet = { info: () => {}, warn: () => {} };

describe('promotion from the standby’s own window', () => {
  it('says what copy this PC keeps, and nothing once it is promoted', async () => {
    expect(standbyHere(tmp('none'))).toBeNull();
    const o = await standbyWithCopy();
    const here = standbyHere(o.wsDir, new Date(Date.parse(currentCopy(o.wsDir)!.record.takenAt) + 42_000));
    expect(here).toEqual({ copyTakenAt: currentCopy(o.wsDir)!.record.takenAt, copyAgeSeconds: 42 });
    const promote = promoter({ dataDir: o.wsDir, hubUrl: () => 'https://127.0.0.1:4999', hubAnswers: async () => false, log: quiet });
    expect(await promote({ username: manager.username, password: manager.password })).toMatchObject({ ok: true });
    expect(standbyHere(o.wsDir)).toBeNull();
  });

  it('only the manager’s right password promotes; wrong answers are slow; a hub that answers is not taken over; the trail names the manager', async () => {
    let clerk = '';
    const o = await standbyWithCopy(async (h) => {
      await addClerk(h, 'reza');
      clerk = 'pw-reza-12345';
    });
    let hubUp = true;
    let address = '127.0.0.1';
    const promote = promoter({ dataDir: o.wsDir, hubUrl: () => `https://${address}:4999`, hubAnswers: async () => hubUp, failureDelayMs: 200, log: quiet });
    const t0 = Date.now();
    expect(await promote({ username: manager.username, password: 'wrong-password' })).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(await promote({ username: 'nobody', password: 'x' })).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
    // a clerk's own right password is no manager's
    expect(await promote({ username: 'reza', password: clerk })).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
    // the hub still answers: nothing is taken over
    expect(await promote({ username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_HUB_ALIVE' });
    expect(existsSync(promotedHubDir(o.wsDir))).toBe(false);

    hubUp = false;
    address = '127.0.0.2'; // the PC's address changed since the window opened: the record has today's
    const done = await promote({ username: manager.username, password: manager.password });
    expect(done).toMatchObject({ ok: true, copyTakenAt: currentCopy(o.wsDir)!.record.takenAt });
    expect(promotedAlready(promotedHubDir(o.wsDir))).toMatchObject({ hubUrl: 'https://127.0.0.2:4999' });
    // a second press changes nothing
    expect(await promote({ username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_BUSY' });

    const hubDir = promotedHubDir(o.wsDir);
    const db = openWithStoredKey(path.join(hubDir, DATABASE_FILE), { file: path.join(hubDir, KEY_FILE), format: hexKeyFormat });
    try {
      const id = findStaffByUsername(db, manager.username)!.id;
      const row = db.prepare("SELECT actor FROM audit_log WHERE action = 'hubPromoted'").get() as { actor: string };
      expect(row.actor).toBe(`staff:${id}`);
    } finally {
      db.close();
    }
  });

  it('an account with an authenticator needs its code too', async () => {
    const secret = new Secret({ size: 20 }).base32;
    const o = await standbyWithCopy((h) => {
      const id = findStaffByUsername(h.db, manager.username)!.id;
      setPendingTotpSecret(h.db, id, secret);
      enableTotp(h.db, id, 1);
    });
    const app = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    const promote = promoter({ dataDir: o.wsDir, hubUrl: () => 'https://127.0.0.1:4999', hubAnswers: async () => false, failureDelayMs: 0, log: quiet });
    expect(await promote({ username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_OTP_REQUIRED' });
    const wrong = String((Number(app.generate()) + 1) % 1_000_000).padStart(6, '0');
    expect(await promote({ username: manager.username, password: manager.password, otp: wrong })).toEqual({ ok: false, code: 'PROMOTE_CREDENTIALS' });
    expect(await promote({ username: manager.username, password: manager.password, otp: app.generate() })).toMatchObject({ ok: true });
  });

  it('a PC with no copy has nothing to promote', async () => {
    const promote = promoter({ dataDir: tmp('empty'), hubUrl: () => 'https://127.0.0.1:4999', hubAnswers: async () => false, log: quiet });
    expect(await promote({ username: manager.username, password: manager.password })).toEqual({ ok: false, code: 'PROMOTE_NO_COPY' });
  });
});

describe('the copy kept by the loop on every counter PC', () => {
  it('a PC that is not the standby asks again only now and then and says so once; named, it keeps copies; promoted, it stops', async () => {
    const { hub } = await office();
    const wsDir = tmp('ws');
    const { code } = await hub.issueCode('counter', 'باجهٔ ۲');
    const paired = await pairWithHub({ url: `wss://${hub.address}/api/ws`, code });
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    let attempts = 0;
    // (the desktop stops this loop before it promotes: here a gate holds it while the window promotes)
    let gate: Promise<void> | null = null;
    let inFlight: Promise<unknown> = Promise.resolve();
    const keep: typeof keepCopy = async (o) => {
      attempts++;
      if (gate) await gate;
      const p = keepCopy(o);
      inFlight = p.catch(() => null);
      return p;
    };
    const controller = new AbortController();
    const loop = keepCopies({ dataDir: wsDir, hub: () => paired, servePort: 4999, signal: controller.signal, log, everyMs: 50, notStandbyEveryMs: 400, keep });
    await new Promise((r) => setTimeout(r, 1000));
    // refused at once each time, asked every 400 ms rather than every 50
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(4);
    expect(lines.filter((l) => l.startsWith('the hub does not take this PC'))).toHaveLength(1);
    expect(currentCopy(wsDir)).toBeNull();

    await hub.ok('standby.name', { deviceId: paired.deviceId }, hub.managerSession);
    // (the copy is in place before the hub has confirmed it and the round ends: wait for the round's line)
    for (let i = 0; i < 200 && !lines.includes('copy kept'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(currentCopy(wsDir)).not.toBeNull();
    expect(lines).toContain('this PC keeps a copy of the office (the standby hub)');

    // promoted (here by the window): the loop ends by itself
    let open = () => {};
    gate = new Promise((r) => (open = r));
    await inFlight;
    const promote = promoter({ dataDir: wsDir, hubUrl: () => 'https://127.0.0.1:4999', hubAnswers: async () => false, log: quiet });
    expect(await promote({ username: manager.username, password: manager.password })).toMatchObject({ ok: true });
    open();
    expect(await loop).toBe('promoted');
    controller.abort();
  });
});
