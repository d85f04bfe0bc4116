/**
 * The office's scan profiles (migration 0020): read, and replaced as a whole list by a staff member.
 */
import type { ScanProfile } from '../../core/api/capture';
import * as c from '../../db/capture';
import type { Staff } from '../request/requestService';
import { nowIso, type CaptureDeps } from './context';

export function scanProfiles(deps: Pick<CaptureDeps, 'db'>): ScanProfile[] {
  return c.scanProfiles(deps.db);
}

export function setScanProfiles(deps: Pick<CaptureDeps, 'db' | 'now'>, profiles: readonly ScanProfile[], staff: Staff): ScanProfile[] {
  deps.db.transaction(() => c.replaceScanProfiles(deps.db, profiles, nowIso(deps), staff.userId))();
  return c.scanProfiles(deps.db);
}
