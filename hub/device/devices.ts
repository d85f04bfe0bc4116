/** The manager's view of the LAN devices, and revoking one (docs/SECURITY.md § Devices on the LAN). */
import type { DeviceView } from '../../core/api/device';
import { DomainError } from '../../core/errors';
import { getDevice, listDevices, openPairingCodes, revokeDevice, type DeviceRow } from '../../db/devices';
import { officeAuthority } from '../lan/officeCertificate';
import type { HubBase } from '../base';
import { devicesChanged } from './pairing';

function view(row: DeviceRow): DeviceView {
  const { credentialHash: _secret, ...rest } = row;
  return rest;
}

/** Every paired device (revoked ones too), the codes still open, and the office's LAN certificate. */
export async function deviceList(hub: HubBase) {
  const authority = await officeAuthority(hub.db, hub.now());
  const now = hub.now().toISOString();
  return {
    devices: listDevices(hub.db, now).map(view),
    codes: openPairingCodes(hub.db, now).map(({ id, kind, name, issuedAt, expiresAt }) => ({ id, kind, name, issuedAt, expiresAt })),
    certificate: { fingerprint: authority.fingerprint, pem: authority.pem, notAfter: authority.notAfter },
  };
}

/** Revoke a device: its sessions end and its connections close; how many sessions ended (0 when it already was). */
export function revoke(hub: HubBase, deviceId: number, by: number, reason: string): number {
  const now = hub.now().toISOString();
  if (!getDevice(hub.db, deviceId, now)) throw new DomainError('UNKNOWN_DEVICE', 'no such device');
  const ended = revokeDevice(hub.db, deviceId, by, reason, now);
  if (ended === null) return 0; // already revoked: nothing more to end
  devicesChanged(hub, [deviceId]);
  return ended;
}
