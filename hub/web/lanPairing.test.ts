import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tlsConnect, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../db/open';
import { connectPinned, pairWithHub, PairingError, type PairedHub } from '../../native/lan/hubClient';
import { spkiFingerprint } from '../../native/lan/pairingCode';
import { setUpHub } from '../../test/support/hub';
import { officeTls } from '../lan/officeCertificate';
import { createWebServer, WS_PATH } from './server';

// The LAN for real: the hub's HTTPS server with the office certificate on loopback, told to treat
// loopback as another PC (requirePairing), a pinned client, and a machine in the middle with a
// certificate of its own that relays everything to the hub and keeps what it saw.

const names = { dns: ['localhost'], ips: ['127.0.0.1'] };
let t: Awaited<ReturnType<typeof setUpHub>>;
let server: FastifyInstance;
let rendererDir: string;
let hubUrl: string;
let mitm: TlsServer;
let mitmUrl: string;
const seenInTheMiddle: Buffer[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  t = await setUpHub();
  const tls = await officeTls(t.db, new Date(), names);
  server = await createWebServer({ hub: t.hub, rendererDir, host: '127.0.0.1', port: 0, tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem }, requirePairing: true });
  const hubPort = (server.server.address() as AddressInfo).port;
  hubUrl = `wss://127.0.0.1:${hubPort}${WS_PATH}`;

  // the machine in the middle: its own "office" certificate, everything relayed and recorded
  const other = openDatabase(':memory:');
  const fake = await officeTls(other, new Date(), names);
  other.close();
  // (one that ARP or DNS spoofing put in the way is reached at the hub's own address and port, so the
  // Host it relays names the hub: this one, on a port of its own, writes the hub's in)
  mitm = createTlsServer({ key: fake.keyPem, cert: fake.certPem }, (client) => {
    const upstream = tlsConnect({ host: '127.0.0.1', port: hubPort, rejectUnauthorized: false });
    client.on('data', (d: Buffer) => {
      seenInTheMiddle.push(d);
      upstream.write(Buffer.from(d.toString('latin1').replace(/^Host: 127\.0\.0\.1:\d+\r$/m, `Host: 127.0.0.1:${hubPort}\r`), 'latin1'));
    });
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => mitm.listen(0, '127.0.0.1', r));
  mitmUrl = `wss://127.0.0.1:${(mitm.address() as AddressInfo).port}${WS_PATH}`;
});

afterAll(async () => {
  mitm.close();
  await server.close();
  t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

const issue = (kind: 'counter' | 'board' = 'counter') => t.ok('device.issueCode', { kind, name: 'باجه ۲' }, t.managerSession);

describe('pairing over TLS with a pinned client', () => {
  it('refuses a machine in the middle before the code leaves the device', async () => {
    const { code } = await issue();
    const err = await pairWithHub({ url: mitmUrl, code }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PairingError);
    expect((err as PairingError).reason).toBe('certificate');
    const seen = Buffer.concat(seenInTheMiddle).toString('latin1');
    expect(seen).toContain('GET /api/ws'); // it did see the upgrade request…
    expect(seen).not.toContain(code.slice(0, 6)); // …and never the secret
    // the code is still good for the real hub
    const paired = await pairWithHub({ url: hubUrl, code });
    expect(paired.kind).toBe('counter');
  });

  it('pins the office authority: the hub is reached, the machine in the middle fails the handshake', async () => {
    const paired = await pairWithHub({ url: hubUrl, code: (await issue()).code });
    const conn = await connectPinned(paired);
    const login = await conn.call('auth.login', { username: 'maryam', password: 'Sabz-Kuh-1403' });
    expect(login.ok).toBe(true);
    conn.close();
    const viaMitm: PairedHub = { ...paired, url: mitmUrl };
    await expect(connectPinned(viaMitm)).rejects.toThrow(/certificate|self.signed|unable to verify|pinned/i);
  });

  it('closes a revoked device’s connection at once, and refuses it afterwards', async () => {
    const paired = await pairWithHub({ url: hubUrl, code: (await issue('board')).code });
    const conn = await connectPinned(paired);
    expect((await conn.call('auth.deviceLogin', { role: 'board' })).ok).toBe(true);
    await t.ok('device.revoke', { deviceId: paired.deviceId, reason: 'دستگاه گم شد' }, t.managerSession);
    expect(await conn.closed).toBe(4403);
    await expect(connectPinned(paired)).rejects.toMatchObject({ reason: 'refused', code: 'DEVICE_REVOKED' });
  });

  it('serves nothing but pairing to a browser that has not paired', async () => {
    const ws = new WebSocket(hubUrl, { rejectUnauthorized: false });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const answer = new Promise<{ ok: boolean; error?: { code: string } }>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ t: 'call', id: 1, proc: 'auth.login', input: { username: 'maryam', password: 'Sabz-Kuh-1403' } }));
    expect(await answer).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_PAIRED' } });
    ws.close();
  });

  it('sends no events to a browser that has not paired, not even the clock', async () => {
    const ws = new WebSocket(hubUrl, { rejectUnauthorized: false });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const frames: Array<{ t: string; id?: number; ok?: boolean; error?: { code: string } }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    ws.send(JSON.stringify({ t: 'sub', id: 7, event: 'clock' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(frames).toEqual([expect.objectContaining({ t: 'res', id: 7, ok: false, error: expect.objectContaining({ code: 'DEVICE_NOT_PAIRED' }) })]);
    ws.close();
  });

  it('hands out the office authority for browsers to install, the one devices pin', async () => {
    const res = await server.inject({ method: 'GET', url: '/office-ca.crt', headers: { host: new URL(hubUrl).host } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(spkiFingerprint(res.body)).toBe((await t.ok('device.list', {}, t.managerSession)).certificate.fingerprint);
  });

  it('offers TLS 1.2 at the least', async () => {
    const port = Number(new URL(hubUrl).port);
    const err = await new Promise<Error | null>((resolve) => {
      const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => resolve(null));
      s.on('error', resolve);
    });
    expect(err).not.toBeNull();
  });
});
