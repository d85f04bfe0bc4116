/**
 * A hub as the standby's copies need it: an encrypted database in a data folder (the pages beside
 * it), behind its real HTTPS server (./lanHub.ts). For the standby's tests in hub/ and electron/.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase } from '../../db/open';
import { DATABASE_FILE } from '../../hub/start';
import { startLanHub, type LanHub } from './lanHub';

export async function startStandbyOffice(hubDir: string) {
  const key = randomBytes(32);
  const db = openDatabase(path.join(hubDir, DATABASE_FILE), { key });
  const hub = await startLanHub({ db, officeKey: () => key, capture: { dir: hubDir } });
  return { hub, key };
}

/**
 * A test file's folders and offices, all gone after each test (the offices closed first): `tmp(name)`
 * makes a folder, `office()` a hub in a folder of its own. Call it at the top of the file.
 */
export function standbyTestBed(prefix: string) {
  const dirs: string[] = [];
  const hubs: LanHub[] = [];
  afterEach(async () => {
    for (const h of hubs.splice(0)) await h.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = (name: string) => {
    const d = mkdtempSync(path.join(tmpdir(), `daftaryar-${prefix}-${name}-`));
    dirs.push(d);
    return d;
  };
  const office = async () => {
    const hubDir = tmp('hub');
    const started = await startStandbyOffice(hubDir);
    hubs.push(started.hub);
    return { ...started, hubDir };
  };
  return { tmp, office };
}
