import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';
import { closeCounter, closeOfficeDay, counterZ, officeDayStatus } from './dayClose';

/** The end of the office day (./dayClose.ts): each clerk's Z and counter close, the day's status and the manager's close of it. */
export const dayHandlers: HandlerGroup<'day'> = (hub) => ({
  'day.counterZ': (input, ctx) => counterZ(hub, input.counterId, staffOf(ctx).userId),
  'day.closeCounter': (input, ctx) => closeCounter(hub, input.counterId, staffOf(ctx)),
  'day.status': () => officeDayStatus(hub),
  'day.closeOffice': (_input, ctx) => {
    const closed = closeOfficeDay(hub, staffOf(ctx));
    // the day's generation of the backups, once this close has committed (hub/backup)
    hub.backup.afterDayClose();
    return closed;
  },
});
