import { DomainError } from '../../core/errors';
import { listStaff } from '../../db/staff';
import type { CallContext } from '../services';
import type { HandlerGroup } from '../handlers/types';
import { createStaff, resetStaffPassword, setStaffActive, updateStaff } from './accounts';
import { view } from './view';

function callerId(ctx: CallContext): number {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'a person must do this');
  return ctx.principal.userId;
}

export const staffHandlers: HandlerGroup<'staff'> = (hub) => ({
  'staff.list': () => {
    const rows = listStaff(hub.db);
    const names = new Map(rows.map((r) => [r.id, r.displayName]));
    return { staff: rows.map((r) => view(r, names)) };
  },
  'staff.create': (input) => createStaff(hub, input),
  'staff.update': (input) => updateStaff(hub, input),
  'staff.setActive': (input, ctx) => setStaffActive(hub, input, callerId(ctx)),
  'staff.resetPassword': (input) => resetStaffPassword(hub, input),
});
