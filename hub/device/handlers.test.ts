import { afterEach, describe, expect, it } from 'vitest';
import { events } from '../../core/api/contract';
import type { ResultFrame } from '../../core/api/wire';
import { pairingCheck } from '../../native/lan/pairingCode';
import type { TransportInfo } from '../rpc/dispatch';
import { addClerk, manager, setUpHub, testHub } from '../../test/support/hub';
import { newConnection } from '../auth/connection';
import { lanClient as sharedLanClient, pairedClient } from '../../test/support/lanClient';

type T = Awaited<ReturnType<typeof setUpHub>>;
let t: T;
afterEach(() => t?.close());

/** A connection from another PC of the LAN (test/support/lanClient.ts), on this test's hub. */
const lanClient = (address?: string) => sharedLanClient(t, address);

const codeOf = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);
/** A well-formed code with the right check digits whose secret is not the one issued. */
const wrongCode = (code: string, i: number) => String((Number(code.slice(0, 6)) + 1 + i) % 1_000_000).padStart(6, '0') + code.slice(6);
const toPersian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

const paired = (kind: 'counter' | 'kiosk' | 'board' | 'applicant', name = 'دستگاه', address?: string) => pairedClient(t, kind, name, address);

describe('an unpaired PC of the LAN', () => {
  it('is served nothing but pairing: no logins, no screens, no events', async () => {
    t = await setUpHub();
    const lan = lanClient();
    expect(codeOf(await lan.call('health', {}))).toBe('ok');
    expect(codeOf(await lan.call('auth.login', { username: manager.username, password: manager.password }))).toBe('DEVICE_NOT_PAIRED');
    expect(codeOf(await lan.call('auth.deviceLogin', { role: 'board' }))).toBe('DEVICE_NOT_PAIRED');
    expect(codeOf(await lan.call('queue.board', {}, t.managerSession))).toBe('DEVICE_NOT_PAIRED');
    // no event at all, not even the clock (docs/SECURITY.md: the pairing screen shows none)
    for (const event of Object.keys(events)) expect(codeOf(lan.subscribe(event)), event).toBe('DEVICE_NOT_PAIRED');
    expect(t.hub.services.events.listenerCount('clock')).toBe(0);
  });

  it('gets events once it has paired, on the same connection', async () => {
    t = await setUpHub();
    const { lan } = await paired('board');
    expect(codeOf(lan.subscribe('clock'))).toBe('ok');
  });

  it('cannot use a session opened on the hub’s own PC', async () => {
    t = await setUpHub();
    const { lan } = await paired('counter');
    expect(codeOf(await lan.call('auth.whoami', {}, t.managerSession))).toBe('UNAUTHENTICATED');
  });
});

