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
import { timingSafeEqual } from 'node:crypto';
import type { DeviceView } from '../../core/api/device';
import { DomainError } from '../../core/errors';
import { getOffice } from '../../db/office';
import {
  deviceCredentialHash,
  findOpenPairingCode,
  getDevice,
  insertPairingCode,
  listDevices,
  markDeviceSeen,
  openPairingCodes,
  pairDevice,
  revokeDevice,
  voidPairingCodes,
  type DeviceRow,
} from '../../db/devices';
import { checkMatches, newPairingSecret, pairingCode, parsePairingCode } from '../../native/lan/pairingCode';
import { record } from '../audit/auditLog';
import { latestAuditSources } from '../../db/audit';
import { hashToken, newSessionToken } from '../auth/tokens';
import { officeAuthority } from '../lan/officeCertificate';
import type { HubServices } from '../services';
import { staffIdOf } from '../handlers/guards';
import type { HandlerGroup } from '../handlers/types';

export const PAIRING_CODE_MINUTES = 10;
/** wrong codes from one address within the window before that address rests */
export const MAX_WRONG_CODES_PER_ADDRESS = 5;
/** wrong codes from all addresses together within the window before open codes are voided and everyone rests */
export const MAX_WRONG_CODES_IN_ALL = 50;
/** the window, and the rest that follows the limit */
const WRONG_CODE_WINDOW_MS = 10 * 60_000;

type DeviceProc = 'device.list' | 'device.issueCode' | 'device.withdrawCode' | 'device.revoke' | 'auth.pair' | 'auth.device';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function view(row: DeviceRow): DeviceView {
  const { credentialHash: _secret, ...rest } = row;
  return rest;
}

/** One address however it arrives: an IPv4 address and its IPv6-mapped form are the same PC. */
function sourceOf(remoteAddress: string | null | undefined): string {
  if (!remoteAddress) return 'local';
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress;
}

/**
 * Wrong codes, counted from the audit trail itself (each one is an entry with its address), so a
 * restart forgets nothing. A limit is reached while the latest `max` wrong codes (of one address, or
 * of all) fell within the window and the newest of them is younger than it; while resting nothing
 * more is recorded, so the trail holds at most 50 wrong codes per 10 minutes and the latest 100
 * entries are enough to judge any address.
 */
class WrongCodes {
  constructor(private readonly db: HubServices['db']) {}
  private latest(): Array<{ at: number; source: string }> {
    return latestAuditSources(this.db, 'devicePairingFailed', 2 * MAX_WRONG_CODES_IN_ALL).map((e) => ({ at: Date.parse(e.at), source: sourceOf(e.from) }));
  }
  private static reached(times: number[], max: number, now: number): boolean {
    return times.length >= max && times[0]! - times[max - 1]! < WRONG_CODE_WINDOW_MS && now - times[0]! < WRONG_CODE_WINDOW_MS;
  }
  /** whether pairing rests for this address: its own limit, or the limit of all */
  resting(now: number, source: string): boolean {
    const latest = this.latest();
    return (
      WrongCodes.reached(latest.map((e) => e.at), MAX_WRONG_CODES_IN_ALL, now) ||
      WrongCodes.reached(latest.filter((e) => e.source === source).map((e) => e.at), MAX_WRONG_CODES_PER_ADDRESS, now)
    );
  }
  /** whether one more wrong code now reaches the limit of all (the caller records it and voids the open codes) */
  reachesLimitOfAll(now: number): boolean {
    return WrongCodes.reached([now, ...this.latest().map((e) => e.at)], MAX_WRONG_CODES_IN_ALL, now);
  }
}

