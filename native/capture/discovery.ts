/**
 * Finding eSCL scanners: mDNS/DNS-SD browse for `_uscan._tcp` (http) and `_uscans._tcp` (https), and
 * manual addresses typed by the office's technician.
 *
 * A device is: SRV target and port → host (the A/AAAA record when one came, since `.local` names do
 * not resolve without nss-mdns), TXT `rs` → the eSCL root path (default `eSCL`), TXT `ty` → label.
 */
import type { Answer } from 'dns-packet';
import makeMdns from 'multicast-dns';
import { ScannerError, type ScannerDevice } from './types';

export const ESCL_SERVICES = ['_uscan._tcp.local', '_uscans._tcp.local'] as const;

export interface DiscoverOptions {
  /** how long to listen for answers (default 3 s) */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** passed to multicast-dns: port, interface, ip, bind (tests use a private port on 127.0.0.1) */
  readonly mdns?: makeMdns.Options;
}

function txtMap(data: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const items = Array.isArray(data) ? data : [data];
  for (const item of items) {
    const text = Buffer.isBuffer(item) ? item.toString('utf8') : typeof item === 'string' ? item : '';
    const eq = text.indexOf('=');
    if (eq > 0) out.set(text.slice(0, eq).toLowerCase(), text.slice(eq + 1));
  }
  return out;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Devices from the DNS records gathered (answers and additionals of every response), pure. */
export function devicesFromRecords(records: readonly Answer[]): ScannerDevice[] {
  const lower = (s: string) => s.toLowerCase().replace(/\.$/, '');
  const devices: ScannerDevice[] = [];
  for (const service of ESCL_SERVICES) {
    const instances = new Set(records.filter((r) => r.type === 'PTR' && lower(r.name) === service).map((r) => (r.type === 'PTR' ? r.data : '')));
    for (const instance of instances) {
      const srv = records.find((r) => r.type === 'SRV' && lower(r.name) === lower(instance));
      if (srv?.type !== 'SRV') continue;
      const txtRecord = records.find((r) => r.type === 'TXT' && lower(r.name) === lower(instance));
      const txt = txtMap(txtRecord?.type === 'TXT' ? txtRecord.data : []);
      const target = lower(srv.data.target);
      const addressOf = (type: 'A' | 'AAAA') => {
        const r = records.find((x) => x.type === type && lower(x.name) === target);
        return r?.type === type ? r.data : undefined;
      };
      const address = addressOf('A') ?? addressOf('AAAA') ?? target;
      if (!srv.data.port) continue;
      const rs = (txt.get('rs') ?? 'eSCL').replace(/^\/+|\/+$/g, '');
      const scheme = service.startsWith('_uscans') ? 'https' : 'http';
      const id = `${scheme}://${hostForUrl(address)}:${srv.data.port}${rs ? `/${rs}` : ''}`;
      const label = txt.get('ty') ?? instance.slice(0, instance.length - service.length - 1);
      if (!devices.some((d) => d.id === id)) devices.push({ driver: 'escl', id, label });
    }
  }
  // the same scanner over http and https: keep the http one (the eSCL client speaks http)
  return devices.filter((d) => !(d.id.startsWith('https:') && devices.some((o) => o.label === d.label && o.id.startsWith('http:'))));
}

/** Browses for the time limit and returns what answered. Never throws for "none". */
export function discoverEsclScanners(options: DiscoverOptions = {}): Promise<ScannerDevice[]> {
  return new Promise((resolve, reject) => {
    const records: Answer[] = [];
    const asked = new Set<string>();
    let mdns: ReturnType<typeof makeMdns>;
    try {
      mdns = makeMdns(options.mdns);
    } catch (err) {
      reject(new ScannerError('DRIVER_MISSING', `mDNS unavailable: ${String(err)}`, { cause: err }));
      return;
    }
    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', finish);
      mdns.destroy();
      resolve(devicesFromRecords(records));
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 3_000);
    options.signal?.addEventListener('abort', finish, { once: true });
    mdns.on('error', () => undefined); // a send error on one interface must not stop the browse
    mdns.on('response', (packet) => {
      const got = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
      records.push(...got);
      // an instance answered without SRV/TXT: ask for them once
      for (const r of got) {
        if (r.type !== 'PTR' || asked.has(r.data)) continue;
        const hasSrv = records.some((x) => x.type === 'SRV' && x.name === r.data);
        if (hasSrv) continue;
        asked.add(r.data);
        mdns.query({ questions: [{ name: r.data, type: 'SRV' }, { name: r.data, type: 'TXT' }] });
      }
    });
    mdns.query({ questions: ESCL_SERVICES.map((name) => ({ name, type: 'PTR' as const })) });
  });
}

/**
 * A typed address → the eSCL root URL. `192.168.1.20`, `192.168.1.20:8080`, `http://scanner.lan`,
 * `http://192.168.1.20/eSCL/` all work; the path defaults to `/eSCL`. Anything but http(s) is refused.
 */
export function manualScannerAddress(input: string): string {
  const text = input.trim();
  if (!text || /[\s\0]/.test(text)) throw new ScannerError('DEVICE_NOT_FOUND', 'empty or malformed address');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ScannerError('DEVICE_NOT_FOUND', `not an address: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ScannerError('DEVICE_NOT_FOUND', `not http(s): ${url.protocol}`);
  if (url.username || url.password || !url.hostname) throw new ScannerError('DEVICE_NOT_FOUND', 'credentials or no host in the address');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path === '' ? '/eSCL' : path}`;
}
