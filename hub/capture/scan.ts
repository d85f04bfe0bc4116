/**
 * A scan from the counter's scanner into a request: the counter's setting, or the clerk's choice for
 * this scan; rescanning one page takes the glass and the page's own document. The setting's driver
 * runs it: a driver of the hub's PC (CapturePorts.driver), or — for driver `workstation` — the
 * caller's own workstation, through its agent (the port the handler built for the caller's device).
 */
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import { dwtLicence } from '../../db/office';
import type { ScanSettings } from '../../native/capture/types';
import type { Staff } from '../request/requestService';
import { editable, refuseWhileRunning, type CaptureDeps } from './context';
import { refuseWhileProcessing } from './processing';
import { launchJob } from './jobs';
import type { ScanInput, WorkstationScanner } from './ports';

export type { ScanInput } from './ports';

export function startScan(deps: CaptureDeps, input: ScanInput, staff: Staff, workstation: WorkstationScanner | null): { jobId: string } {
  const req = editable(deps, input.requestId, staff);
  const setting = c.scannerSetting(deps.db, input.counterId);
  if (!setting) throw new DomainError('SCANNER_NOT_CONFIGURED', 'the counter has no scanner');
  if (setting.driver === 'workstation') {
    // reached through the caller's workstation's agent (hub/agent), from that workstation only
    if (!workstation) throw new DomainError('WORKSTATION_REQUIRED', 'this counter scans on its workstation');
    return workstation.start(input, setting, staff);
  }
  refuseWhileRunning(deps, input.counterId, req.id);
  let replace: c.PageRow | null = null;
  if (input.replacePageId !== undefined) {
    refuseWhileProcessing(deps, req.id);
    replace = c.page(deps.db, input.replacePageId);
    if (!replace || replace.requestId !== req.id) throw new DomainError('UNKNOWN_PAGE', 'no such page in this request');
  }
  // rescanning one page: from the glass unless the clerk chose otherwise, into the page's own document
  const settings: ScanSettings = { source: input.source ?? (replace ? 'flatbed' : setting.source), dpi: input.dpi ?? setting.dpi, colorMode: input.colorMode ?? setting.colorMode };
  const driver = deps.ports.driver(setting.driver, { tmpDir: deps.workDir, dwtLicence: dwtLicence(deps.db) });
  const target = replace ? { ...input, documentId: replace.documentId, replacePageId: replace.id } : input;
  const { jobId } = launchJob(
    deps,
    req,
    { ...target, colorMode: settings.colorMode },
    staff,
    { driver: setting.driver, deviceId: setting.deviceId, settings },
    (signal) => driver.scan(setting.deviceId, settings, signal),
    driver.release?.bind(driver),
  );
  return { jobId };
}
