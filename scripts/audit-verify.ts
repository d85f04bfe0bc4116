/**
 * `npm run audit:verify -- --data-dir <folder>`: check the office's audit chain with the hub
 * stopped (the hub holds the database exclusively while it runs; then use the manager console's
 * «رویدادنگاری»). Exit 0 when intact, 1 when broken (and where), 2 when it cannot be checked.
 */
import path from 'node:path';
import { readConfig } from '../hub/config/config';
import { DATABASE_FILE } from '../hub/start';
import { KEY_FILE, openWithKeyFile } from '../hub/keys/keyFile';
import { verify } from '../hub/audit/auditLog';

try {
  const config = readConfig(process.argv.slice(2));
  const db = openWithKeyFile(path.join(config.dataDir, DATABASE_FILE), config.keyFile ?? path.join(config.dataDir, KEY_FILE));
  try {
    const result = verify(db);
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    db.close();
  }
} catch (err) {
  console.error(`audit chain not checked: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
