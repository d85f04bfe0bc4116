import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** The office's scan profiles (the capture service, hub/capture/). */
export const scanProfilesHandlers: HandlerGroup<'scanProfiles'> = (hub) => {
  const { capture } = hub;
  return {
    'scanProfiles.get': () => ({ profiles: capture.scanProfiles() }),
    'scanProfiles.set': ({ profiles }, ctx) => ({ profiles: capture.setScanProfiles(profiles, staffOf(ctx)) }),
  };
};
