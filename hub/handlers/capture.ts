import { DomainError } from '../../core/errors';
import type { HandlerGroup } from './types';
import type { CallContext, HubServices } from '../services';
import { applicantRequestId, applicantScreen, checkScreenCounter, shownRequestId } from '../requests/applicantScreen';
import * as c from '../../db/capture';
import { staffOf } from './guards';

type CaptureProc = Extract<keyof import('../../core/api/contract').Procedures, `scanner.${string}` | `scanProfiles.${string}` | `capture.${string}` | 'documents.search' | 'applicantScreen.page' | 'applicantScreen.review' | 'applicantScreen.sanaConsent'>;

export const captureHandlers: HandlerGroup<CaptureProc> = (hub: HubServices) => {
  const { requests } = hub;
  const capture = hub.capture;
  const staffView = (requestId: string, ctx: CallContext) => capture.view(requestId, staffOf(ctx));

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
    'scanner.get': ({ counterId }) => ({ setting: capture.scanner(counterId) }),
    'scanner.set': ({ counterId, setting }, ctx) => ({ setting: capture.setScanner(counterId, setting, staffOf(ctx)) }),
    'scanner.devices': ({ driver, address }, ctx) =>
      driver === 'workstation'
        ? { devices: hub.agents.scannersOf(ctx.lan?.deviceId ?? null).map((d) => ({ driver, id: d.id, label: d.label, model: null })), errorCode: null }
        : capture.devices(driver, address),
    'scanProfiles.get': () => ({ profiles: capture.scanProfiles() }),
    'scanProfiles.set': ({ profiles }, ctx) => ({ profiles: capture.setScanProfiles(profiles, staffOf(ctx)) }),

    'capture.view': ({ requestId }, ctx) => staffView(requestId, ctx),
    'capture.start': (input, ctx) => {
      // a workstation's scanner: the job goes to the agent of the device this connection proved (hub/agent)
      const setting = capture.scanner(input.counterId);
      return setting?.driver === 'workstation' ? hub.agents.startScan(input, setting, staffOf(ctx), ctx) : capture.start(input, staffOf(ctx));
    },
    'capture.cancel': ({ jobId }, ctx) => {
      const result = capture.cancel(jobId, staffOf(ctx));
      return result.cancelled ? result : (hub.agents.cancel(jobId) ?? result);
    },
    'capture.upload': (input, ctx) => capture.upload(input, staffOf(ctx)),
    'capture.import': (input, ctx) => capture.import(input, staffOf(ctx)),
    'capture.image': ({ pageId, size }, ctx) => capture.image(pageId, size, staffOf(ctx)),
    'capture.editPage': async ({ pageId, action }, ctx) => {
      const requestId = c.page(hub.db, pageId)?.requestId;
      await capture.editPage(pageId, action, staffOf(ctx));
      return staffView(requestId!, ctx);
    },
    'capture.restorePage': ({ pageId }, ctx) => staffView(capture.restorePage(pageId, staffOf(ctx)), ctx),
    'capture.movePage': (input, ctx) => {
      capture.movePage(input, staffOf(ctx));
      return staffView(c.page(hub.db, input.pageId)!.requestId, ctx);
    },
    'capture.split': (input, ctx) => {
      capture.split(input, staffOf(ctx));
      return staffView(c.page(hub.db, input.pageId)!.requestId, ctx);
    },
    'capture.setDocument': (input, ctx) => staffView(capture.setDocument(input, staffOf(ctx)), ctx),
    'capture.finish': ({ requestId }, ctx) => {
      capture.finish(requestId, staffOf(ctx));
      return staffView(requestId, ctx);
    },
    'capture.match': (input, ctx) => staffView(capture.match(input, staffOf(ctx)), ctx),
    'capture.matchDone': ({ requestId }, ctx) => {
      capture.matchDone(requestId, staffOf(ctx));
      return staffView(requestId, ctx);
    },
    'capture.documentPdf': ({ documentId }, ctx) => capture.documentPdf(documentId, staffOf(ctx)),
    'documents.search': ({ query }) => capture.search(query),

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
