/**
 * The schemas of devices on the office LAN that more than one namespace uses (device, auth, setup):
 * a device's kind, name, id and credential, the pairing code as typed, a paired device. Not a
 * namespace: ./device.ts has the manager's procedures, ./auth.ts the device's pairing and proof.
 */
import { z } from 'zod';
import { deviceKinds } from '../roles';
import * as s from './schemas';

export const deviceKind = z.enum(deviceKinds);
export const deviceName = s.freeText({ min: 1, max: 60 });
export const deviceId = z.number().int().positive();
/** a device credential: 256 random bits, base64url */
export const credential = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid_credential');
/** 12 digits in any digit set, spaces and dashes allowed between them */
export const pairingCodeText = z.string().max(40);
/** What a paired device keeps (a browser in localStorage): its id and credential, its kind and name. */
export const pairedDevice = z.object({ deviceId, credential, kind: deviceKind, name: z.string() });

export const deviceView = z.object({
  id: deviceId,
  kind: deviceKind,
  name: z.string(),
  pairedAt: s.isoInstant,
  pairedBy: z.string(),
  pairedFrom: z.string().nullable(),
  lastSeenAt: s.isoInstant.nullable(),
  lastAddress: z.string().nullable(),
  revokedAt: s.isoInstant.nullable(),
  revokedBy: z.string().nullable(),
  revokedReason: z.string().nullable(),
  /** sessions open on it now */
  openSessions: z.number().int().nonnegative(),
});
export type DeviceView = z.infer<typeof deviceView>;

export const pendingCode = z.object({ id: z.number().int().positive(), kind: deviceKind, name: z.string(), issuedAt: s.isoInstant, expiresAt: s.isoInstant });

/** The office's LAN certificate authority: what a browser installs, and the fingerprint to compare. */
export const officeCertificate = z.object({
  /** sha256 of the certificate authority's public key (SPKI), hex in pairs — what devices pin */
  fingerprint: z.string(),
  pem: z.string(),
  notAfter: s.isoInstant,
});
