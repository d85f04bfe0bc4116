import { listStaff } from '../../db/staff';
import type { HandlerGroup } from '.';

export const staffHandlers: HandlerGroup<'staff.list'> = (hub) => ({
  'staff.list': () => ({
    staff: listStaff(hub.db).map(({ id, username, displayName, role, active, createdAt }) => ({
      id,
      username,
      displayName,
      role,
      active,
      createdAt,
    })),
  }),
});