export const deviceHandlers: HandlerGroup<DeviceProc> = (hub: HubServices) => {
  const wrong = new WrongCodes(hub.db);
  const changed = (revoked: number[] = []) => hub.events.emit('device.changed', { revoked });

  return {
    'device.list': async () => {
      const authority = await officeAuthority(hub.db, hub.now());
      const now = hub.now().toISOString();
      return {
        devices: listDevices(hub.db, now).map(view),
        codes: openPairingCodes(hub.db, now).map(({ id, kind, name, issuedAt, expiresAt }) => ({ id, kind, name, issuedAt, expiresAt })),
        certificate: { fingerprint: authority.fingerprint, pem: authority.pem, notAfter: authority.notAfter },
      };
    },

    'device.issueCode': async ({ kind, name }, ctx) => {
      const by = staffIdOf(ctx);
      const authority = await officeAuthority(hub.db, hub.now());
      const now = hub.now();
      const expiresAt = new Date(now.getTime() + PAIRING_CODE_MINUTES * 60_000).toISOString();
      const id = hub.db
        .transaction(() => {
          // two open codes never share a secret: the secret alone finds its code
          let secret = newPairingSecret();
          while (findOpenPairingCode(hub.db, hashToken(secret), now.toISOString())) secret = newPairingSecret();
          const codeId = insertPairingCode(hub.db, { secretHash: hashToken(secret), kind, name, issuedBy: by, issuedAt: now.toISOString(), expiresAt });
          return { codeId, secret };
        })
        .immediate();
      changed();
      return { id: id.codeId, code: pairingCode(id.secret, authority.fingerprint), expiresAt, fingerprint: authority.fingerprint };
    },

    'device.withdrawCode': ({ id }) => {
      if (voidPairingCodes(hub.db, hub.now().toISOString(), id) === 0) throw new DomainError('INVALID_PAIRING_CODE', 'no such open code');
      changed();
      return { ok: true as const };
    },

    'device.revoke': ({ deviceId, reason }, ctx) => {
      const by = staffIdOf(ctx);
      const now = hub.now().toISOString();
      if (!getDevice(hub.db, deviceId, now)) throw new DomainError('UNKNOWN_DEVICE', 'no such device');
      const ended = revokeDevice(hub.db, deviceId, by, reason, now);
      if (ended === null) return { ok: true as const, sessionsEnded: 0 }; // already revoked: nothing more to end
      changed([deviceId]);
      return { ok: true as const, sessionsEnded: ended };
    },

    'auth.pair': async ({ code }, ctx) => {
      const started = Date.now();
      if (!getOffice(hub.db)) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
      const now = hub.now();
      const source = sourceOf(ctx.remoteAddress);
      const refuse = async (why: string): Promise<never> => {
        if (!wrong.resting(now.getTime(), source)) {
          const limit = wrong.reachesLimitOfAll(now.getTime());
          const voided = limit ? voidPairingCodes(hub.db, now.toISOString()) : 0;
          record(hub.db, now, { actor: 'anonymous', action: 'devicePairingFailed', subject: null, detail: { why, from: ctx.remoteAddress ?? null, ...(limit ? { codesVoided: voided } : {}) } });
          if (voided > 0) changed();
        }
        await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
        throw new DomainError('INVALID_PAIRING_CODE', 'wrong, used or expired pairing code');
      };
      // resting after too many wrong codes from this address, or from all (then every code was voided)
      if (wrong.resting(now.getTime(), source)) return refuse('resting');
      const parsed = parsePairingCode(code);
      if (!parsed) return refuse('malformed');
      const authority = await officeAuthority(hub.db, now);
      const open = findOpenPairingCode(hub.db, hashToken(parsed.secret), now.toISOString());
      if (!open) return refuse('unknownCode');
      if (!checkMatches(parsed, authority.fingerprint)) return refuse('checkDigits');
      const credential = newSessionToken();
      const deviceId = hub.db
        .transaction(() => {
          const id = pairDevice(hub.db, open, hashToken(credential), now.toISOString(), ctx.remoteAddress ?? null);
          record(hub.db, now, { actor: `device:${id}`, action: 'devicePaired', subject: `device:${id}`, detail: { kind: open.kind, name: open.name, from: ctx.remoteAddress ?? null, issuedBy: `staff:${open.issuedBy}` } });
          return id;
        })
        .immediate();
      if (ctx.lan) Object.assign(ctx.lan, { deviceId, kind: open.kind });
      changed();
      hub.log.info('device paired', { deviceId, kind: open.kind });
      return { deviceId, credential, kind: open.kind, name: open.name, officeName: getOffice(hub.db)!.name, fingerprint: authority.fingerprint };
    },

    'auth.device': ({ deviceId, credential }, ctx) => {
      const row = deviceCredentialHash(hub.db, deviceId);
      const given = Buffer.from(hashToken(credential), 'hex');
      if (!row || !timingSafeEqual(given, Buffer.from(row.credentialHash, 'hex'))) throw new DomainError('DEVICE_NOT_PAIRED', 'unknown device or wrong credential');
      if (row.revokedAt) throw new DomainError('DEVICE_REVOKED', 'the device was revoked');
      markDeviceSeen(hub.db, deviceId, hub.now().toISOString(), ctx.remoteAddress ?? null);
      if (ctx.lan) Object.assign(ctx.lan, { deviceId, kind: row.kind });
      return { deviceId, kind: row.kind, name: row.name };
    },
  };
};
