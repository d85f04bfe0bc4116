/**
 * Backups under faults (issue 20): the target pulled away mid-backup, the target full, one flipped
 * byte, the wrong key. Each: a clear Persian message, the previous good generation untouched and
 * still restorable, and never a half-written generation that counts as good.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recentBackupRuns } from '../../db/backups';
import { listRestorable } from './support';
import { generationDir, listGenerations } from '../../native/backup/files';
import { listBackupGenerations, restoreBackup, RestoreError } from '../../hub/backup/restore';
import { verifyGeneration } from '../../hub/backup/verify';
import { openWithKeyFile, readKeyFile } from '../../hub/keys/keyFile';
import { problemFa } from '../../scripts/restoreMessages';
import { fa } from '../../renderer/i18n/fa';
import { setUpHub } from '../support/hub';
import { tempFolders } from '../support/tempFolders';
import type { BackupOptions } from '../../hub/backup/backupService';

const tempFolder = tempFolders();
const PERSIAN = /[\u0600-\u06FF]/;

async function office(target?: string, hooks?: BackupOptions['hooks']) {
  const dataDir = tempFolder('daftaryar-bkf-data-');
  const db = openWithKeyFile(path.join(dataDir, 'office.sqlite'), path.join(dataDir, 'office.key'));
  const key = readKeyFile(path.join(dataDir, 'office.key'));
  const t = await setUpHub({ db, capture: { dir: dataDir }, backup: { officeKey: key, checkEveryMs: 0, ...(hooks ? { hooks } : {}) } });
  const tgt = target ?? tempFolder('daftaryar-bkf-target-');
  await t.hub.services.backup.setTarget(tgt);
  const addPage = (bytes = 40_000) => {
    const name = randomBytes(32).toString('hex');
    mkdirSync(path.join(dataDir, 'pages', name.slice(0, 2)), { recursive: true });
    writeFileSync(path.join(dataDir, 'pages', name.slice(0, 2), name), randomBytes(bytes));
    return name;
  };
  return { t, db, key, dataDir, target: tgt, addPage, backup: t.hub.services.backup };
}

/** The previous good generation is whole: it verifies and restores into a fresh folder. */
async function stillRestorable(target: string, generation: string, key: Buffer) {
  expect(await verifyGeneration(target, generation, key)).toMatchObject({ ok: true });
  const to = tempFolder('daftaryar-bkf-restore-');
  const r = await restoreBackup({ from: target, to, key });
  expect(r.generation).toBe(generation);
}

