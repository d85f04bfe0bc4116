import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
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

  it('points at the first entry it cannot read when bytes of the encrypted file were flipped inside the trail', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-audit-'));
    dirs.push(dir);
    const hub = startHub({ dataDir: dir, version: 'test' });
    for (let i = 0; i < 400; i++) record(hub.db, new Date(), { actor: 'staff:1', action: 'login', detail: { i, note: 'x'.repeat(300) } });
    // which pages hold the trail's rows, and how many entries sit before the one we damage
    const pageSize = hub.db.pragma('page_size', { simple: true }) as number;
    const pages = (hub.db.prepare("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' ORDER BY pageno").all() as { pageno: number }[]).map((p) => p.pageno);
    await hub.close();
    expect(pages.length).toBeGreaterThan(10);
    const victim = pages[Math.floor(pages.length / 2)]!;
    const file = path.join(dir, DATABASE_FILE);
    const fd = openSync(file, 'r+');
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, (victim - 1) * pageSize + 1000);
    b[0]! ^= 0x5a;
    writeSync(fd, b, 0, 1, (victim - 1) * pageSize + 1000);
    closeSync(fd);

    const damaged = run(dir);
    expect(damaged.status).toBe(1);
    const verdict = JSON.parse(damaged.stdout);
    expect(verdict).toMatchObject({ ok: false, problem: 'damaged' });
    // everything before the damaged page checked out, entry by entry
    expect(verdict.entries).toBeGreaterThan(100);
    expect(verdict.brokenAt).toBe(verdict.entries + 1);
    expect(verdict.brokenAt).toBeLessThan(400);
  });
});

