import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open';
import type { Database } from '../db/sqlite';
import type { PdfPrinter } from '../native/receipt/pdf';
import { Hub } from './hub';
import { createLogger, type Logger } from './log';

export const DATABASE_FILE = 'office.sqlite';

export interface RunningHub {
  hub: Hub;
  db: Database;
  close(): Promise<void>;
}

/** Open the office's database in `dataDir` (creating the folder) and start the hub on it. */
export function startHub(options: { dataDir: string; version: string; log?: Logger; pdfPrinter?: PdfPrinter }): RunningHub {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE));
  const hub = new Hub({ db, version: options.version, log: options.log ?? createLogger(), ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}) });
  return {
    hub,
    db,
    async close() {
      hub.close();
      db.close();
    },
  };
}

export { DatabaseInUseError } from '../db/open';
