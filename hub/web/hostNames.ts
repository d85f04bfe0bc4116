/**
 * The names the hub's web server answers to (docs/SECURITY.md § Transport limits). A browser sends
 * the name it used in `Host`; a page of another site whose name was rebound to this PC's address
 * (DNS rebinding) sends *its* name, and its own origin in `Origin` — same-origin as far as the
 * browser knows. So every request and every WebSocket upgrade must name the hub itself: this PC on
 * loopback, the address it was told to serve on, its interfaces' addresses when it serves them
 * all, and the names and addresses of its office certificate — with the server's port.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface HostNamesOptions {
  /** the address the server listens on (`--host`) */
  host: string;
  /** the server certificate (PEM; the first one of a chain): its subjectAltName names are the hub's */
  certPem?: string | undefined;
  /** this PC's interface addresses, for a server bound to every interface (tests pass their own) */
  interfaceAddresses?: (() => string[]) | undefined;
}

export interface HostNames {
  /** Does this `Host` header name the hub, on this port (`secure`: the default port is 443, else 80)? */
  allows(host: string | undefined, port: number, secure: boolean): boolean;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);
/** host[:port], nothing else: a name, an IPv4 address or a bracketed IPv6 one */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;
const INTERFACES_FRESH_MS = 10_000;

/** A host as the URL standard serialises it (lower case; IPv4 dotted; IPv6 compressed in brackets), or null. */
export function canonicalHost(name: string): string | null {
  const literal = isIP(name) === 6 ? `[${name}]` : name;
  try {
    const url = new URL(`http://${literal}/`);
    return url.hostname || null;
  } catch {
    return null;
  }
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The DNS names and IP addresses in a certificate's subjectAltName. */
export function certificateNames(certPem: string): string[] {
  const san = new X509Certificate(certPem).subjectAltName ?? '';
  const names: string[] = [];
  for (const part of san.split(/,\s*/)) {
    const m = /^(DNS|IP Address):(.+)$/.exec(part.trim());
    if (!m) continue;
    const host = canonicalHost(m[2]!);
    if (host) names.push(host);
  }
  return names;
}

function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
}

export function hostNames(options: HostNamesOptions): HostNames {
  const fixed = new Set<string>();
  const add = (name: string) => {
    const host = canonicalHost(name);
    if (host) fixed.add(host);
  };
  const wildcard = WILDCARD.has(options.host);
  if (!wildcard) add(options.host);
  if (options.certPem) for (const name of certificateNames(options.certPem)) fixed.add(name);

  // bound to every interface: whatever addresses this PC has now (DHCP may change them while it runs)
  const interfaces = options.interfaceAddresses ?? machineAddresses;
  let live = new Set<string>();
  let liveAt = -Infinity;
  const liveAddresses = () => {
    if (performance.now() - liveAt > INTERFACES_FRESH_MS) {
      live = new Set(interfaces().flatMap((a) => canonicalHost(a.replace(/%.*$/, '')) ?? [])); // no IPv6 zone in a Host
      liveAt = performance.now();
    }
    return live;
  };

  return {
    allows(header, port, secure) {
      if (!header) return false;
      const m = HOST_HEADER.exec(header);
      if (!m) return false;
      const given = m[2] === undefined ? (secure ? 443 : 80) : Number(m[2]);
      if (given !== port) return false;
      const host = canonicalHost(m[1]!);
      if (!host) return false;
      return isLoopbackName(host) || fixed.has(host) || (wildcard && liveAddresses().has(host));
    },
  };
}
