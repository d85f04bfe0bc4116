import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, openWithKeyFile } from '../../hub/keys/keyFile';
import { record } from '../../hub/audit/auditLog';
import { DATABASE_FILE, startHub } from '../../hub/start';

// `npm run audit:verify` on a real data folder: exit 0 intact, 1 broken (and where), 2 not checkable.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const run = (dir: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', '--data-dir', dir], { encoding: 'utf8' });

describe('audit:verify', () => {
  it('says intact, then points at the entry someone changed, and refuses a folder in use', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-audit-'));
    dirs.push(dir);
    const hub = startHub({ dataDir: dir, version: 'test' });
    for (let i = 0; i < 5; i++) record(hub.db, new Date(), { actor: 'staff:1', action: 'login' });
    const inUse = run(dir);
    expect(inUse.status).toBe(2);
    await hub.close();

    const intact = run(dir);
    expect(intact.status).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, entries: 5 });

    const db = openWithKeyFile(path.join(dir, DATABASE_FILE), path.join(dir, KEY_FILE));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'staff:2' WHERE seq = 3");
    db.close();
    const broken = run(dir);
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toEqual({ ok: false, entries: 2, brokenAt: 3, problem: 'hash' });
  });
});
