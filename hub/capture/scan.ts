/**
 * A scan from the counter's scanner into a request: the counter's setting, or the clerk's choice for
 * this scan; rescanning one page takes the glass and the page's own document.
 */
import type { DocumentType } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { ColorMode, ScanSettings } from '../../native/capture/types';
import type { Staff } from '../request/requestService';
import { editable, refuseWhileRunning, type CaptureDeps } from './context';
import { launchJob } from './jobs';

export interface ScanInput {
  requestId: string;
  counterId: number;
  documentType: DocumentType;
  documentId?: string | undefined;
  replacePageId?: string | undefined;
  source?: ScanSettings['source'] | undefined;
  colorMode?: ColorMode | undefined;
  dpi?: number | undefined;
}

export function startScan(deps: CaptureDeps, input: ScanInput, staff: Staff): { jobId: string } {
  const req = editable(deps, input.requestId, staff);
  const setting = c.scannerSetting(deps.db, input.counterId);
  if (!setting) throw new DomainError('SCANNER_NOT_CONFIGURED', 'the counter has no scanner');
  // a workstation's scanner is reached through its agent (hub/agent), from that workstation only
  if (setting.driver === 'workstation') throw new DomainError('WORKSTATION_REQUIRED', 'this counter scans on its workstation');
  refuseWhileRunning(deps, input.counterId, req.id);
  let replace: c.PageRow | null = null;
  if (input.replacePageId !== undefined) {
    replace = c.page(deps.db, input.replacePageId);
    if (!replace || replace.requestId !== req.id) throw new DomainError('UNKNOWN_PAGE', 'no such page in this request');
  }
  // rescanning one page: from the glass unless the clerk chose otherwise, into the page's own document
  const settings: ScanSettings = { source: input.source ?? (replace ? 'flatbed' : setting.source), dpi: input.dpi ?? setting.dpi, colorMode: input.colorMode ?? setting.colorMode };
  const driver = deps.ports.driver(setting.driver, { tmpDir: deps.workDir });
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
