import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enableTotp, getStaffTotp, insertStaff, setPendingTotpSecret } from '../../db/staff';
import { auditPage } from '../../db/audit';
import { KEY_FILE, openWithKeyFile } from '../../hub/keys/keyFile';
import { DATABASE_FILE, startHub } from '../../hub/start';

// `npm run totp:disable`: the way back for a manager whose phone is lost — a stopped hub, its data folder and key.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const run = (dir: string, username: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/totp-disable.ts', '--data-dir', dir, '--username', username], { encoding: 'utf8' });

describe('totp:disable', () => {
  it('turns TOTP off for the named account of a stopped hub, audited; refuses a folder in use and says when there is nothing to do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-totp-'));
    dirs.push(dir);
    const hub = startHub({ dataDir: dir, version: 'test' });
    const id = insertStaff(hub.db, { username: 'maryam', displayName: 'مریم', role: 'manager', passwordHash: 'h' }, new Date().toISOString());
    setPendingTotpSecret(hub.db, id, 'JBSWY3DPEHPK3PXP');
    enableTotp(hub.db, id, 1);
    expect(run(dir, 'maryam').status).toBe(2); // the running hub holds the database
    await hub.close();

    expect(run(dir, 'nobody').status).toBe(1);
    const done = run(dir, 'MARYAM');
    expect(done.status).toBe(0);
    expect(run(dir, 'maryam').status).toBe(1);

    const db = openWithKeyFile(path.join(dir, DATABASE_FILE), path.join(dir, KEY_FILE));
    try {
      expect(getStaffTotp(db, id)).toEqual({ enabled: false, secret: null, pendingSecret: null, lastStep: null });
      const entries = auditPage(db, { beforeSeq: Number.MAX_SAFE_INTEGER, limit: 10, action: 'totpDisabled' });
      expect(entries).toMatchObject([{ actor: 'system', subject: `staff:${id}` }]);
      expect(JSON.parse(entries[0]!.detail)).toEqual({ via: 'cli' });
    } finally {
      db.close();
    }
  }, 60_000); // four runs of a tsx script
});
