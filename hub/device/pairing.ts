/**
 * Pairing a LAN device (docs/SECURITY.md § Devices on the LAN): the manager's one-time code for one
 * device of one kind (6 secret digits and 6 check digits, 10 minutes, kept only as a hash); the
 * device exchanges it for its credential (256 bits, kept here as sha256) and the connection becomes
 * that device; later connections prove themselves with the credential. Wrong codes: ./wrongCodes.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../core/errors';
import type { DeviceKind } from '../../core/roles';
import { getOffice } from '../../db/office';
import { deviceCredentialHash, findOpenPairingCode, insertPairingCode, markDeviceSeen, pairDevice, voidPairingCodes } from '../../db/devices';
import { checkMatches, newPairingSecret, pairingCode, parsePairingCode } from '../../native/lan/pairingCode';
import { record } from '../audit/auditLog';
import { hashToken, newSessionToken } from '../auth/tokens';
import { officeAuthority } from '../lan/officeCertificate';
import type { CallContext, HubBase } from '../base';
import { sourceOf, WrongCodes } from './wrongCodes';

export const PAIRING_CODE_MINUTES = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The manager's list refreshes; the connections of `revoked` devices close. */
export function devicesChanged(hub: HubBase, revoked: number[] = []): void {
  hub.events.emit('device.changed', { revoked });
}

/** A new one-time code for one device of a kind; two open codes never share a secret. */
export async function issuePairingCode(hub: HubBase, kind: DeviceKind, name: string, by: number) {
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
  devicesChanged(hub);
  return { id: id.codeId, code: pairingCode(id.secret, authority.fingerprint), expiresAt, fingerprint: authority.fingerprint };
}

/** Void a code not yet used. */
export function withdrawPairingCode(hub: HubBase, id: number): void {
  if (voidPairingCodes(hub.db, hub.now().toISOString(), id) === 0) throw new DomainError('INVALID_PAIRING_CODE', 'no such open code');
  devicesChanged(hub);
}

/** A device exchanges a code for its credential; the connection is then that device. Wrong codes are audited and counted. */
export async function pairWithCode(hub: HubBase, code: string, ctx: CallContext) {
  const started = Date.now();
  if (!getOffice(hub.db)) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
  const wrong = new WrongCodes(hub.db);
  const now = hub.now();
  const source = sourceOf(ctx.remoteAddress);
  const refuse = async (why: string): Promise<never> => {
    if (!wrong.resting(now.getTime(), source)) {
      const limit = wrong.reachesLimitOfAll(now.getTime());
      const voided = limit ? voidPairingCodes(hub.db, now.toISOString()) : 0;
      record(hub.db, now, { actor: 'anonymous', action: 'devicePairingFailed', subject: null, detail: { why, from: ctx.remoteAddress ?? null, ...(limit ? { codesVoided: voided } : {}) } });
      if (voided > 0) devicesChanged(hub);
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
  devicesChanged(hub);
  hub.log.info('device paired', { deviceId, kind: open.kind });
  return { deviceId, credential, kind: open.kind, name: open.name, officeName: getOffice(hub.db)!.name, fingerprint: authority.fingerprint };
}

/** A paired device proves itself with its credential at the start of a LAN connection. */
export function proveDevice(hub: HubBase, deviceId: number, credential: string, ctx: CallContext) {
  const row = deviceCredentialHash(hub.db, deviceId);
  const given = Buffer.from(hashToken(credential), 'hex');
  if (!row || !timingSafeEqual(given, Buffer.from(row.credentialHash, 'hex'))) throw new DomainError('DEVICE_NOT_PAIRED', 'unknown device or wrong credential');
  if (row.revokedAt) throw new DomainError('DEVICE_REVOKED', 'the device was revoked');
  markDeviceSeen(hub.db, deviceId, hub.now().toISOString(), ctx.remoteAddress ?? null);
  if (ctx.lan) Object.assign(ctx.lan, { deviceId, kind: row.kind });
  return { deviceId, kind: row.kind, name: row.name };
}
