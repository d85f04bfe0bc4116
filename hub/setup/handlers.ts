import { passwordProblem } from '../../core/auth/passwordPolicy';
import { DomainError } from '../../core/errors';
import { CONTRACT_VERSION } from '../../core/api/version';
import { getOffice, insertOffice } from '../../db/office';
import { insertDevice } from '../../db/devices';
import { insertStaff } from '../../db/staff';
import { record } from '../audit/auditLog';
import { hashPassword } from '../auth/passwords';
import { hashToken, newSessionToken } from '../auth/tokens';
import type { CallContext } from '../services';
import type { HandlerGroup } from '../handlers/types';

/** The name the browser that set the office up gets as a paired device (the manager may revoke it like any other). */
const SETUP_DEVICE_NAME = 'رایانهٔ راه‌اندازی دفتر';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A LAN connection that has not proved to be a paired device (with --require-pairing, loopback too). */
const untrusted = (ctx: CallContext): boolean => ctx.lan !== undefined && ctx.lan.deviceId === null;

export const setupHandlers: HandlerGroup<'setup'> = (hub) => ({
  'setup.status': (_input, ctx) => {
    const setUp = getOffice(hub.db) !== undefined;
    return {
      setUp,
      connection: !ctx.lan ? ('local' as const) : ctx.lan.deviceId === null ? ('unpaired' as const) : ('paired' as const),
      setupCode: !setUp && untrusted(ctx) && hub.setupCode !== undefined,
    };
  },

  'setup.createOffice': async ({ office, manager, setupCode }, ctx) => {
    const started = Date.now();
    if (getOffice(hub.db)) throw new DomainError('ALREADY_SET_UP', 'the office is already set up');
    // A connection that is not trusted as the hub's own PC sets up only with the code on the hub's
    // console (docs/SECURITY.md § First-run setup); without such a code (no --require-pairing) it must pair first.
    const pairing = untrusted(ctx);
    if (pairing) {
      if (!hub.setupCode) throw new DomainError('DEVICE_NOT_PAIRED', 'setup.createOffice refused: this device is not paired');
      if (setupCode === undefined || !hub.setupCode.check(setupCode)) {
        await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
        throw new DomainError('INVALID_SETUP_CODE', 'missing or wrong setup code', { fields: [{ path: 'setupCode', reason: setupCode === undefined ? 'required' : 'invalid_setup_code' }] });
      }
    }
    // the same policy as every other password (staff.create, resetPassword, changePassword)
    const problem = passwordProblem(manager.password, { username: manager.username });
    if (problem) throw new DomainError('WEAK_PASSWORD', 'password breaks the policy', { fields: [{ path: 'manager.password', reason: problem }] });
    // Hash outside the transaction: argon2 takes tens of ms and must not hold the write lock.
    const passwordHash = await hashPassword(manager.password);
    const at = hub.now();
    const now = at.toISOString();
    const credential = pairing ? newSessionToken() : null;
    const deviceId = hub.db
      .transaction(() => {
        // Checked again inside the lock: two first-run screens racing create one office.
        if (getOffice(hub.db)) throw new DomainError('ALREADY_SET_UP', 'the office is already set up');
        insertOffice(hub.db, office, now);
        const managerId = insertStaff(hub.db, { username: manager.username, displayName: manager.displayName, role: 'manager', passwordHash }, now);
        if (credential === null) return null;
        // the browser that set the office up is its first paired device: a counter, where the manager logs in
        const from = ctx.remoteAddress ?? null;
        const id = insertDevice(hub.db, { kind: 'counter', name: SETUP_DEVICE_NAME, credentialHash: hashToken(credential), at: now, by: managerId, from });
        record(hub.db, at, { actor: `device:${id}`, action: 'devicePaired', subject: `device:${id}`, detail: { kind: 'counter', name: SETUP_DEVICE_NAME, from, issuedBy: `staff:${managerId}`, via: 'setup' } });
        return id;
      })
      .immediate();
    hub.setupCode = undefined; // one setup only
    hub.log.info('office set up', { officeCode: office.code });
    if (deviceId === null || credential === null) return { officeCode: office.code, managerUsername: manager.username };
    if (ctx.lan) Object.assign(ctx.lan, { deviceId, kind: 'counter' });
    hub.events.emit('device.changed', { revoked: [] });
    return { officeCode: office.code, managerUsername: manager.username, device: { deviceId, credential, kind: 'counter' as const, name: SETUP_DEVICE_NAME } };
  },
});
