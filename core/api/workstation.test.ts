import { describe, expect, it } from 'vitest';
import { DEFAULT_HUB_PORT, hubSocketUrl, linkState, pairingCodeDigits, parseHubAddress } from './workstation';

describe('the hub address as typed', () => {
  it('takes a host or host:port, in any digit set, or a pasted https:// or wss:// address', () => {
    expect(parseHubAddress('192.168.1.10')).toEqual({ host: '192.168.1.10', port: DEFAULT_HUB_PORT });
    expect(parseHubAddress(' ۱۹۲.۱۶۸.۱.۱۰:۸۰۸۰ ')).toEqual({ host: '192.168.1.10', port: 8080 });
    expect(parseHubAddress('Office-Hub.local:4780')).toEqual({ host: 'office-hub.local', port: 4780 });
    expect(parseHubAddress('https://192.168.1.10:4780/')).toEqual({ host: '192.168.1.10', port: 4780 });
    expect(parseHubAddress('wss://192.168.1.10:4780/api/ws')).toEqual({ host: '192.168.1.10', port: 4780 });
    expect(hubSocketUrl({ host: '192.168.1.10', port: 4780 })).toBe('wss://192.168.1.10:4780/api/ws');
  });

  it('refuses what is not an address', () => {
    for (const bad of ['', 'not an address', '192.168.1.10:0', '192.168.1.10:70000', 'host:port', '-host', 'a b', 'user@host']) expect(parseHubAddress(bad)).toBeNull();
  });
});

describe('the pairing code as typed', () => {
  it('12 digits in any digit set, spaces and dashes ignored; anything else is null', () => {
    expect(pairingCodeDigits('۱۲۳۴ ۵۶۷۸ ۹۰۱۲')).toBe('123456789012');
    expect(pairingCodeDigits('1234-5678-9012')).toBe('123456789012');
    expect(pairingCodeDigits('12345678901')).toBeNull();
    expect(pairingCodeDigits('1234567890123')).toBeNull();
    expect(pairingCodeDigits('12345678901a')).toBeNull();
  });
});

describe('link state', () => {
  it('accepts the four shapes and nothing else', () => {
    expect(linkState.safeParse({ status: 'halted', reason: 'incompatible', hubVersion: null, ourVersion: 1 }).success).toBe(true);
    expect(linkState.safeParse({ status: 'halted', reason: 'revoked' }).success).toBe(true);
    expect(linkState.safeParse({ status: 'halted', reason: 'incompatible' }).success).toBe(false);
    expect(linkState.safeParse({ status: 'closed' }).success).toBe(false);
  });
});
