import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedures, type ProcedureName } from '../../core/api/contract';
import { allRoles, type Role } from '../../core/roles';
import { addClerk, setUpHub } from '../support/hub';

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

afterAll(() => t.close());

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
