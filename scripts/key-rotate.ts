/**
 * `npm run key:rotate -- --data-dir <folder> [--key-file <file>]`: re-encrypt a stopped office's
 * database under a new random key and replace its key file (hub/keys/keyFile.ts: crash-safe).
 * Back up the new key file afterwards; the old one no longer opens the database.
 */
import path from 'node:path';
import { readConfig } from '../hub/config/config';
import { KEY_FILE, openWithKeyFile, rotateKey } from '../hub/keys/keyFile';
import { DATABASE_FILE } from '../hub/start';

try {
  const config = readConfig(process.argv.slice(2));
  const keyFile = config.keyFile ?? path.join(config.dataDir, KEY_FILE);
  const db = openWithKeyFile(path.join(config.dataDir, DATABASE_FILE), keyFile);
  try {
    rotateKey(db, keyFile);
  } finally {
    db.close();
  }
  console.log(`the office database now opens only with the new key in ${keyFile}; back it up (apart from the data folder's backups)`);
} catch (err) {
  console.error(`key not rotated: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
