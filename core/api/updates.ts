/**
 * The app's updates for the office's workstations (docs/UPDATES.md): the hub keeps the installers
 * the manager brought, and serves them with their feed to paired workstations at UPDATES_PATH
 * (electron-updater's generic provider, the device credential in `Authorization`, as the agent's
 * page uploads). The manager sees what is offered and which workstation runs which version.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';
import { appVersion, updatePlatforms } from '../updates/feed';

/** GET `${UPDATES_PATH}/<file>`: a feed (`latest.yml`, `latest-linux.yml`) or an installer it names. */
export const UPDATES_PATH = '/api/updates';

export const availableUpdate = z.object({
  platform: z.enum(updatePlatforms as ['windows', 'linux']),
  version: appVersion,
  file: z.string(),
  bytes: z.number().int().positive(),
  releaseDate: z.string().nullable(),
});

export const workstationVersion = z.object({
  deviceId: z.number().int().positive(),
  name: z.string(),
  kind: z.enum(['counter', 'kiosk']),
  /** the app's version the workstation reported at its last connect; null: never reported (an older app) */
  appVersion: z.string().nullable(),
  /** when it reported it */
  reportedAt: s.isoInstant.nullable(),
  /** an offered version is newer than the one it runs (or it never reported one) */
  behind: z.boolean(),
});

export const updatesProcedures = {
  'updates.status': procedure({
    summary: "What the hub offers its workstations (per platform: version, installer, size) and which version each paired counter and kiosk PC runs, as it reported at its last connect (manager).",
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ hubVersion: z.string(), available: z.array(availableUpdate), workstations: z.array(workstationVersion) }),
  }),
  'updates.import': procedure({
    summary: "Bring an update from a folder on the hub's PC (a USB disk): each latest.yml / latest-linux.yml there and the installers it names, checked (version, plain names, size limit, sha512) before the offered version changes (manager).",
    access: ['manager'],
    input: z.object({ folder: s.folderPath(1000) }).strict(),
    output: z.object({ available: z.array(availableUpdate) }),
  }),
  'updates.report': procedure({
    summary: "A paired workstation's window says which version of the app it runs, at each connect (after auth.device); the manager's updates screen shows it.",
    access: 'public',
    input: z.object({ appVersion }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
} satisfies Record<string, ProcedureDef>;