describe('pairing', () => {
  it('exchanges a one-time code, typed in Persian digits with spaces, for a credential bound to the office certificate', async () => {
    t = await setUpHub();
    const issued = await t.ok('device.issueCode', { kind: 'board', name: 'تلویزیون سالن' }, t.managerSession);
    expect(issued.code).toMatch(/^\d{12}$/);
    expect(issued.code.slice(6)).toBe(pairingCheck(issued.code.slice(0, 6), issued.fingerprint));
    const lan = lanClient();
    const typed = `${toPersian(issued.code.slice(0, 4))} ${toPersian(issued.code.slice(4, 8))}-${toPersian(issued.code.slice(8))}`;
    const device = await lan.ok('auth.pair', { code: typed });
    expect(device).toMatchObject({ kind: 'board', name: 'تلویزیون سالن', fingerprint: issued.fingerprint });
    expect(device.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // the connection is the board now, and nothing more
    const { session } = await lan.ok('auth.deviceLogin', { role: 'board' });
    expect(codeOf(await lan.call('queue.board', {}, session))).toBe('ok');
    expect(codeOf(await lan.call('auth.deviceLogin', { role: 'kiosk' }))).toBe('DEVICE_KIND_MISMATCH');
    expect(codeOf(await lan.call('auth.login', { username: manager.username, password: manager.password }))).toBe('DEVICE_KIND_MISMATCH');
    // once only
    expect(codeOf(await lanClient().call('auth.pair', { code: issued.code }))).toBe('INVALID_PAIRING_CODE');
    const list = await t.ok('device.list', {}, t.managerSession);
    expect(list.codes).toEqual([]);
    expect(list.devices).toEqual([expect.objectContaining({ id: device.deviceId, kind: 'board', pairedBy: manager.displayName, pairedFrom: '192.168.1.20', revokedAt: null, openSessions: 1 })]);
    expect(JSON.stringify(list)).not.toContain(device.credential);
    const audit = await t.ok('audit.list', { limit: 50 }, t.managerSession);
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['pairingCodeIssued', 'devicePaired']));
    expect(JSON.stringify(audit)).not.toContain(issued.code.slice(0, 6) + issued.code.slice(6));
  });

  it('a counter takes staff logins, and its sessions work on that counter only', async () => {
    t = await setUpHub();
    await addClerk(t, 'reza');
    const { lan: counter, device } = await paired('counter', 'باجه ۲');
    const { lan: other } = await paired('counter', 'باجه ۳', '192.168.1.21');
    const { session } = await counter.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });
    expect(codeOf(await counter.call('auth.whoami', {}, session))).toBe('ok');
    // the token carried elsewhere is worth nothing: another counter, or the hub's own PC
    expect(codeOf(await other.call('auth.whoami', {}, session))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.call('auth.whoami', {}, session))).toBe('UNAUTHENTICATED');
    // the applicant screen beside the counter is the counter's too — in a window (a connection) of its own,
    // never on the connection the clerk logged in on
    expect(codeOf(await counter.call('auth.deviceLogin', { role: 'kiosk' }))).toBe('DEVICE_KIND_MISMATCH');
    expect(codeOf(await counter.call('auth.deviceLogin', { role: 'applicant', counterId: 1 }))).toBe('CONNECTION_OTHER_ROLE');
    const screen = lanClient();
    await screen.ok('auth.device', { deviceId: device.deviceId, credential: device.credential });
    expect(codeOf(await screen.call('auth.deviceLogin', { role: 'applicant', counterId: 1 }))).toBe('ok');
  });

  it('a new connection proves the device with its credential; a wrong one proves nothing', async () => {
    t = await setUpHub();
    const { device } = await paired('kiosk');
    const again = lanClient('192.168.1.33');
    expect(codeOf(await again.call('auth.device', { deviceId: device.deviceId, credential: 'A'.repeat(43) }))).toBe('DEVICE_NOT_PAIRED');
    expect(codeOf(await again.call('auth.deviceLogin', { role: 'kiosk' }))).toBe('DEVICE_NOT_PAIRED');
    expect(await again.ok('auth.device', { deviceId: device.deviceId, credential: device.credential })).toEqual({ deviceId: device.deviceId, kind: 'kiosk', name: 'دستگاه' });
    expect(codeOf(await again.call('auth.deviceLogin', { role: 'kiosk' }))).toBe('ok');
    const [row] = (await t.ok('device.list', {}, t.managerSession)).devices;
    expect(row).toMatchObject({ lastAddress: '192.168.1.33' });
  });

  it('a code lasts ten minutes and can be withdrawn', async () => {
    t = await setUpHub();
    const first = await t.ok('device.issueCode', { kind: 'board', name: 'الف' }, t.managerSession);
    const second = await t.ok('device.issueCode', { kind: 'board', name: 'ب' }, t.managerSession);
    await t.ok('device.withdrawCode', { id: second.id }, t.managerSession);
    expect(codeOf(await lanClient().call('auth.pair', { code: second.code }))).toBe('INVALID_PAIRING_CODE');
    t.advance(10 * 60_000 + 1);
    expect(codeOf(await lanClient().call('auth.pair', { code: first.code }))).toBe('INVALID_PAIRING_CODE');
  });

  it('a right secret with wrong check digits is refused', async () => {
    t = await setUpHub();
    const { code } = await t.ok('device.issueCode', { kind: 'board', name: 'الف' }, t.managerSession);
    const wrongCheck = code.slice(0, 6) + String((Number(code.slice(6)) + 1) % 1_000_000).padStart(6, '0');
    expect(codeOf(await lanClient().call('auth.pair', { code: wrongCheck }))).toBe('INVALID_PAIRING_CODE');
  });

  // finding: five wrong codes from ANY unpaired client voided the manager's code and stopped pairing for
  // everyone for ten minutes, again and again — a denial of service. Now the limit is per address.
  it('five wrong codes from one address stop pairing for that address only, each one in the audit trail; the manager’s code still pairs another PC', async () => {
    t = await setUpHub();
    const { code } = await t.ok('device.issueCode', { kind: 'kiosk', name: 'کیوسک' }, t.managerSession);
    const guesser = lanClient('192.168.1.66');
    for (let i = 0; i < 5; i++) expect(codeOf(await guesser.call('auth.pair', { code: wrongCode(code, i) }))).toBe('INVALID_PAIRING_CODE');
    // that address now rests: even the right code is refused from there, and nothing more is recorded
    expect(codeOf(await guesser.call('auth.pair', { code }))).toBe('INVALID_PAIRING_CODE');
    for (let i = 0; i < 20; i++) await guesser.call('auth.pair', { code: wrongCode(code, i) });
    const failed = (await t.ok('audit.list', { limit: 100 }, t.managerSession)).entries.filter((e) => e.action === 'devicePairingFailed');
    expect(failed).toHaveLength(5);
    expect(failed[0]!.detail).toMatchObject({ from: '192.168.1.66' });
    expect(failed[0]!.detail).not.toHaveProperty('codesVoided');
    expect((await t.ok('device.list', {}, t.managerSession)).codes).toHaveLength(1);
    // a restart forgets nothing: the wrong codes are counted from the audit trail
    const restarted = testHub({ db: t.db });
    const fromGuesser: TransportInfo = { kind: 'ws', remoteAddress: '::ffff:192.168.1.66', connection: newConnection(), lan: { deviceId: null, kind: null } };
    const afterRestart = await restarted.hub.call({ t: 'call', id: 1, proc: 'auth.pair', input: { code } }, fromGuesser);
    expect(afterRestart.ok ? 'ok' : afterRestart.error.code).toBe('INVALID_PAIRING_CODE');
    restarted.hub.close();
    // the PC the manager made the code for pairs with it as usual
    expect(codeOf(await lanClient('192.168.1.20').call('auth.pair', { code }))).toBe('ok');
    // after ten minutes the address may try again
    t.advance(10 * 60_000 + 1);
    const fresh = await t.ok('device.issueCode', { kind: 'board', name: 'تابلو' }, t.managerSession);
    expect(codeOf(await guesser.call('auth.pair', { code: fresh.code }))).toBe('ok');
  });

  it('fifty wrong codes in ten minutes from all addresses together void every open code and rest pairing for everyone, also after a restart', async () => {
    t = await setUpHub();
    const { code } = await t.ok('device.issueCode', { kind: 'kiosk', name: 'کیوسک' }, t.managerSession);
    for (let a = 0; a < 10; a++) {
      const guesser = lanClient(`10.0.0.${a + 1}`);
      for (let i = 0; i < 5; i++) expect(codeOf(await guesser.call('auth.pair', { code: wrongCode(code, a * 5 + i) }))).toBe('INVALID_PAIRING_CODE');
      if (a < 9) expect((await t.ok('device.list', {}, t.managerSession)).codes, `after ${(a + 1) * 5} wrong codes`).toHaveLength(1);
    }
    const failed = (await t.ok('audit.list', { limit: 100 }, t.managerSession)).entries.filter((e) => e.action === 'devicePairingFailed');
    expect(failed).toHaveLength(50);
    expect(failed[0]!.detail).toMatchObject({ from: '10.0.0.10', codesVoided: 1 });
    expect((await t.ok('device.list', {}, t.managerSession)).codes).toEqual([]);
    // the right code finds nothing, and a new one is refused too while pairing rests, from any address
    expect(codeOf(await lanClient('192.168.1.20').call('auth.pair', { code }))).toBe('INVALID_PAIRING_CODE');
    const during = await t.ok('device.issueCode', { kind: 'kiosk', name: 'کیوسک' }, t.managerSession);
    const restarted = testHub({ db: t.db });
    const elsewhere: TransportInfo = { kind: 'ws', remoteAddress: '192.168.1.21', connection: newConnection(), lan: { deviceId: null, kind: null } };
    const afterRestart = await restarted.hub.call({ t: 'call', id: 1, proc: 'auth.pair', input: { code: during.code } }, elsewhere);
    expect(afterRestart.ok ? 'ok' : afterRestart.error.code).toBe('INVALID_PAIRING_CODE');
    restarted.hub.close();
    t.advance(10 * 60_000 + 1);
    const fresh = await t.ok('device.issueCode', { kind: 'kiosk', name: 'کیوسک' }, t.managerSession);
    expect(codeOf(await lanClient('192.168.1.20').call('auth.pair', { code: fresh.code }))).toBe('ok');
  });
});

