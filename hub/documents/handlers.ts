import type { HandlerGroup } from '../handlers/types';

/** The search in the OCR text of captured pages (the capture service, hub/capture/). */
export const documentsHandlers: HandlerGroup<'documents'> = (hub) => {
  const { capture } = hub;
  return {
    'documents.search': ({ query }) => capture.search(query),
  };
};
