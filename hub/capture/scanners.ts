/**
 * The counter's scanner: its setting (a watched folder is the manager's call), and the devices a
 * driver finds or a typed address answers for — for driver `workstation`, the scanners the caller's
 * own workstation's agent reported.
 */
import path from 'node:path';
import type { CaptureErrorCode, ScannerSettingInput } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import { dwtLicence } from '../../db/office';
import * as q from '../../db/queue';
import type { Staff } from '../request/requestService';
import { captureCode } from './captureCode';
import { nowIso, type CaptureDeps } from './context';
import type { WorkstationScanner } from './ports';

type Driver = ScannerSettingInput['driver'];

function counter(deps: Pick<CaptureDeps, 'db'>, counterId: number) {
  const found = q.getCounter(deps.db, counterId);
  if (!found) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
  return found;
}

export function scanner(deps: Pick<CaptureDeps, 'db'>, counterId: number): ScannerSettingInput | null {
  counter(deps, counterId);
  return c.scannerSetting(deps.db, counterId);
}

export function setScanner(deps: Pick<CaptureDeps, 'db' | 'now'>, counterId: number, setting: ScannerSettingInput, staff: Staff): ScannerSettingInput {
  counter(deps, counterId);
  // A watched folder is a path on the hub's own disk whose files are taken and moved: the manager's call.
  if (setting.driver === 'folder' && (staff.role !== 'manager' || !path.isAbsolute(setting.deviceId))) {
    throw new DomainError('FORBIDDEN', 'only a manager sets a scan folder, as an absolute path');
  }
  c.saveScannerSetting(deps.db, counterId, setting, nowIso(deps), staff.userId);
  return setting;
}

export async function devices(
  deps: Pick<CaptureDeps, 'db' | 'ports' | 'workDir'>,
  driver: Driver,
  address: string | undefined,
  workstation: WorkstationScanner | null,
): Promise<{ devices: { driver: Driver; id: string; label: string; model: string | null }[]; errorCode: CaptureErrorCode | null }> {
  // the caller's own workstation: what its agent reported (none off a workstation)
  if (driver === 'workstation') return { devices: (workstation?.listDevices() ?? []).map((d) => ({ driver, ...d })), errorCode: null };
  try {
    const d = deps.ports.driver(driver, { tmpDir: deps.workDir, dwtLicence: dwtLicence(deps.db) });
    const found = address !== undefined && address.trim() !== '' ? await probe(deps, driver, address.trim()) : await d.listDevices(AbortSignal.timeout(15_000));
    return { devices: found.map((x) => ({ driver, id: x.id, label: x.label, model: 'model' in x && typeof x.model === 'string' ? x.model : null })), errorCode: null };
  } catch (err) {
    return { devices: [], errorCode: captureCode(err) };
  }
}

/** A typed address (an eSCL scanner's URL, a folder): asks the device itself, so a wrong one is said at once. */
async function probe(deps: Pick<CaptureDeps, 'db' | 'ports' | 'workDir'>, driver: Exclude<Driver, 'workstation'>, address: string) {
  const d = deps.ports.driver(driver, { tmpDir: deps.workDir, dwtLicence: dwtLicence(deps.db) });
  const caps = await d.capabilities(address, AbortSignal.timeout(10_000));
  const model = caps.model?.trim() || null;
  return [{ id: address, label: model ?? address, model }];
}