describe('revoking a device', () => {
  it('ends its sessions and refuses its next call at once; pairing again is the only way back', async () => {
    t = await setUpHub();
    await addClerk(t, 'reza');
    const { lan, device } = await paired('counter', 'باجه ۲');
    const { session } = await lan.ok('auth.login', { username: 'reza', password: 'pw-reza-12345' });
    const revokedEvents: number[][] = [];
    t.hub.services.events.on('device.changed', (p) => revokedEvents.push(p.revoked));
    expect(await t.ok('device.revoke', { deviceId: device.deviceId, reason: 'رایانه به تعمیرگاه رفت' }, t.managerSession)).toEqual({ ok: true, sessionsEnded: 1 });
    expect(revokedEvents).toContainEqual([device.deviceId]);
    expect(codeOf(await lan.call('auth.whoami', {}, session))).toBe('DEVICE_REVOKED');
    expect(codeOf(await lan.call('auth.deviceLogin', { role: 'applicant' }))).toBe('DEVICE_NOT_PAIRED');
    expect(codeOf(await lanClient().call('auth.device', { deviceId: device.deviceId, credential: device.credential }))).toBe('DEVICE_REVOKED');
    const [row] = (await t.ok('device.list', {}, t.managerSession)).devices;
    expect(row).toMatchObject({ revokedBy: manager.displayName, revokedReason: 'رایانه به تعمیرگاه رفت', openSessions: 0 });
    const audit = (await t.ok('audit.list', { limit: 50 }, t.managerSession)).entries.find((e) => e.action === 'deviceRevoked');
    expect(audit).toMatchObject({ subject: `device:${device.deviceId}`, reason: 'رایانه به تعمیرگاه رفت' });
    expect(codeOf(await t.call('device.revoke', { deviceId: 999, reason: 'نیست' }, t.managerSession))).toBe('UNKNOWN_DEVICE');
  });

  it('is the manager’s alone', async () => {
    t = await setUpHub();
    const clerk = await addClerk(t, 'reza');
    expect(codeOf(await t.call('device.issueCode', { kind: 'board', name: 'x' }, clerk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('device.revoke', { deviceId: 1, reason: 'بی‌دلیل' }, clerk))).toBe('FORBIDDEN');
  });
});
