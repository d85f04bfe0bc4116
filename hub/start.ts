import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/sqlite';
import type { PdfPrinter } from '../native/receipt/pdf';
import { Hub, type HubOptions } from './hub';
import type { SyncOptions } from './sync/syncService';
import { hexKeyFormat, KEY_FILE } from './keys/keyFile';
import { openWithStoredKey, type StoredKey } from './keys/storedKey';
import { createLogger, type Logger } from './log';
import { hubEpoch } from '../db/standby';

export const DATABASE_FILE = 'office.sqlite';

/** This hub learned that a standby was promoted over it (a higher epoch): it must not serve. */
export class HubSupersededError extends Error {
  constructor(
    readonly epoch: number,
    readonly by: string,
    readonly at: string,
  ) {
    super(`a standby hub was promoted over this one (epoch ${epoch}, serving at ${by || 'an unknown address'} since ${at}): this PC will not serve as the office's hub until the manager says so (npm run standby -- resume --data-dir <folder>)`);
    this.name = 'HubSupersededError';
  }
}

export interface RunningHub {
  hub: Hub;
  db: Database;
  close(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  version: string;
  log?: Logger;
  pdfPrinter?: PdfPrinter;
  /** the database key sealed by the OS keychain (the desktop app: electron/keyStore.ts); otherwise the key file is used */
  keyStore?: StoredKey;
  /** where the key lives when there is no keychain; default `<dataDir>/office.key` (made on first run) */
  keyFile?: string;
  /** the outbox's timers and limits (defaults suit an office; tests shorten them) */
  sync?: SyncOptions;
  /** the backups' hourly check and test hooks (hub/backup) */
  backup?: HubOptions['backup'];
  /** the office clock (default the PC's); tests run the office's day at a chosen hour, the e2e specs move it across a day */
  now?: () => Date;
}

/**
 * Open the office's database in `dataDir` (creating the folder), encrypted at rest with the key
 * (docs/SECURITY.md), and start the hub on it.
 */
export function startHub(options: StartOptions): RunningHub {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dbFile = path.join(options.dataDir, DATABASE_FILE);
  // either way an interrupted key rotation is finished or undone here (hub/keys/storedKey.ts)
  const store = options.keyStore ?? { file: options.keyFile ?? path.join(options.dataDir, KEY_FILE), format: hexKeyFormat };
  const db = openWithStoredKey(dbFile, store);
  // a standby was promoted over this hub: it refuses to serve until the manager resumes it (docs/STANDBY.md § Fencing)
  const epoch = hubEpoch(db);
  if (epoch.supersededEpoch !== null) {
    db.close();
    throw new HubSupersededError(epoch.supersededEpoch, epoch.supersededBy ?? '', epoch.supersededAt ?? '');
  }
  const hub = new Hub({
    db,
    version: options.version,
    log: options.log ?? createLogger(),
    // the page store lives beside the database (<dataDir>/pages): pages must outlive a restart
    capture: { dir: options.dataDir },
    ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    // backups are sealed with the same key (hub/backup; docs/BACKUP.md)
    backup: { officeKey: store.format.read(store.file), ...options.backup },
    ...(options.now ? { now: options.now } : {}),
    // handed to the standby, wrapped for it, with each copy (docs/STANDBY.md)
    officeKey: () => store.format.read(store.file),
  });
  return {
    hub,
    db,
    async close() {
      // the hub's own end first (capture jobs, the receipt printer's browser), then its database
      await hub.close();
      db.close();
    },
  };
}

export { DatabaseInUseError, DatabaseKeyError } from '../db/open';
export { KeyFileError } from './keys/keyFile';
