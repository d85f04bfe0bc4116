/**
 * A hub as the standby's copies need it: an encrypted database in a data folder (the pages beside
 * it), behind its real HTTPS server (./lanHub.ts). For the standby's tests in hub/ and electron/.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { DATABASE_FILE } from '../../hub/start';
import { startLanHub } from './lanHub';

export async function startStandbyOffice(hubDir: string) {
  const key = randomBytes(32);
  const db = openDatabase(path.join(hubDir, DATABASE_FILE), { key });
  const hub = await startLanHub({ db, officeKey: () => key, capture: { dir: hubDir } });
  return { hub, key };
}
