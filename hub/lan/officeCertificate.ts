/**
 * The office's LAN certificate (docs/SECURITY.md § Devices on the LAN): a certificate authority of
 * the office's own (ECDSA P-256, 20 years) and the hub's server certificate issued by it (397 days,
 * the hub's names and addresses). Devices pin the authority's public key at pairing, so the server
 * certificate can be re-issued — a new address, a renewal — without pairing anything again; a
 * browser trusts the authority once it is installed on that machine.
 *
 * The private keys live in the encrypted database (`secret`), like every other key of the hub.
 */
import { webcrypto, X509Certificate } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { Database } from '../../db/sqlite';
import { saveSecret, secret } from '../../db/capture';
import { spkiFingerprint } from '../../native/lan/pairingCode';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const CA_DAYS = 20 * 365;
const LEAF_DAYS = 397;
/** a server certificate this close to its end is issued anew at start */
const RENEW_DAYS = 30;

export interface OfficeAuthority {
  pem: string;
  /** sha256 of its public key, hex */
  fingerprint: string;
  notAfter: string;
}

export interface OfficeTls {
  authority: OfficeAuthority;
  /** the server certificate followed by the authority's: the chain a TLS server sends */
  certPem: string;
  keyPem: string;
  /** the names and addresses the server certificate covers */
  names: { dns: string[]; ips: string[] };
}

type X509 = typeof import('@peculiar/x509');
let x509Module: Promise<X509> | undefined;
/** @peculiar/x509 needs the Reflect metadata API; loaded on first use only (most hubs never serve the LAN). */
function loadX509(): Promise<X509> {
  return (x509Module ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as never);
    return x509;
  })());
}

const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;

/** The names this PC answers to on the LAN: its host name and every address of its interfaces. */
export function lanNames(): { dns: string[]; ips: string[] } {
  const ips = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (!a.address.startsWith('fe80:')) ips.add(a.address);
  const host = hostname().toLowerCase();
  const dns = new Set<string>(['localhost']);
  if (/^[a-z0-9.-]{1,253}$/.test(host)) {
    dns.add(host);
    if (!host.includes('.')) dns.add(`${host}.local`);
  }
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

/** This PC's first LAN address (IPv4, not loopback), else 127.0.0.1: where it tells others it serves. */
export function firstLanAddress(): string {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

const pending = new WeakMap<Database, Promise<unknown>>();
/** One generation at a time per database: two first calls must not make two authorities. */
function serialized<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const before = pending.get(db) ?? Promise.resolve();
  const next = before.then(work, work);
  pending.set(db, next.catch(() => {}));
  return next;
}

async function authorityOf(db: Database, now: Date): Promise<{ cert: Buffer; key: Buffer }> {
  const cert = secret(db, 'lan.ca.cert');
  const key = secret(db, 'lan.ca.key');
  if (cert && key) return { cert, key };
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: ['Daftaryar office LAN authority'] }, { O: ['Daftaryar'] }],
    keys: keys as never,
    signingAlgorithm: ALG,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  const made = { cert: Buffer.from(ca.rawData), key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
  db.transaction(() => {
    saveSecret(db, 'lan.ca.key', made.key, now.toISOString());
    saveSecret(db, 'lan.ca.cert', made.cert, now.toISOString());
  }).immediate();
  return made;
}

function describe(cert: Buffer): OfficeAuthority {
  const x = new X509Certificate(cert);
  return { pem: x.toString(), fingerprint: spkiFingerprint(x), notAfter: new Date(x.validTo).toISOString() };
}

/** The office's certificate authority, made on first use. */
export function officeAuthority(db: Database, now: Date): Promise<OfficeAuthority> {
  return serialized(db, async () => describe((await authorityOf(db, now)).cert));
}

function covers(cert: X509Certificate, names: { dns: string[]; ips: string[] }): boolean {
  const san = cert.subjectAltName ?? '';
  return names.dns.every((d) => san.includes(`DNS:${d}`)) && names.ips.every((ip) => cert.checkIP(ip) !== undefined);
}

/**
 * The key and certificate chain for the hub's TLS server. The server certificate is issued anew
 * when it nears its end or no longer covers this PC's names (a new address from DHCP).
 */
export function officeTls(db: Database, now: Date, names = lanNames()): Promise<OfficeTls> {
  return serialized(db, async () => {
    const authority = await authorityOf(db, now);
    const leafCert = secret(db, 'lan.leaf.cert');
    const leafKey = secret(db, 'lan.leaf.key');
    const caX = new X509Certificate(authority.cert);
    if (leafCert && leafKey) {
      const x = new X509Certificate(leafCert);
      const fresh = new Date(x.validTo).getTime() - now.getTime() > RENEW_DAYS * DAY;
      if (fresh && covers(x, names) && x.verify(caX.publicKey)) return tlsOf(authority.cert, leafCert, leafKey, names);
    }
    const x509 = await loadX509();
    const caKey = await webcrypto.subtle.importKey('pkcs8', authority.key, ALG, false, ['sign']);
    const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
    const leaf = await x509.X509CertificateGenerator.create({
      subject: [{ CN: [names.dns.find((d) => d !== 'localhost') ?? 'localhost'] }, { O: ['Daftaryar'] }],
      issuer: new x509.X509Certificate(caX.toString()).subjectName,
      publicKey: keys.publicKey as never,
      signingKey: caKey as never,
      signingAlgorithm: ALG,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + LEAF_DAYS * DAY),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([...names.dns.map((value) => ({ type: 'dns' as const, value })), ...names.ips.map((value) => ({ type: 'ip' as const, value }))]),
        await x509.AuthorityKeyIdentifierExtension.create(caX.publicKey.export({ type: 'spki', format: 'der' }) as never),
      ],
    });
    const cert = Buffer.from(leaf.rawData);
    const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    db.transaction(() => {
      saveSecret(db, 'lan.leaf.key', key, now.toISOString());
      saveSecret(db, 'lan.leaf.cert', cert, now.toISOString());
    }).immediate();
    return tlsOf(authority.cert, cert, key, names);
  });
}

function tlsOf(caCert: Buffer, leafCert: Buffer, leafKey: Buffer, names: { dns: string[]; ips: string[] }): OfficeTls {
  return { authority: describe(caCert), certPem: pem('CERTIFICATE', leafCert) + pem('CERTIFICATE', caCert), keyPem: pem('PRIVATE KEY', leafKey), names };
}
