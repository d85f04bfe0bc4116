/**
 * Joining the office again after the manager revoked this workstation (docs/WORKSTATIONS.md § Rejoining
 * after a revocation): a new pairing code from the manager, the same office hub (from the settings
 * kept, unless another address is given), the same name and role. The revoked credential is
 * discarded — `workstation.json` is replaced only once the new pairing succeeded, so a wrong or
 * expired code leaves everything as it was.
 *
 * Pages the hub never confirmed cannot be sent under the new credential (their jobs were the revoked
 * device's): the spool is set aside whole — `spool-before-rejoin-<time>/`, still sealed under
 * `spool.key` — and counted, so the clerk is told plainly how many pages of how many scans must be
 * scanned again. The card terminal's records (`pay/`) stay: they are what keeps an order from being
 * charged twice, whatever the credential.
 */
import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { WorkstationKind } from '../core/api/workstation';
import { JoinError, joinOffice, type JoinOptions } from './join';
import { loadSettings, SettingsError, type WorkstationSettings } from './settings';

export interface RejoinOptions {
  dataDir: string;
  code: string;
  /** another hub address; default: the one this workstation joined */
  hubUrl?: string | undefined;
  name?: string | undefined;
  kind?: WorkstationKind | undefined;
  now?: () => Date;
  /** for tests */
  join?: (options: JoinOptions) => Promise<WorkstationSettings>;
}

export interface RejoinResult {
  settings: WorkstationSettings;
  /** the unconfirmed pages set aside, or null when the spool held none */
  setAside: { dir: string; scans: number; pages: number } | null;
}

export async function rejoinOffice(options: RejoinOptions): Promise<RejoinResult> {
  let old: WorkstationSettings | null = null;
  try {
    old = loadSettings(options.dataDir);
  } catch (err) {
    // a damaged file: the address, name and role must then be given
    if (!(err instanceof SettingsError)) throw err;
  }
  const hubUrl = options.hubUrl ?? old?.hub.url;
  const name = options.name ?? old?.name;
  const kind = options.kind ?? old?.kind;
  if (!hubUrl || !name || !kind) throw new JoinError('JOIN_BAD_ADDRESS', 'this workstation keeps no office to join again: give the hub address, the name and the role');
  const now = options.now ?? (() => new Date());
  const settings = await (options.join ?? joinOffice)({ hubUrl, code: options.code, kind, name, dataDir: options.dataDir, now });
  return { settings, setAside: setSpoolAside(options.dataDir, now()) };
}

/** Moves the spool's unconfirmed pages aside (whole, still sealed); null when there were none. */
function setSpoolAside(dataDir: string, at: Date): RejoinResult['setAside'] {
  const spool = path.join(dataDir, 'spool');
  if (!existsSync(spool)) return null;
  let scans = 0;
  let pages = 0;
  for (const job of readdirSync(spool)) {
    const n = readdirSync(path.join(spool, job)).filter((f) => f.endsWith('.page')).length;
    if (n > 0) scans++;
    pages += n;
  }
  if (pages === 0) return null;
  const dir = path.join(dataDir, `spool-before-rejoin-${at.toISOString().replace(/[:.]/g, '-')}`);
  renameSync(spool, dir);
  return { dir, scans, pages };
}
