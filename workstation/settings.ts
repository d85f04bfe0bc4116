/**
 * What a workstation keeps (docs/OFFICE-SETUP.md): the office hub it joined — its address, the
 * office certificate authority it pins, and this PC's device credential — its name and its role.
 * Nothing else of the office is stored on a workstation: no database, no pages, no key.
 *
 * One JSON file in the workstation's data folder, written atomically (temporary file, fsync,
 * rename, fsync of the folder) with mode 0600: the credential is a secret. Read back through zod; a
 * damaged file is a typed error, never a crash and never silently «not joined».
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isoInstant } from '../core/api/schemas';
import { workstationKinds } from '../core/api/workstation';
import { pairedHub } from '../native/lan/hubClient';
import { syncFolder, writeFileDurably } from '../native/fs/durableFile';

export const SETTINGS_FILE = 'workstation.json';

export const workstationSettings = z.object({
  hub: pairedHub,
  name: z.string(),
  kind: z.enum(workstationKinds),
  joinedAt: isoInstant,
});
export type WorkstationSettings = z.infer<typeof workstationSettings>;

export class SettingsError extends Error {
  constructor(
    readonly reason: 'unreadable' | 'corrupt',
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export const settingsPath = (dataDir: string): string => path.join(dataDir, SETTINGS_FILE);

/** The settings of a joined workstation; null when this PC has not joined an office. */
export function loadSettings(dataDir: string): WorkstationSettings | null {
  const file = settingsPath(dataDir);
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SettingsError('unreadable', file, `cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SettingsError('corrupt', file, `${file} is not JSON`);
  }
  const parsed = workstationSettings.safeParse(json);
  if (!parsed.success) throw new SettingsError('corrupt', file, `${file} is not a workstation's settings: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Write the settings: complete or not at all, even across a power cut. */
export function saveSettings(dataDir: string, settings: WorkstationSettings): void {
  const valid = workstationSettings.parse(settings);
  writeFileDurably(settingsPath(dataDir), `${JSON.stringify(valid, null, 2)}\n`);
}

/** Forget the office: this PC is no longer a workstation of it (its device stays on the hub until the manager removes it). */
export function forgetSettings(dataDir: string): void {
  rmSync(settingsPath(dataDir), { force: true });
  if (existsSync(dataDir)) syncFolder(dataDir);
}

