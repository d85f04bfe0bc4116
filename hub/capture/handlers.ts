import type { HandlerGroup } from '../handlers/types';
import type { CallContext, HubServices } from '../services';
import * as c from '../../db/capture';
import { staffOf } from '../handlers/guards';

export const captureHandlers: HandlerGroup<'capture'> = (hub: HubServices) => {
  const capture = hub.capture;
  const staffView = (requestId: string, ctx: CallContext) => capture.view(requestId, staffOf(ctx));

  return {
    'capture.view': ({ requestId }, ctx) => staffView(requestId, ctx),
    // a workstation's scanner is reached through the agent of the device this connection proved (hub/agent)
    'capture.start': (input, ctx) => capture.start(input, staffOf(ctx), hub.agents.scannerFor(ctx.lan)),
    'capture.cancel': ({ jobId }, ctx) => capture.cancel(jobId, staffOf(ctx), hub.agents.scannerFor(ctx.lan)),
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
  };
};
