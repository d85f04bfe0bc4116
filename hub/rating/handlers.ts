import { checkScreenCounter } from '../applicantScreen/applicantScreen';
import type { HandlerGroup } from '../handlers/types';
import { findAtKiosk, pendingAtScreen, rateAtKiosk, rateAtScreen, ratingSummary } from './ratings';

/**
 * Satisfaction (ماده ۱۸). The contract lets only an applicant screen or the kiosk answer (a staff
 * session is FORBIDDEN before a handler runs); an applicant screen answers for its own counter only.
 */
export const ratingHandlers: HandlerGroup<'rating'> = (hub) => ({
  'rating.pending': ({ counterId }, ctx) => {
    checkScreenCounter(hub, ctx, counterId);
    return { ticket: pendingAtScreen(hub.db, hub.now(), counterId) };
  },
  'rating.submitAtScreen': ({ counterId, ticketId, score, reason }, ctx) => {
    checkScreenCounter(hub, ctx, counterId);
    rateAtScreen(hub.db, hub.now(), counterId, ticketId, { score, reason });
    return { ok: true as const };
  },
  'rating.findAtKiosk': ({ prefix, number }) => findAtKiosk(hub.db, hub.now(), prefix, Number(number)),
  'rating.submitAtKiosk': ({ ticketId, score, reason }) => {
    rateAtKiosk(hub.db, hub.now(), ticketId, { score, reason });
    return { ok: true as const };
  },
  'rating.summary': ({ from, to }) => ratingSummary(hub.db, from, to),
});
