import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import type { Database } from '../../db/sqlite';
import { spkiFingerprint } from '../../native/lan/pairingCode';
import { officeAuthority, officeTls } from './officeCertificate';

const now = new Date('2026-11-29T08:00:00.000Z');
const names = { dns: ['hub-pc', 'hub-pc.local', 'localhost'], ips: ['127.0.0.1', '192.168.1.10', '::1'] };
let db: Database;
afterEach(() => db?.close());

function chainOf(certPem: string): X509Certificate[] {
  return certPem.split(/(?<=-----END CERTIFICATE-----\n)/).filter(Boolean).map((p) => new X509Certificate(p));
}

describe('the office LAN certificate', () => {
  it('is an authority of its own and a server certificate it issued, for every name of this PC', async () => {
    db = openDatabase(':memory:');
    const tls = await officeTls(db, now, names);
    const [leaf, ca] = chainOf(tls.certPem);
    expect(ca!.ca).toBe(true);
    expect(leaf!.ca).toBe(false);
    expect(leaf!.verify(ca!.publicKey)).toBe(true);
    expect(leaf!.checkIssued(ca!)).toBe(true);
    expect(leaf!.checkHost('hub-pc.local')).toBe('hub-pc.local');
    expect(leaf!.checkIP('192.168.1.10')).toBe('192.168.1.10');
    expect(leaf!.checkHost('example.com')).toBeUndefined();
    expect(tls.authority.fingerprint).toBe(spkiFingerprint(ca!));
    expect(new Date(leaf!.validTo).getTime() - now.getTime()).toBeLessThanOrEqual(398 * 86_400_000);
    expect(new Date(ca!.validTo).getTime() - now.getTime()).toBeGreaterThan(19 * 365 * 86_400_000);
  });

  it('passes OpenSSL’s own chain check as a TLS server certificate', async () => {
    db = openDatabase(':memory:');
    const tls = await officeTls(db, now, names);
    const dir = mkdtempSync(path.join(tmpdir(), 'office-cert-'));
    const [leaf] = tls.certPem.split(/(?<=-----END CERTIFICATE-----\n)/);
    writeFileSync(path.join(dir, 'ca.pem'), tls.authority.pem);
    writeFileSync(path.join(dir, 'leaf.pem'), leaf!);
    const out = execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-attime', String(Math.floor(now.getTime() / 1000) + 3600), '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'leaf.pem')], { encoding: 'utf8' });
    expect(out).toMatch(/leaf\.pem: OK/);
  });

  it('keeps the authority for good and re-issues the server certificate only when needed', async () => {
    db = openDatabase(':memory:');
    const first = await officeTls(db, now, names);
    const again = await officeTls(db, new Date(now.getTime() + 86_400_000), names);
    expect(again.certPem).toBe(first.certPem);
    // a new address from DHCP: a new server certificate from the same authority
    const moved = await officeTls(db, now, { ...names, ips: [...names.ips, '10.0.0.7'] });
    expect(moved.certPem).not.toBe(first.certPem);
    expect(moved.authority.fingerprint).toBe(first.authority.fingerprint);
    expect(chainOf(moved.certPem)[0]!.checkIP('10.0.0.7')).toBe('10.0.0.7');
    // near its end: renewed
    const late = new Date(now.getTime() + 380 * 86_400_000);
    const renewed = await officeTls(db, late, { ...names, ips: [...names.ips, '10.0.0.7'] });
    expect(renewed.certPem).not.toBe(moved.certPem);
    expect(renewed.authority.fingerprint).toBe(first.authority.fingerprint);
  });

  it('makes one authority when asked twice at once', async () => {
    db = openDatabase(':memory:');
    const [a, b] = await Promise.all([officeAuthority(db, now), officeTls(db, now, names)]);
    expect(b.authority.fingerprint).toBe(a.fingerprint);
  });
});
