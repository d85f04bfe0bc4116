import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { officeTls } from '../lan/officeCertificate';
import { canonicalHost, certificateNames, hostNames } from './hostNames';

describe('the names the web server answers to', () => {
  it('loopback always, with the server’s port (the scheme’s default when none is given)', () => {
    const names = hostNames({ host: '127.0.0.1', interfaceAddresses: () => [] });
    for (const host of ['127.0.0.1:4780', 'localhost:4780', 'LocalHost:4780', '127.9.9.9:4780', '[::1]:4780', '[0:0:0:0:0:0:0:1]:4780']) {
      expect(names.allows(host, 4780, false), host).toBe(true);
    }
    expect(names.allows('localhost', 80, false)).toBe(true);
    expect(names.allows('localhost', 443, true)).toBe(true);
    expect(names.allows('localhost', 443, false)).toBe(false);
    expect(names.allows('localhost:4781', 4780, false)).toBe(false);
    expect(names.allows(undefined, 4780, false)).toBe(false);
    expect(names.allows('', 4780, false)).toBe(false);
  });

  it('no other name: rebinding, look-alikes and malformed headers are refused', () => {
    const names = hostNames({ host: '127.0.0.1', interfaceAddresses: () => ['192.168.1.10'] });
    for (const host of ['evil.example:4780', 'localhost.evil.example:4780', 'localhost.:4780', '127.0.0.1.evil.example:4780', 'localhost:4780@evil.example', 'localhost:4780/x', ' localhost:4780', 'localhost:4780:1', '192.168.1.10:4780']) {
      expect(names.allows(host, 4780, false), host).toBe(false);
    }
  });

  it('the address it listens on; all of this PC’s addresses, as they are now, when it listens on every interface', () => {
    expect(hostNames({ host: '192.168.1.10', interfaceAddresses: () => [] }).allows('192.168.1.10:4780', 4780, true)).toBe(true);
    let addresses = ['127.0.0.1', '192.168.1.10', 'fe80::1%eth0', 'fd00::2'];
    const all = hostNames({ host: '0.0.0.0', interfaceAddresses: () => addresses });
    expect(all.allows('192.168.1.10:4780', 4780, true)).toBe(true);
    expect(all.allows('[fd00::2]:4780', 4780, true)).toBe(true);
    expect(all.allows('[fe80::1]:4780', 4780, true)).toBe(true);
    expect(all.allows('192.168.1.11:4780', 4780, true)).toBe(false);
    addresses = ['192.168.1.11'];
    expect(all.allows('192.168.1.10:4780', 4780, true)).toBe(true); // read again at most every 10 s
  });

  it('the names and addresses of the office certificate', async () => {
    const db = openDatabase(':memory:');
    const tls = await officeTls(db, new Date(), { dns: ['localhost', 'hub-pc', 'hub-pc.local'], ips: ['127.0.0.1', '::1', '192.168.1.10'] });
    db.close();
    expect(certificateNames(tls.certPem).sort()).toEqual(['127.0.0.1', '192.168.1.10', '[::1]', 'hub-pc', 'hub-pc.local', 'localhost']);
    const names = hostNames({ host: '0.0.0.0', certPem: tls.certPem, interfaceAddresses: () => [] });
    expect(names.allows('hub-pc.local:4780', 4780, true)).toBe(true);
    expect(names.allows('HUB-PC:4780', 4780, true)).toBe(true);
    expect(names.allows('192.168.1.10:4780', 4780, true)).toBe(true);
    expect(names.allows('other-pc.local:4780', 4780, true)).toBe(false);
  });

  it('compares hosts as the URL standard writes them', () => {
    expect(canonicalHost('::1')).toBe('[::1]');
    expect(canonicalHost('0:0:0:0:0:0:0:1')).toBe('[::1]');
    expect(canonicalHost('127.1')).toBe('127.0.0.1');
    expect(canonicalHost('Hub-PC.Local')).toBe('hub-pc.local');
    expect(canonicalHost('a b')).toBeNull();
  });
});
