import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** The counter's scanner: its setting, and the scanners a driver reaches (the capture service, hub/capture/). */
export const scannerHandlers: HandlerGroup<'scanner'> = (hub) => {
  const { capture } = hub;
  return {
    'scanner.get': ({ counterId }) => ({ setting: capture.scanner(counterId) }),
    'scanner.set': ({ counterId, setting }, ctx) => ({ setting: capture.setScanner(counterId, setting, staffOf(ctx)) }),
    // driver `workstation`: the scanners the agent of the caller's own workstation reported (hub/agent)
    'scanner.devices': ({ driver, address }, ctx) => capture.devices(driver, address, hub.agents.scannerFor(ctx.lan)),
  };
};
