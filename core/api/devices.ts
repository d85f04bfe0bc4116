/**
 * Devices on the office LAN (docs/SECURITY.md § Devices on the LAN). A screen on another PC is
 * served only once the manager paired it: the hub shows a one-time code of 12 digits, the device
 * exchanges it for a device credential and keeps it; the manager sees every device and revokes one
 * in a click, which ends its sessions and its connections at once.
 *
 * The code is two halves of 6 digits: the secret, and a check computed from the secret and the
 * office certificate's public key. A device that can see the certificate (a pinned client) checks
 * the second half before it sends the first, so a machine in the middle never learns the secret.
 */
import { z } from 'zod';
import { deviceKinds } from '../roles';
import type { EventDef, ProcedureDef } from './contract-types';
import * as s from './schemas';

const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;
const event = <P extends z.ZodType>(def: EventDef<P>) => def;

export const deviceKind = z.enum(deviceKinds);
export const deviceName = s.freeText({ min: 1, max: 60 });
const deviceId = z.number().int().positive();
/** a device credential: 256 random bits, base64url */
const credential = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid_credential');
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

export const deviceProcedures = {
  'device.list': procedure({
    summary: 'Every paired device (revoked ones too, for the record), the pairing codes still open, and the office LAN certificate (manager).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ devices: z.array(deviceView), codes: z.array(pendingCode), certificate: officeCertificate }),
  }),

  'device.issueCode': procedure({
    summary: 'A one-time pairing code for one device of a kind, valid for 10 minutes; shown once, kept only as a hash (manager).',
    access: ['manager'],
    input: z.object({ kind: deviceKind, name: deviceName }).strict(),
    output: z.object({ id: z.number().int().positive(), code: z.string().regex(/^\d{12}$/), expiresAt: s.isoInstant, fingerprint: z.string() }),
  }),

  'device.withdrawCode': procedure({
    summary: 'Void a pairing code not yet used (manager).',
    access: ['manager'],
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),

  'device.revoke': procedure({
    summary: "Revoke a device: its sessions end and its connections close at once; it must be paired anew to serve again (manager; audited with the reason).",
    access: ['manager'],
    input: z.object({ deviceId, reason: s.freeText({ min: 3, max: 300 }) }).strict(),
    output: z.object({ ok: z.literal(true), sessionsEnded: z.number().int().nonnegative() }),
  }),

  'auth.pair': procedure({
    summary: 'A device on the LAN exchanges a one-time pairing code for its device credential; the connection is then that device.',
    access: 'public',
    input: z.object({ code: pairingCodeText }).strict(),
    output: z.object({ deviceId, credential, kind: deviceKind, name: z.string(), officeName: z.string(), fingerprint: z.string() }),
  }),

  'auth.device': procedure({
    summary: 'A paired device proves itself with its credential at the start of a LAN connection; until then only pairing is served there.',
    access: 'public',
    input: z.object({ deviceId, credential }).strict(),
    output: z.object({ deviceId, kind: deviceKind, name: z.string() }),
  }),
} satisfies Record<string, ProcedureDef>;

export const deviceEvents = {
  'device.changed': event({
    summary: 'A device was paired or revoked, or a pairing code issued, used or voided (the manager\'s list refreshes).',
    access: ['manager'],
    /** the devices revoked by this change (their connections close) */
    payload: z.object({ revoked: z.array(deviceId) }),
  }),
} satisfies Record<string, EventDef>;
