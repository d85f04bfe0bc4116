import { request } from 'node:https';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedTls } from '../../native/lan/hubClient';
import { startLanHub, type LanHub } from '../../test/support/lanHub';
import { releaseFolder } from '../../test/support/updateFeeds';
import { joinOffice } from '../join';
import { openWindowLink } from '../client/windowLink';
import type { WorkstationSettings } from '../settings';
import { deviceAuthorization, feedUrlOf, pinnedCertificate, QUIET_MS, UpdateOffer } from './updateOffer';

describe('what a workstation offers, and when', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, pass: (ms: number) => (t += ms) };
  };

  it('offers nothing before a download, nor a version that is not newer than this app', () => {
    const c = clock();
    const offer = new UpdateOffer('0.2.0', c.now);
    expect(offer.decide()).toBe('none');
    offer.downloaded('0.2.0');
    expect(offer.decide()).toBe('none');
    offer.downloaded('0.1.9');
    expect(offer.decide()).toBe('none');
    offer.downloaded('0.10.0');
    expect(offer.offered).toBe('0.10.0');
    expect(offer.decide()).toBe('prompt');
  });

  it('never mid-service: waits until no window has called the hub for the quiet time', () => {
    const c = clock();
    const offer = new UpdateOffer('0.1.0', c.now);
    offer.downloaded('0.2.0');
    offer.activity();
    expect(offer.decide()).toBe('wait');
    c.pass(QUIET_MS - 1);
    expect(offer.decide()).toBe('wait');
    offer.activity();
    c.pass(QUIET_MS - 1);
    expect(offer.decide()).toBe('wait');
    c.pass(1);
    expect(offer.decide()).toBe('prompt');
  });

  it('declined, the same version is not offered again — until the hub refuses this PC, when it is offered at once, busy or not', () => {
    const c = clock();
    const offer = new UpdateOffer('0.1.0', c.now);
    offer.downloaded('0.2.0');
    offer.decline();
    expect(offer.decide()).toBe('none');
    offer.downloaded('0.3.0');
    expect(offer.decide()).toBe('prompt');
    offer.decline();
    offer.activity();
    offer.refused();
    expect(offer.decide()).toBe('prompt');
  });
});

describe('the feed on the office hub, as electron-updater reaches it', () => {
  let hub: LanHub;
  let other: LanHub;
  let settings: WorkstationSettings;
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-updates-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    hub = await startLanHub({ updates: { dir: path.join(temp(), 'updates') } });
    other = await startLanHub();
    const { code } = await hub.issueCode('counter');
    settings = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ دوم', dataDir: temp() });
  });
  afterAll(async () => {
    await hub.close();
    await other.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string>, tls = pinnedTls(settings.hub)) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = request(url, { ...tls, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('is the hub’s updates folder at the address it paired with', () => {
    expect(feedUrlOf(settings.hub)).toBe(`https://127.0.0.1:${hub.port}/api/updates/`);
    expect(deviceAuthorization(settings.hub)).toMatch(/^Device \d+:[A-Za-z0-9_-]{43}$/);
  });

  it('each window reports this app’s version at connect; the manager sees it, behind the offered one', async () => {
    const link = openWindowLink({ hub: settings.hub, appVersion: '0.1.5' });
    try {
      await new Promise<void>((resolve) => {
        if (link.state().status === 'open') return resolve();
        const off = link.onState((s) => s.status === 'open' && (off(), resolve()));
      });
      await expect.poll(async () => (await hub.ok('updates.status', {}, hub.managerSession)).workstations.find((w) => w.deviceId === settings.hub.deviceId)?.appVersion).toBe('0.1.5');
    } finally {
      link.close();
    }
  });

  it('serves the feed and the installer over the office’s HTTPS to this PC’s credential', async () => {
    const release = releaseFolder(temp(), { version: '0.2.0' });
    await hub.ok('updates.import', { folder: release.dir }, hub.managerSession);
    const auth = { authorization: deviceAuthorization(settings.hub) };
    const feed = await get(`${feedUrlOf(settings.hub)}latest.yml`, auth);
    expect(feed.status).toBe(200);
    expect(feed.body.toString()).toContain(`path: ${release.installer}`);
    const installer = await get(`${feedUrlOf(settings.hub)}${release.installer}`, auth);
    expect(installer.body).toEqual(release.bytes);
    expect((await get(`${feedUrlOf(settings.hub)}latest.yml`, {})).status).toBe(403);
  });

  it('trusts the hub’s certificate through the pinned authority only', async () => {
    const chain = (port: number) =>
      new Promise<{ leaf: string; issuer: string | undefined }>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
          const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate;
          const pem = (raw: Buffer) => `-----BEGIN CERTIFICATE-----\n${raw.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
          resolve({ leaf: pem(peer.raw), issuer: peer.issuerCertificate?.raw ? pem(peer.issuerCertificate.raw) : undefined });
          socket.end();
        });
        socket.on('error', reject);
      });
    const ours = await chain(hub.port);
    const theirs = await chain(other.port);
    expect(pinnedCertificate(ours.leaf, ours.issuer, settings.hub.fingerprint)).toBe(true);
    // another office's hub (or a machine in the middle): its own authority
    expect(pinnedCertificate(theirs.leaf, theirs.issuer, settings.hub.fingerprint)).toBe(false);
    // our authority named, but a leaf it did not sign
    expect(pinnedCertificate(theirs.leaf, ours.issuer, settings.hub.fingerprint)).toBe(false);
    expect(pinnedCertificate(ours.leaf, null, settings.hub.fingerprint)).toBe(false);
    // and Node's own pinned TLS refuses the other hub outright
    await expect(get(`https://127.0.0.1:${other.port}/api/updates/latest.yml`, {})).rejects.toThrow(/pinned office authority|self.signed|certificate/);
  });
});
