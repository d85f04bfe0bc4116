import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedures, type ProcedureName } from '../../core/api/contract';
import type { ResultFrame } from '../../core/api/wire';
import { allRoles, deviceRoles, staffRoles, type Role } from '../../core/roles';
import { addClerk, setUpHub } from '../support/hub';
import { serveHub } from '../support/webServer';
import { wsClient, type WsClient } from '../support/wsClient';

// Every procedure of the contract against every caller: who may call it must get past the door
// (any answer but FORBIDDEN / UNAUTHENTICATED), everyone else must be turned away — the hub's
// answer, not the UI's. The expected matrix is the contract's `access` (docs/ACCESS.md shows it).

type Caller = Role | 'anonymous';
const callers: readonly Caller[] = ['anonymous', ...allRoles];

/** Called last, in this order: they lock, then end, the caller's session. */
const sessionEnders: readonly ProcedureName[] = ['auth.lock', 'auth.logout'];

let t: Awaited<ReturnType<typeof setUpHub>>;
const sessions = new Map<Caller, string | undefined>();

beforeAll(async () => {
  t = await setUpHub({ auth: { failureDelayMs: 0 } });
  sessions.set('anonymous', undefined);
  sessions.set('manager', t.managerSession);
  sessions.set('clerk', await addClerk(t, 'reza', 'clerk'));
  sessions.set('legalExpert', await addClerk(t, 'laleh', 'legalExpert'));
  for (const role of ['kiosk', 'board', 'applicant'] as const) sessions.set(role, (await t.ok('auth.deviceLogin', { role })).session);
});

let web: Awaited<ReturnType<typeof serveHub>>;
const open: WsClient[] = [];

afterAll(async () => {
  for (const c of open) c.close();
  await web?.close();
  t.close();
});

function expected(proc: ProcedureName, caller: Caller): 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED' {
  const access = procedures[proc].access;
  if (access === 'public') return 'allowed';
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  return (access as readonly Role[]).includes(caller) ? 'allowed' : 'FORBIDDEN';
}

const names = [...(Object.keys(procedures) as ProcedureName[]).filter((p) => !sessionEnders.includes(p)), ...sessionEnders];

describe('the access matrix', () => {
  it('covers every procedure and every caller', () => {
    expect(names.length).toBeGreaterThan(60);
    expect(callers).toHaveLength(7);
  });

  it.each(names)('%s: allowed callers get in, the rest are turned away', async (proc) => {
    const seen: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const caller of callers) {
      // `{}` is enough: the door is checked before the input, so a refused caller learns nothing about it
      const res = await t.call(proc, {} as never, sessions.get(caller));
      const code = res.ok ? 'ok' : res.error.code;
      seen[caller] = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? code : 'allowed';
      want[caller] = expected(proc, caller);
    }
    expect(seen).toEqual(want);
  });
});

