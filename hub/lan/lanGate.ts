/**
 * The door for connections from other PCs of the LAN (docs/SECURITY.md § Devices on the LAN). The
 * hub's own PC (Electron's IPC, a browser on loopback) is trusted as the PC it runs on; anything
 * else must be a paired device: until it proves it (`auth.pair`, `auth.device`) only pairing is
 * served, every call re-checks that the device was not revoked meanwhile, and a session is honoured
 * only on its own device and only if the device's kind may hold it (a board shows the board).
 */
import type { ProcedureName } from '../../core/api/contract';
import type { Principal } from '../../core/api/schemas';
import { DomainError } from '../../core/errors';
import { deviceKindAllows, type Role } from '../../core/roles';
import { deviceStanding } from '../../db/devices';
import type { HubBase, LanConnection } from '../base';

/**
 * What an unpaired LAN connection may call: enough to learn where it is and to pair — and first-run
 * setup, which the handler refuses there without the one-time code from the hub's console.
 */
const OPEN_BEFORE_PAIRING = new Set<ProcedureName>(['health', 'setup.status', 'setup.createOffice', 'auth.pair', 'auth.device']);

function ensureStanding(hub: HubBase, lan: LanConnection): void {
  if (lan.deviceId === null) return;
  const standing = deviceStanding(hub.db, lan.deviceId);
  if (!standing || standing.revoked) {
    lan.deviceId = null;
    lan.kind = null;
    throw new DomainError('DEVICE_REVOKED', 'the device was revoked');
  }
}

export function checkLanCall(hub: HubBase, lan: LanConnection, proc: ProcedureName): void {
  ensureStanding(hub, lan);
  if (lan.deviceId === null && !OPEN_BEFORE_PAIRING.has(proc)) throw new DomainError('DEVICE_NOT_PAIRED', `${proc} refused: this device is not paired`);
}

export function checkLanSubscribe(hub: HubBase, lan: LanConnection, event: string): void {
  ensureStanding(hub, lan);
  // no event at all before pairing, not even the clock: the pairing screen shows none
  if (lan.deviceId === null) throw new DomainError('DEVICE_NOT_PAIRED', 'subscription refused: this device is not paired');
}

/** May a session of this role live on this connection's device? */
export function checkLanRole(lan: LanConnection | undefined, role: Role): void {
  if (!lan) return;
  if (lan.kind === null) throw new DomainError('DEVICE_NOT_PAIRED', 'this device is not paired');
  if (!deviceKindAllows(lan.kind, role)) throw new DomainError('DEVICE_KIND_MISMATCH', `a ${lan.kind} device may not hold a ${role} session`);
}

export function checkLanPrincipal(lan: LanConnection, principal: Principal): void {
  checkLanRole(lan, principal.role);
}