describe('backup faults', () => {
  it('the target pulled away mid-backup: the run fails as «missing», the half-written generation never counts, the previous one restores', async () => {
    let pull: (() => void) | null = null;
    const o = await office(undefined, {
      beforePage: (i) => {
        if (i === 2 && pull) pull();
      },
    });
    o.addPage();
    const good = await o.backup.run('hourly');
    expect(good.state).toBe('verified');
    for (let i = 0; i < 4; i++) o.addPage();
    const away = `${o.target}-unplugged`;
    pull = () => renameSync(o.target, away);
    const bad = await o.backup.run('manual');
    expect(bad).toMatchObject({ state: 'failed', problem: 'BACKUP_TARGET_MISSING' });
    expect(PERSIAN.test(problemFa('BACKUP_TARGET_MISSING', null))).toBe(true);
    expect(fa.errors.BACKUP_TARGET_MISSING).toMatch(/پشتیبان‌های پیشین دست نخورده‌اند/);
    // plugged back in: the half-written generation is there, without its manifest
    renameSync(away, o.target);
    expect(await listGenerations(o.target)).toEqual([good.generation, bad.generation].sort());
    expect(existsSync(path.join(generationDir(o.target, bad.generation!), 'manifest.json'))).toBe(false);
    expect((await verifyGeneration(o.target, bad.generation!, o.key)).ok).toBe(false);
    const listed = await listBackupGenerations(o.target, o.key);
    expect(listed.map((g) => [g.id, g.state])).toEqual([
      [bad.generation, 'incomplete'],
      [good.generation, 'verified'],
    ]);
    expect(listRestorable(listed)).toEqual([good.generation]);
    await stillRestorable(o.target, good.generation!, o.key);
    // the dashboard says so
    expect((await o.backup.status()).reasons).toContain('failed');
    // the next run succeeds and removes the half-written one
    pull = null;
    o.t.advance(3600_000);
    const next = await o.backup.run('hourly');
    expect(next.state).toBe('verified');
    expect(next.pruned).toContain(bad.generation);
    await o.t.close();
  });

  it.skipIf(process.getuid?.() !== 0)('the target full (a 3 MB tmpfs): the run fails as «full», nothing half-written is left as good, the previous one restores', async () => {
    const mnt = tempFolder('daftaryar-bkf-tmpfs-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
    try {
      const o = await office(mnt);
      o.addPage(300_000);
      const good = await o.backup.run('hourly');
      expect(good.state).toBe('verified');
      for (let i = 0; i < 8; i++) o.addPage(300_000);
      const bad = await o.backup.run('manual');
      expect(bad).toMatchObject({ state: 'failed', problem: 'BACKUP_TARGET_FULL' });
      expect(fa.errors.BACKUP_TARGET_FULL).toMatch(/پر است/);
      // the failed generation was removed, and no partial file is left under a page's name
      expect(await listGenerations(mnt)).toEqual([good.generation]);
      const partials = readdirSync(path.join(mnt, 'pages'), { recursive: true }).map(String).filter((n) => n.endsWith('.part'));
      expect(partials).toEqual([]);
      await stillRestorable(mnt, good.generation!, o.key);
      expect(recentBackupRuns(o.db, 1)[0]).toMatchObject({ state: 'failed', problem: 'BACKUP_TARGET_FULL' });
      await o.t.close();
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('one flipped byte: verification names the damaged file in Persian, and a restore takes the previous good generation', async () => {
    const o = await office();
    o.addPage();
    const older = await o.backup.run('hourly');
    const page = o.addPage();
    o.t.advance(3600_000);
    const newer = await o.backup.run('hourly');
    expect([older.state, newer.state]).toEqual(['verified', 'verified']);

    // a byte of the newest page file (only the newer generation names it)
    const pageFile = path.join(o.target, 'pages', page.slice(0, 2), page);
    const flip = (file: string, at: number) => {
      const bytes = readFileSync(file);
      bytes[at] = bytes[at]! ^ 0x01;
      writeFileSync(file, bytes);
    };
    flip(pageFile, 1234);
    const v = await verifyGeneration(o.target, newer.generation!, o.key);
    expect(v).toMatchObject({ ok: false, problem: 'BACKUP_CORRUPT', detail: path.join('pages', page.slice(0, 2), page) });
    const message = problemFa('BACKUP_CORRUPT', v.ok ? null : v.detail);
    expect(message).toContain(page);
    expect(message).toMatch(/آسیب دیده/);
    // a restore of the damaged one is refused; without a choice the previous good one is taken
    await expect(restoreBackup({ from: o.target, to: tempFolder('daftaryar-bkf-r-'), key: o.key, generation: newer.generation! })).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    await stillRestorable(o.target, older.generation!, o.key);
    flip(pageFile, 1234);

    // a byte of the database snapshot
    const dbFile = path.join(generationDir(o.target, newer.generation!), 'office.sqlite');
    flip(dbFile, 5000);
    expect(await verifyGeneration(o.target, newer.generation!, o.key)).toMatchObject({ ok: false, problem: 'BACKUP_CORRUPT', detail: path.join(newer.generation!, 'office.sqlite') });
    expect(await verifyGeneration(o.target, older.generation!, o.key)).toMatchObject({ ok: true });
    await o.t.close();
  });

  it('the wrong key: verification and restore refuse in Persian, nothing is written, the generation is untouched', async () => {
    const o = await office();
    o.addPage();
    const good = await o.backup.run('manual');
    expect(good.state).toBe('verified');
    const before = readFileSync(path.join(generationDir(o.target, good.generation!), 'office.sqlite'));
    const wrong = randomBytes(32);
    expect(await verifyGeneration(o.target, good.generation!, wrong)).toMatchObject({ ok: false, problem: 'BACKUP_WRONG_KEY' });
    const to = path.join(tempFolder('daftaryar-bkf-wk-'), 'data');
    const err = await restoreBackup({ from: o.target, to, key: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestoreError);
    expect((err as RestoreError).code).toBe('BACKUP_WRONG_KEY');
    expect(problemFa('BACKUP_WRONG_KEY', null)).toMatch(/کلید دفتر با این پشتیبان نمی‌خواند/);
    expect(existsSync(to)).toBe(false);
    expect(readFileSync(path.join(generationDir(o.target, good.generation!), 'office.sqlite')).equals(before)).toBe(true);
    expect((await listBackupGenerations(o.target, wrong)).map((g) => g.state)).toEqual(['wrongKey']);
    await stillRestorable(o.target, good.generation!, o.key);
    await o.t.close();
  });

  it('refuses to restore into a folder that is not empty', async () => {
    const o = await office();
    expect((await o.backup.run('manual')).state).toBe('verified');
    const to = tempFolder('daftaryar-bkf-ne-');
    writeFileSync(path.join(to, 'office.sqlite'), 'someone else');
    await expect(restoreBackup({ from: o.target, to, key: o.key })).rejects.toMatchObject({ code: 'RESTORE_DATA_NOT_EMPTY' });
    expect(readFileSync(path.join(to, 'office.sqlite'), 'utf8')).toBe('someone else');
    await o.t.close();
  });
});