// One connection (a browser tab's WebSocket, a window's IPC) carries one kind of caller for its whole
// life: staff, or one kind of screen. A connection that logged a clerk in cannot open the applicant's
// screen (and answer the owner's Sana consent for them), nor carry a screen's session minted
// elsewhere; a screen's connection cannot log staff in. docs/SECURITY.md § One kind of caller per connection.
describe('role claims on a shared connection', () => {
  const passwords: Record<(typeof staffRoles)[number], { username: string; password: string }> = {
    manager: { username: 'maryam', password: 'Sabz-Kuh-1403' },
    clerk: { username: 'reza', password: 'pw-reza-12345' },
    legalExpert: { username: 'laleh', password: 'pw-laleh-12345' },
  };
  const codeOf = (res: ResultFrame) => (res.ok ? 'ok' : res.error.code);
  const connect = async () => {
    web ??= await serveHub(t.hub);
    const c = await wsClient(web.url);
    open.push(c);
    return c;
  };
  const deviceLogin = (c: WsClient, role: (typeof deviceRoles)[number]) => c.call('auth.deviceLogin', role === 'applicant' ? { role, counterId: 1 } : { role });
  /** A live session of this role, opened elsewhere (the matrix above ended the ones it used). */
  const minted = async (role: Role): Promise<string> =>
    (deviceRoles as readonly Role[]).includes(role)
      ? (await t.ok('auth.deviceLogin', { role: role as (typeof deviceRoles)[number] })).session
      : (await t.ok('auth.login', passwords[role as (typeof staffRoles)[number]])).session;

  it.each(staffRoles)('a connection that logged in a %s cannot open a screen’s session, nor carry one', async (staff) => {
    const c = await connect();
    const own = (await c.ok('auth.login', passwords[staff])).session;
    c.setSession(own);
    for (const device of deviceRoles) {
      expect(codeOf(await deviceLogin(c, device))).toBe('CONNECTION_OTHER_ROLE');
      // a screen's token, from its own connection, is refused here for calls and for events alike
      c.setSession(await minted(device));
      expect(codeOf(await c.call('auth.whoami', {}))).toBe('CONNECTION_OTHER_ROLE');
    }
    // staff again is fine: a clerk logs out and the manager logs in at the same counter
    const other = staff === 'manager' ? passwords.clerk : passwords.manager;
    c.setSession(own);
    expect(codeOf(await c.call('auth.login', other))).toBe('ok');
  });

  it.each(deviceRoles)('a connection that opened a %s session cannot log staff in, nor become another screen', async (device) => {
    const c = await connect();
    const opened = await deviceLogin(c, device);
    if (!opened.ok) throw new Error(opened.error.code);
    const own = (opened.output as { session: string }).session;
    c.setSession(own);
    for (const staff of staffRoles) expect(codeOf(await c.call('auth.login', passwords[staff]))).toBe('CONNECTION_OTHER_ROLE');
    for (const otherDevice of deviceRoles.filter((d) => d !== device)) expect(codeOf(await deviceLogin(c, otherDevice))).toBe('CONNECTION_OTHER_ROLE');
    c.setSession(await minted('clerk'));
    expect(codeOf(await c.call('auth.whoami', {}))).toBe('CONNECTION_OTHER_ROLE');
    // the same screen again is fine (a fresh session after the last one expired)
    c.setSession(own);
    expect(codeOf(await deviceLogin(c, device))).toBe('ok');
  });

  it('a subscription on a connection of another kind is refused, and its own kind subscribes', async () => {
    const c = await connect();
    const own = (await c.ok('auth.login', passwords.clerk)).session;
    c.setSession(await minted('applicant'));
    expect(codeOf(await c.subscribe('request.changed'))).toBe('CONNECTION_OTHER_ROLE');
    c.setSession(own);
    expect(codeOf(await c.subscribe('queue.changed'))).toBe('ok');
  });

  it('a fresh connection takes whichever kind it is first asked for, and each refusal is audited once per connection', async () => {
    const fresh = await connect();
    expect(codeOf(await deviceLogin(fresh, 'applicant'))).toBe('ok');
    const manager = await minted('manager');
    const before = (await t.ok('audit.list', { action: 'connectionRefused', limit: 200 }, manager)).entries.length;
    const c = await connect();
    c.setSession((await c.ok('auth.login', passwords.clerk)).session);
    for (let i = 0; i < 3; i++) expect(codeOf(await deviceLogin(c, 'applicant'))).toBe('CONNECTION_OTHER_ROLE');
    expect(codeOf(await deviceLogin(c, 'kiosk'))).toBe('CONNECTION_OTHER_ROLE');
    const after = (await t.ok('audit.list', { action: 'connectionRefused', limit: 200 }, manager)).entries;
    expect(after.length - before).toBe(2);
    expect(after.slice(0, 2).map((e) => e.detail.asked).sort()).toEqual(['applicant', 'kiosk']);
  });
});
