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
import type { EventDef, ProcedureDef } from './contract-types';
import { event, procedure } from './define';
import { deviceKind, deviceName, deviceId, deviceView, pendingCode, officeCertificate } from './device-types';
import * as s from './schemas';

/** The shared schemas, where the renderer and the hub have always found them. */
export { deviceKind, deviceName, pairingCodeText, pairedDevice, deviceView, pendingCode, officeCertificate } from './device-types';
export type { DeviceView } from './device-types';

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

} satisfies Record<string, ProcedureDef>;

export const deviceEvents = {
  'device.changed': event({
    summary: 'A device was paired or revoked, or a pairing code issued, used or voided (the manager\'s list refreshes).',
    access: ['manager'],
    /** the devices revoked by this change (their connections close) */
    payload: z.object({ revoked: z.array(deviceId) }),
  }),
} satisfies Record<string, EventDef>;
