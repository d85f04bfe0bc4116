import dnsPacket, { type Answer } from 'dns-packet';
import makeMdns from 'multicast-dns';
import { afterEach, describe, expect, it } from 'vitest';
import { patternPage } from '../../test/support/capturePages';
import { devicesFromRecords, discoverEsclScanners, manualScannerAddress } from './discovery';
import { EsclDriver } from './escl';
import { startEsclSimulator, type EsclSimulator } from '../../test/support/esclSimulator';

// mDNS stays on loopback: multicast-dns bound to a private port with 127.0.0.1 as the multicast
// interface (works in this container: lo carries the multicast group).
const port = 40_000 + Math.floor(Math.random() * 20_000);
const onLoopback: makeMdns.Options = { port, interface: '127.0.0.1', bind: '0.0.0.0', loopback: true };

let sim: EsclSimulator | null = null;
let responder: ReturnType<typeof makeMdns> | null = null;
afterEach(async () => {
  responder?.destroy();
  responder = null;
  await sim?.close();
  sim = null;
});

function instanceRecords(instance: string, service: string, target: string, srvPort: number, txt: string[]): Answer[] {
  return [
    { name: instance, type: 'SRV', data: { target, port: srvPort, priority: 0, weight: 0 } },
    { name: instance, type: 'TXT', data: txt.map((t) => Buffer.from(t)) },
    { name: target, type: 'A', data: '127.0.0.1' },
  ];
}

describe('discoverEsclScanners on loopback mDNS', () => {
  it('finds a simulated scanner (PTR + SRV + TXT + A) and a second one that needs a follow-up query, and the first one scans', async () => {
    sim = await startEsclSimulator({ pages: [await patternPage(100, 140)], maxWidth: 600, maxHeight: 840 });
    const simPort = sim.port;
    responder = makeMdns(onLoopback);
    responder.on('query', (query) => {
      for (const q of query.questions) {
        if (q.type === 'PTR' && q.name === '_uscan._tcp.local') {
          responder?.respond({
            answers: [
              { name: '_uscan._tcp.local', type: 'PTR', data: 'Office MFP._uscan._tcp.local' },
              { name: '_uscan._tcp.local', type: 'PTR', data: 'Lazy._uscan._tcp.local' },
            ],
            additionals: instanceRecords('Office MFP._uscan._tcp.local', '_uscan', 'mfp.local', simPort, ['txtvers=1', 'rs=eSCL', 'ty=HP LaserJet MFP M428']),
          });
        }
        if (q.type === 'SRV' && q.name === 'Lazy._uscan._tcp.local') {
          responder?.respond({ answers: instanceRecords('Lazy._uscan._tcp.local', '_uscan', 'lazy.local', 8080, ['rs=/escl/', 'ty=Canon Lazy']) });
        }
      }
    });
    const devices = await discoverEsclScanners({ timeoutMs: 600, mdns: onLoopback });
    expect(devices).toEqual([
      { driver: 'escl', id: `http://127.0.0.1:${simPort}/eSCL`, label: 'HP LaserJet MFP M428' },
      { driver: 'escl', id: 'http://127.0.0.1:8080/escl', label: 'Canon Lazy' },
    ]);
    const caps = await new EsclDriver().capabilities(devices[0]!.id);
    expect(caps.sources).toEqual(['flatbed', 'adf']);
  });

  it('returns an empty list when nobody answers, and stops early on abort', async () => {
    const started = Date.now();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await discoverEsclScanners({ timeoutMs: 5_000, mdns: onLoopback, signal: controller.signal })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('devicesFromRecords', () => {
  it('reads records from an encoded and decoded DNS packet: _uscans too, label from the instance without ty, http preferred for one device', () => {
    const packet = dnsPacket.decode(
      dnsPacket.encode({
        type: 'response',
        answers: [
          { name: '_uscans._tcp.local', type: 'PTR', data: 'Brother._uscans._tcp.local' },
          { name: '_uscans._tcp.local', type: 'PTR', data: 'Kyocera._uscans._tcp.local' },
          { name: '_uscan._tcp.local', type: 'PTR', data: 'Brother._uscan._tcp.local' },
        ],
        additionals: [
          ...instanceRecords('Brother._uscans._tcp.local', '_uscans', 'brother.local', 443, ['ty=Brother MFC', 'rs=eSCL']),
          ...instanceRecords('Brother._uscan._tcp.local', '_uscan', 'brother.local', 80, ['ty=Brother MFC']),
          { name: 'Kyocera._uscans._tcp.local', type: 'SRV', data: { target: 'kyo.local', port: 9096 } },
        ],
      }),
    );
    expect(devicesFromRecords([...(packet.answers ?? []), ...(packet.additionals ?? [])])).toEqual([
      { driver: 'escl', id: 'http://127.0.0.1:80/eSCL', label: 'Brother MFC' },
      { driver: 'escl', id: 'https://kyo.local:9096/eSCL', label: 'Kyocera' },
    ]);
  });
});

describe('manualScannerAddress', () => {
  it('normalises host, host:port and URLs into an eSCL root', () => {
    expect(manualScannerAddress('192.168.1.20')).toBe('http://192.168.1.20/eSCL');
    expect(manualScannerAddress(' 192.168.1.20:8080 ')).toBe('http://192.168.1.20:8080/eSCL');
    expect(manualScannerAddress('http://scanner.lan/')).toBe('http://scanner.lan/eSCL');
    expect(manualScannerAddress('https://10.0.0.9:443/eSCL/')).toBe('https://10.0.0.9/eSCL');
    expect(manualScannerAddress('http://10.0.0.9/escl')).toBe('http://10.0.0.9/escl');
    expect(manualScannerAddress('[fe80::1]:8080')).toBe('http://[fe80::1]:8080/eSCL');
  });

  it('refuses other schemes, credentials and junk', () => {
    for (const bad of ['file:///etc/passwd', 'ftp://x/', 'http://user:pw@x/', '', 'a b', 'javascript://x', 'http://']) {
      expect(() => manualScannerAddress(bad), bad).toThrow(/DEVICE_NOT_FOUND/);
    }
  });
});
