/**
 * What a workstation keeps about the office it joined (docs/WORKSTATIONS.md): the hub's address, the
 * pinned office authority, its device id and credential, its name and kind. One JSON file in the
 * workstation's data folder, mode 0600 (the credential is a secret), written atomically.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isoInstant } from '../core/api/schemas';
import { pairedHub } from '../native/lan/hubClient';

export const SETTINGS_FILE = 'workstation.json';

export const workstationSettings = z.object({ hub: pairedHub, name: z.string(), kind: z.enum(['counter', 'kiosk', 'board']), joinedAt: isoInstant });
export type WorkstationSettings = z.infer<typeof workstationSettings>;

export class SettingsError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** The settings, or null when this workstation has not joined an office; a damaged file is a SettingsError. */
export function loadSettings(dataDir: string): WorkstationSettings | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, SETTINGS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SettingsError('unreadable', `cannot read ${SETTINGS_FILE}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SettingsError('corrupt', `${SETTINGS_FILE} is not JSON`);
  }
  const parsed = workstationSettings.safeParse(json);
  if (!parsed.success) throw new SettingsError('corrupt', `${SETTINGS_FILE} does not hold workstation settings`);
  return parsed.data;
}

/** Writes the settings: a temporary file, fsync, rename over the old one, fsync of the folder. */
export function saveSettings(dataDir: string, settings: WorkstationSettings): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SETTINGS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(workstationSettings.parse(settings), null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

export function forgetSettings(dataDir: string): void {
  rmSync(path.join(dataDir, SETTINGS_FILE), { force: true });
}
