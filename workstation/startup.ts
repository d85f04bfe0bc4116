/**
 * What the desktop app is on this PC, decided before anything opens: the office's hub (it holds the
 * office data, or was told so), a workstation of an office hub (it joined one) — or its standby
 * promoted to hub (docs/STANDBY.md) — or neither yet: then the first-run window asks
 * (docs/OFFICE-SETUP.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSettings, type WorkstationSettings } from './settings';

/** the hub's database file (hub/start.ts DATABASE_FILE): its presence makes this PC the hub */
export const OFFICE_DATABASE_FILE = 'office.sqlite';

/**
 * a standby promoted to hub on this PC (hub/standby/promote.ts): the hub folder inside the
 * workstation's, and the record written last, once the promotion is complete
 */
export const PROMOTED_HUB_DIR = 'hub';
export const PROMOTED_RECORD_FILE = 'promoted.json';

export type StartMode =
  | { mode: 'hub' }
  /** this PC was the standby and was promoted: it serves the office from `hubDir` */
  | { mode: 'promotedHub'; hubDir: string }
  | { mode: 'workstation'; settings: WorkstationSettings }
  /** `--hub` and `--code` given and not joined yet: join from the command line, then start as a workstation */
  | { mode: 'join'; hubUrl: string; code: string }
  | { mode: 'firstRun' };

export interface StartArgs {
  dataDir: string;
  /** --hub <address> */
  hub?: string | undefined;
  /** --code <12 digits> */
  code?: string | undefined;
  /** the data folder was named (--data-dir): a hub's folder, as before workstations existed */
  dataDirChosen?: boolean;
}

/** Throws SettingsError when the settings file is damaged: the app says so rather than starting as something else. */
export function decideStart(args: StartArgs): StartMode {
  const hubDir = path.join(args.dataDir, PROMOTED_HUB_DIR);
  if (existsSync(path.join(hubDir, PROMOTED_RECORD_FILE))) return { mode: 'promotedHub', hubDir };
  const settings = loadSettings(args.dataDir);
  if (settings) return { mode: 'workstation', settings };
  if (args.hub && args.code) return { mode: 'join', hubUrl: args.hub, code: args.code };
  if (existsSync(path.join(args.dataDir, OFFICE_DATABASE_FILE)) || args.dataDirChosen) return { mode: 'hub' };
  return { mode: 'firstRun' };
}
