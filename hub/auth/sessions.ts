import { DomainError } from '../../core/errors';
import type { Principal } from '../../core/api/schemas';
import type { DeviceRole } from '../../core/roles';
import { findSession, insertSession } from '../../db/sessions';
import { getStaff } from '../../db/staff';
import type { HubServices } from '../services';
import { hashToken, newSessionToken } from './tokens';

export interface OpenedSession {
  session: string;
  principal: Principal;
  expiresAt: string;
}

export function openStaffSession(hub: HubServices, staff: { id: number; username: string; displayName: string; role: Principal['role']; mustChangePassword: boolean }): OpenedSession & { mustChangePassword: boolean } {
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
  });
  return {
    session: token,
    expiresAt,
    principal: { kind: 'user', userId: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role },
    mustChangePassword: staff.mustChangePassword,
  };
}

export function openDeviceSession(hub: HubServices, role: DeviceRole): OpenedSession {
  const token = newSessionToken();
  const now = hub.now();
  const expiresAt = new Date(now.getTime() + hub.auth.deviceSessionHours * 3600_000).toISOString();
  insertSession(hub.db, { tokenHash: hashToken(token), staffId: null, deviceRole: role, createdAt: now.toISOString(), expiresAt });
  return { session: token, expiresAt, principal: { kind: 'device', role } };
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

/**
 * Token → principal, or a DomainError saying why not. A deactivated staff member's sessions
 * stop working at once, whatever their expiry.
 */
export function resolveSession(hub: HubServices, token: string): ResolvedSession {
  const tokenHash = hashToken(token);
  const row = findSession(hub.db, tokenHash);
  if (!row || row.revokedAt) throw new DomainError('UNAUTHENTICATED', 'unknown or ended session');
  if (row.expiresAt <= hub.now().toISOString()) throw new DomainError('SESSION_EXPIRED', 'session expired');
  if (row.deviceRole) return { principal: { kind: 'device', role: row.deviceRole }, sessionHash: tokenHash, expiresAt: row.expiresAt, locked: false, mustChangePassword: false };
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
