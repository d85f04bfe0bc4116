import { passwordProblem } from '../../core/auth/passwordPolicy';
import { DomainError } from '../../core/errors';
import { getOffice, insertOffice } from '../../db/office';
import { insertStaff } from '../../db/staff';
import { hashPassword } from '../auth/passwords';
import type { HandlerGroup } from '.';

export const setupHandlers: HandlerGroup<'setup.status' | 'setup.createOffice' | 'health'> = (hub) => ({
  health: () => ({
    status: 'ok',
    version: hub.version,
    startedAt: hub.startedAt.toISOString(),
    now: hub.now().toISOString(),
    setUp: getOffice(hub.db) !== undefined,
  }),

  'setup.status': (_input, ctx) => ({
    setUp: getOffice(hub.db) !== undefined,
    connection: !ctx.lan ? ('local' as const) : ctx.lan.deviceId === null ? ('unpaired' as const) : ('paired' as const),
  }),

  'setup.createOffice': async ({ office, manager }) => {
    if (getOffice(hub.db)) throw new DomainError('ALREADY_SET_UP', 'the office is already set up');
    // the same policy as every other password (staff.create, resetPassword, changePassword)
    const problem = passwordProblem(manager.password, { username: manager.username });
    if (problem) throw new DomainError('WEAK_PASSWORD', 'password breaks the policy', { fields: [{ path: 'manager.password', reason: problem }] });
    // Hash outside the transaction: argon2 takes tens of ms and must not hold the write lock.
    const passwordHash = await hashPassword(manager.password);
    const now = hub.now().toISOString();
    hub.db
      .transaction(() => {
        // Checked again inside the lock: two first-run screens racing create one office.
        if (getOffice(hub.db)) throw new DomainError('ALREADY_SET_UP', 'the office is already set up');
        insertOffice(hub.db, office, now);
        insertStaff(hub.db, { username: manager.username, displayName: manager.displayName, role: 'manager', passwordHash }, now);
      })
      .immediate();
    hub.log.info('office set up', { officeCode: office.code });
    return { officeCode: office.code, managerUsername: manager.username };
  },
});
