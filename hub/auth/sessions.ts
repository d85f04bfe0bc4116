import { DomainError } from '../../core/errors';
import type { Principal } from '../../core/api/schemas';
import type { DeviceRole } from '../../core/roles';
import { findSession, insertSession } from '../../db/sessions';
import { getStaff } from '../../db/staff';
import type { HubBase } from '../base';
import { hashToken, newSessionToken } from './tokens';

export interface OpenedSession {
  session: string;
  principal: Principal;
  expiresAt: string;
}

/** `deviceId`: the paired LAN device it is opened on (null on the hub's own PC); the session works there only. */
export function openStaffSession(hub: HubBase, staff: { id: number; username: string; displayName: string; role: Principal['role']; mustChangePassword: boolean }, deviceId: number | null): OpenedSession & { mustChangePassword: boolean } {
  if (staff.role === 'kiosk' || staff.role === 'board' || staff.role === 'applicant') throw new Error('not a staff role');
  const token = newSessionToken();
  const now = hub.now();
  const expiresAt = new Date(now.getTime() + hub.auth.staffSessionHours * 3600_000).toISOString();
  insertSession(hub.db, {
    tokenHash: hashToken(token),
    staffId: staff.id,
    deviceRole: null,
    createdAt: now.toISOString(),
    expiresAt,
    deviceId,
  });
  return {
    session: token,
    expiresAt,
    principal: { kind: 'user', userId: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role },
    mustChangePassword: staff.mustChangePassword,
  };
}

/** `counterId`: the counter an applicant's screen faces (checked by the caller); it answers for that counter only. */
export function openDeviceSession(hub: HubBase, role: DeviceRole, deviceId: number | null, counterId: number | null = null): OpenedSession {
  if (counterId !== null && role !== 'applicant') throw new Error('only an applicant screen faces a counter');
  const token = newSessionToken();
  const now = hub.now();
  const expiresAt = new Date(now.getTime() + hub.auth.deviceSessionHours * 3600_000).toISOString();
  insertSession(hub.db, { tokenHash: hashToken(token), staffId: null, deviceRole: role, createdAt: now.toISOString(), expiresAt, deviceId, counterId });
  return { session: token, expiresAt, principal: devicePrincipal(role, counterId) };
}

function devicePrincipal(role: DeviceRole, counterId: number | null): Principal {
  return counterId === null ? { kind: 'device', role } : { kind: 'device', role, counterId };
}

export interface ResolvedSession {
  principal: Principal;
  sessionHash: string;
  expiresAt: string;
  /** locked at the counter: only unlock, logout and whoami are served */
  locked: boolean;
  /** the manager chose the password: only changing it (and leaving) is served */
  mustChangePassword: boolean;
}

/** A session is used only where it was opened: on the same paired device, or on the hub's own PC. */
function sameDevice(row: { deviceId: number | null }, deviceId: number | null): void {
  if (row.deviceId !== deviceId) throw new DomainError('UNAUTHENTICATED', 'the session belongs to another device');
}

/**
 * Token → principal, or a DomainError saying why not. A deactivated staff member's sessions
 * stop working at once, whatever their expiry; a token carried to another device is refused.
 */
export function resolveSession(hub: HubBase, token: string, deviceId: number | null): ResolvedSession {
  const tokenHash = hashToken(token);
  const row = findSession(hub.db, tokenHash);
  if (!row || row.revokedAt) throw new DomainError('UNAUTHENTICATED', 'unknown or ended session');
  sameDevice(row, deviceId);
  if (row.expiresAt <= hub.now().toISOString()) throw new DomainError('SESSION_EXPIRED', 'session expired');
  if (row.deviceRole) return { principal: devicePrincipal(row.deviceRole, row.counterId), sessionHash: tokenHash, expiresAt: row.expiresAt, locked: false, mustChangePassword: false };
  const staff = row.staffId === null ? undefined : getStaff(hub.db, row.staffId);
  if (!staff || !staff.active) throw new DomainError('UNAUTHENTICATED', 'staff account inactive');
  return {
    principal: { kind: 'user', userId: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role },
    sessionHash: tokenHash,
    expiresAt: row.expiresAt,
    locked: row.lockedAt !== null,
    mustChangePassword: staff.mustChangePassword,
  };
}
