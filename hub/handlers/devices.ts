/**
 * Pairing and revoking LAN devices (docs/SECURITY.md § Devices on the LAN). The manager issues a
 * one-time code for one device of one kind; the device exchanges it for a credential (256 bits,
 * kept here as sha256) and the connection becomes that device; the manager revokes it with a
 * reason, which ends its sessions and closes its connections.
 *
 * Guessing a code: 6 secret digits, 10 minutes, and after 5 wrong codes in 10 minutes every open
 * code is voided and pairing rests for 10 minutes — a guesser's chance is 5 in a million per code
 * the manager issues, and every wrong code is in the audit trail (which is also where they are
 * counted: a restart of the hub does not reset the count).
 */
import { timingSafeEqual } from 'node:crypto';
import type { DeviceView } from '../../core/api/devices';
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
import { latestAuditTimes } from '../../db/audit';
import { hashToken, newSessionToken } from '../auth/tokens';
import { officeAuthority } from '../lan/officeCertificate';
import type { HubServices } from '../services';
import { staffIdOf } from './guards';
import type { HandlerGroup } from '.';

export const PAIRING_CODE_MINUTES = 10;
const MAX_WRONG_CODES = 5;
const WRONG_CODE_WINDOW_MS = 10 * 60_000;

type DeviceProc = 'device.list' | 'device.issueCode' | 'device.withdrawCode' | 'device.revoke' | 'auth.pair' | 'auth.device';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function view(row: DeviceRow): DeviceView {
  const { credentialHash: _secret, ...rest } = row;
  return rest;
}

/**
 * Wrong codes, counted from the audit trail itself (each one is an entry), so a restart forgets
 * nothing: pairing rests while the last MAX_WRONG_CODES wrong codes fell within the window and the
 * newest is younger than it.
 */
class WrongCodes {
  constructor(private readonly db: HubServices['db']) {}
  private latest(): number[] {
    return latestAuditTimes(this.db, 'devicePairingFailed', MAX_WRONG_CODES).map((t) => Date.parse(t));
  }
  resting(now: number): boolean {
    const times = this.latest();
    return times.length === MAX_WRONG_CODES && times[0]! - times[MAX_WRONG_CODES - 1]! < WRONG_CODE_WINDOW_MS && now - times[0]! < WRONG_CODE_WINDOW_MS;
  }
  /** whether one more wrong code now reaches the limit (the caller records it) */
  reachesLimit(now: number): boolean {
    const recent = this.latest().slice(0, MAX_WRONG_CODES - 1);
    return recent.length === MAX_WRONG_CODES - 1 && recent.every((t) => now - t < WRONG_CODE_WINDOW_MS);
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
      const refuse = async (why: string): Promise<never> => {
        if (!wrong.resting(now.getTime())) {
          const limit = wrong.reachesLimit(now.getTime());
          const voided = limit ? voidPairingCodes(hub.db, now.toISOString()) : 0;
          record(hub.db, now, { actor: 'anonymous', action: 'devicePairingFailed', subject: null, detail: { why, from: ctx.remoteAddress ?? null, ...(limit ? { codesVoided: voided } : {}) } });
          if (voided > 0) changed();
        }
        await sleep(Math.max(0, hub.auth.failureDelayMs - (Date.now() - started)));
        throw new DomainError('INVALID_PAIRING_CODE', 'wrong, used or expired pairing code');
      };
      // resting after too many wrong codes: every code was voided, nothing to find
      if (wrong.resting(now.getTime())) return refuse('resting');
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
