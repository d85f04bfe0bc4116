import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/sqlite';
import type { PdfPrinter } from '../native/receipt/pdf';
import { Hub } from './hub';
import type { SyncOptions } from './sync/syncService';
import { hexKeyFormat, KEY_FILE } from './keys/keyFile';
import { openWithStoredKey, type StoredKey } from './keys/storedKey';
import { createLogger, type Logger } from './log';

export const DATABASE_FILE = 'office.sqlite';

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
  /** the office clock (default the PC's); the e2e specs move it across a day to see what changes with the day */
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
  const db = openWithStoredKey(dbFile, options.keyStore ?? { file: options.keyFile ?? path.join(options.dataDir, KEY_FILE), format: hexKeyFormat });
  const hub = new Hub({
    db,
    version: options.version,
    log: options.log ?? createLogger(),
    // the page store lives beside the database (<dataDir>/pages): pages must outlive a restart
    capture: { dir: options.dataDir },
    ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    hub,
    db,
    async close() {
      hub.close();
      db.close();
    },
  };
}

export { DatabaseInUseError, DatabaseKeyError } from '../db/open';
export { KeyFileError } from './keys/keyFile';
