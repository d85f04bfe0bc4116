/**
 * `npm run totp:disable -- --data-dir <folder> [--key-file <file>] --username <name>`: turn TOTP off for
 * one account of a stopped office — the way back when the phone with the authenticator is lost
 * (docs/SECURITY.md § TOTP). It needs what only the office's technical custodian has: the stopped
 * hub's data folder and its database key. Audited as `totpDisabled` by `system`, with `via: 'cli'`;
 * the password is left as it is. Exit 0 done, 1 nothing to do (no such account, TOTP was off), 2 failed.
 */
import path from 'node:path';
import { normalizeInput } from '../core/text/digits';
import { disableTotp, findStaffByUsername, getStaffTotp } from '../db/staff';
import { record } from '../hub/audit/auditLog';
import { readConfig } from '../hub/config/config';
import { KEY_FILE, openWithKeyFile } from '../hub/keys/keyFile';
import { DATABASE_FILE } from '../hub/start';

try {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--username');
  const username = at >= 0 ? argv[at + 1] : undefined;
  if (!username) throw new Error('say whose: --username <name>');
  const config = readConfig(argv.filter((_, i) => i !== at && i !== at + 1));
  const db = openWithKeyFile(path.join(config.dataDir, DATABASE_FILE), config.keyFile ?? path.join(config.dataDir, KEY_FILE));
  try {
    const staff = findStaffByUsername(db, normalizeInput(username).toLowerCase());
    if (!staff) {
      console.error(`no account named ${username}`);
      process.exitCode = 1;
    } else if (!getStaffTotp(db, staff.id)?.enabled) {
      console.error(`${staff.username} has no TOTP on; nothing changed`);
      process.exitCode = 1;
    } else {
      db.transaction(() => {
        disableTotp(db, staff.id);
        record(db, new Date(), { actor: 'system', action: 'totpDisabled', subject: `staff:${staff.id}`, detail: { via: 'cli' } });
      }).immediate();
      console.log(`TOTP is off for ${staff.username}; they log in with the password alone and can turn it on again in «تنظیمات»`);
    }
  } finally {
    db.close();
  }
} catch (err) {
  console.error(`TOTP not turned off: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
