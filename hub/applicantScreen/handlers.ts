import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import { listCounters } from '../../db/queue';
import type { HandlerGroup } from '../handlers/types';
import { applicantRequestId, applicantScreen, checkScreenCounter, shownRequestId } from './applicantScreen';

/** The applicant's screen at a counter: what it shows, the pages under review, and the applicant's answers. */
export const applicantScreenHandlers: HandlerGroup<'applicantScreen'> = (hub) => {
  const { requests, capture } = hub;

  /** The page, if it belongs to the request the applicant at this counter is reviewing now. */
  const applicantPage = (counterId: number, pageId: string) => {
    const requestId = applicantRequestId(requests, counterId);
    const page = c.page(hub.db, pageId);
    if (!requestId || !page || page.requestId !== requestId || requests.get(requestId).status !== 'documentsCaptured') {
      throw new DomainError('UNKNOWN_PAGE', 'not a page this screen shows');
    }
    return page;
  };

  return {
    'applicantScreen.counters': () => ({ counters: listCounters(hub.db).filter((c) => c.active).map((c) => ({ id: c.id, number: c.number })) }),
    'applicantScreen.view': ({ counterId }, ctx) => {
      checkScreenCounter(hub, ctx, counterId);
      return applicantScreen(hub.db, requests, hub.capture, counterId);
    },
    'applicantScreen.page': async ({ counterId, pageId }, ctx) => {
      checkScreenCounter(hub, ctx, counterId);
      const page = applicantPage(counterId, pageId);
      return capture.image(page.id, 'view', null);
    },
    // Answers for the applicant: only from the screen of that counter, and for the request it showed.
    'applicantScreen.sanaConsent': ({ counterId, requestId, consent }, ctx) => {
      checkScreenCounter(hub, ctx, counterId, 'applicantScreen.sanaConsent');
      requests.sanaConsent(shownRequestId(requests, counterId, requestId), counterId, consent);
      return applicantScreen(hub.db, requests, capture, counterId);
    },
    'applicantScreen.review': ({ counterId, requestId, outcome, digest, reason }, ctx) => {
      checkScreenCounter(hub, ctx, counterId, 'applicantScreen.review');
      capture.review(requests.get(shownRequestId(requests, counterId, requestId)), { outcome, digest, reason });
      return applicantScreen(hub.db, requests, capture, counterId);
    },
  };
};
