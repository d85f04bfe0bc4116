import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** The counter's scanner: its setting, and the scanners a driver reaches (the capture service, hub/capture/). */
export const scannerHandlers: HandlerGroup<'scanner'> = (hub) => {
  const { capture } = hub;
  return {
    'scanner.get': ({ counterId }) => ({ setting: capture.scanner(counterId) }),
    'scanner.set': ({ counterId, setting }, ctx) => ({ setting: capture.setScanner(counterId, setting, staffOf(ctx)) }),
    'scanner.devices': ({ driver, address }, ctx) =>
      driver === 'workstation'
        ? { devices: hub.agents.scannersOf(ctx.lan?.deviceId ?? null).map((d) => ({ driver, id: d.id, label: d.label, model: null })), errorCode: null }
        : capture.devices(driver, address),
  };
};
