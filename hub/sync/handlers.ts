import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import { staffOf } from '../handlers/guards';

export const syncHandlers: HandlerGroup<'sync'> = (hub: HubServices) => {
  const sync = () => hub.sync;
  return {
    'sync.status': () => sync().status(),
    'sync.items': () => ({ items: sync().items() }),
    'sync.retryNow': async () => {
      await sync().retryNow();
      return sync().status();
    },
    'sync.resend': ({ submissionId }, ctx) => {
      sync().resend(submissionId, staffOf(ctx));
      return { items: sync().items() };
    },
    'sync.enroll': async ({ centralUrl, code }, ctx) => {
      await sync().enroll(centralUrl, code, staffOf(ctx));
      return sync().status();
    },
    'sync.confirmEnrollment': ({ token }, ctx) => {
      sync().confirmEnrollment(token, staffOf(ctx));
      return sync().status();
    },
    'sync.cancelEnrollment': ({ token }) => {
      sync().cancelEnrollment(token);
      return sync().status();
    },
    'sync.setAlarmMargin': ({ days }) => {
      sync().setMarginDays(days);
      return sync().status();
    },
    'sync.setRetention': ({ days }, ctx) => {
      sync().setRetentionDays(days, staffOf(ctx));
      return sync().status();
    },
  };
};
