/**
 * Pairing and revoking LAN devices (docs/SECURITY.md § Devices on the LAN). The manager issues a
 * one-time code for one device of one kind; the device exchanges it for a credential (256 bits,
 * kept here as sha256) and the connection becomes that device; the manager revokes it with a
 * reason, which ends its sessions and closes its connections.
 *
 * Guessing a code: 6 secret digits, 10 minutes. Wrong codes are limited per address — after 5 in
 * 10 minutes from one address, pairing rests for that address for 10 minutes, and the manager's
 * code stays good for everyone else — and in all: after 50 in 10 minutes from all addresses
 * together (a guesser with many addresses), every open code is voided and pairing rests for
 * everyone for 10 minutes. A guesser's chance is therefore at most 50 in a million per code the
 * manager issues, and every wrong code is in the audit trail with its address (which is also where
 * they are counted: a restart of the hub does not reset the count).
 */
import type { HandlerGroup } from '../handlers/types';
import { staffIdOf } from '../handlers/guards';
import { deviceList, revoke } from './devices';
import { issuePairingCode, withdrawPairingCode } from './pairing';

/** The manager's devices; the device's own side (auth.pair, auth.device) is served from hub/auth/deviceHandlers.ts. */
export const deviceHandlers: HandlerGroup<'device'> = (hub) => ({
  'device.list': () => deviceList(hub),
  'device.issueCode': ({ kind, name }, ctx) => issuePairingCode(hub, kind, name, staffIdOf(ctx)),
  'device.withdrawCode': ({ id }) => {
    withdrawPairingCode(hub, id);
    return { ok: true as const };
  },
  'device.revoke': ({ deviceId, reason }, ctx) => ({ ok: true as const, sessionsEnded: revoke(hub, deviceId, staffIdOf(ctx), reason) }),
});
