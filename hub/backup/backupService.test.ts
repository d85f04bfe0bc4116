import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackupDatabase, recentBackupRuns, setBackupPolicy } from '../../db/backups';
import { migrations } from '../../db/migrations';
import { generationDir, listGenerations, listPageFiles } from '../../native/backup/files';
import { readManifest } from '../../native/backup/manifest';
import { openWithKeyFile, readKeyFile } from '../keys/keyFile';
import { setUpHub } from '../../test/support/hub';
import { tempFolders } from '../../test/support/tempFolders';
import { verifyGeneration } from './verify';

const tempFolder = tempFolders();

/** The error code a call was answered with (undefined when it succeeded). */
async function codeOf(answer: Promise<{ ok: boolean } & ({ ok: true } | { ok: false; error: { code: string } })>): Promise<string | undefined> {
  const a = await answer;
  return a.ok ? undefined : a.error.code;
}

/** A set-up hub on an encrypted database in a data folder, and a target folder beside it. */
async function office() {
  const dataDir = tempFolder('daftaryar-backup-data-');
  const target = tempFolder('daftaryar-backup-target-');
  const db = openWithKeyFile(path.join(dataDir, 'office.sqlite'), path.join(dataDir, 'office.key'));
  const key = readKeyFile(path.join(dataDir, 'office.key'));
  const t = await setUpHub({ db, capture: { dir: dataDir }, backup: { officeKey: key, checkEveryMs: 0 } });
  /** a sealed page file as the store keeps it (the backup never opens one: noise of a page's size will do) */
  const addPage = (bytes = 40_000) => {
    const name = randomBytes(32).toString('hex');
    mkdirSync(path.join(dataDir, 'pages', name.slice(0, 2)), { recursive: true });
    writeFileSync(path.join(dataDir, 'pages', name.slice(0, 2), name), randomBytes(bytes));
    return name;
  };
  return { t, db, key, dataDir, target, addPage, backup: t.hub.services.backup };
}

describe('backups', () => {
  it('writes an encrypted snapshot and the page files, verifies them, and copies only new pages the next time', async () => {
    const o = await office();
    const first = [o.addPage(), o.addPage(), o.addPage()];
    await o.t.ok('backup.setTarget', { target: o.target }, o.t.managerSession);
    const r1 = await o.backup.run('manual');
    expect(r1).toMatchObject({ state: 'verified', problem: null, pageFiles: 3, pagesCopied: 3 });

    const gen = generationDir(o.target, r1.generation!);
    const snapshot = readFileSync(path.join(gen, 'office.sqlite'));
    // sealed with the office key, not a plaintext SQLite file
    expect(snapshot.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const copy = openBackupDatabase(path.join(gen, 'office.sqlite'), o.key);
    expect((copy.prepare("SELECT count(*) AS n FROM staff WHERE username = 'maryam'").get() as { n: number }).n).toBe(1);
    copy.close();
    const m1 = await readManifest(gen);
    expect(m1).toMatchObject({ kind: 'manual', schemaVersion: migrations.at(-1)!.version, appVersion: 'test' });
    expect(m1.pages.map((p) => p.name).sort()).toEqual([...first].sort());
    // the sealed bytes are copied as they are
    for (const name of first) expect(readFileSync(path.join(o.target, 'pages', name.slice(0, 2), name)).equals(readFileSync(path.join(o.dataDir, 'pages', name.slice(0, 2), name)))).toBe(true);

    o.addPage();
    o.addPage();
    o.t.advance(61 * 60_000);
    const r2 = await o.backup.run('hourly');
    expect(r2).toMatchObject({ state: 'verified', pageFiles: 5, pagesCopied: 2 });
    expect((await verifyGeneration(o.target, r1.generation!, o.key)).ok).toBe(true);
    expect(recentBackupRuns(o.db, 10).map((r) => [r.kind, r.state])).toEqual([
      ['hourly', 'verified'],
      ['manual', 'verified'],
    ]);
    const status = await o.t.ok('backup.status', {}, o.t.managerSession);
    expect(status).toMatchObject({ targetState: 'ok', red: false, reasons: [], ageMinutes: 0, lastVerifiedGeneration: r2.generation });
    await o.t.close();
  });

  it('keeps the newest generations the policy names, and page files only while a kept generation names them', async () => {
    const o = await office();
    await o.backup.setTarget(o.target);
    setBackupPolicy(o.db, { keepHourly: 2, keepDaily: 1, keepMonthly: 1, maxAgeMinutes: 120, workFromHour: 7, workToHour: 17 });
    const gens: string[] = [];
    const pages: string[] = [];
    for (let i = 0; i < 4; i++) {
      pages.push(o.addPage());
      const r = await o.backup.run('hourly');
      expect(r.state).toBe('verified');
      gens.push(r.generation!);
      o.t.advance(3600_000);
    }
    // the 2 newest hourly (the month's newest is among them)
    expect(await listGenerations(o.target)).toEqual(gens.slice(2));
    // page 0 was removed from the store: only the pruned generations named it
    const { rmSync } = await import('node:fs');
    rmSync(path.join(o.dataDir, 'pages', pages[0]!.slice(0, 2), pages[0]!));
    pages.push(o.addPage());
    const r = await o.backup.run('hourly');
    expect(r.pruned).toEqual([gens[2]]);
    // page 0 is kept: the generation before this one still names it
    expect((await listPageFiles(path.join(o.target, 'pages'))).sort()).toEqual([...pages].sort());
    o.t.advance(3600_000);
    const r2 = await o.backup.run('hourly');
    expect(r2.pruned).toEqual([gens[3]]);
    // now nobody names it
    expect((await listPageFiles(path.join(o.target, 'pages'))).sort()).toEqual(pages.slice(1).sort());
    // every kept generation still verifies
    for (const g of await listGenerations(o.target)) expect((await verifyGeneration(o.target, g, o.key)).ok).toBe(true);
    await o.t.close();
  });

  it('refuses a target that is missing, not a folder, relative, or the data folder or inside it', async () => {
    const o = await office();
    const m = o.t.managerSession;
    const file = path.join(o.target, 'a-file');
    writeFileSync(file, 'x');
    expect(await codeOf(o.t.call('backup.setTarget', { target: path.join(o.target, 'nope') }, m))).toBe('BACKUP_TARGET_MISSING');
    expect(await codeOf(o.t.call('backup.setTarget', { target: file }, m))).toBe('BACKUP_TARGET_INVALID');
    expect(await codeOf(o.t.call('backup.setTarget', { target: 'relative/folder' }, m))).toBe('BACKUP_TARGET_INVALID');
    expect(await codeOf(o.t.call('backup.setTarget', { target: o.dataDir }, m))).toBe('BACKUP_TARGET_INSIDE_DATA');
    mkdirSync(path.join(o.dataDir, 'inner'));
    expect(await codeOf(o.t.call('backup.setTarget', { target: path.join(o.dataDir, 'inner') }, m))).toBe('BACKUP_TARGET_INSIDE_DATA');
    expect((await o.t.call('backup.now', {}, m)).ok).toBe(true);
    await o.t.close();
  });

  it('turns the dashboard red: no target, never backed up, too old in working hours, the target missing, filling up', async () => {
    const o = await office();
    const m = o.t.managerSession;
    expect(await o.t.ok('backup.status', {}, m)).toMatchObject({ red: true, reasons: ['notSet'], targetState: 'notSet' });
    await o.t.ok('backup.setTarget', { target: o.target }, m);
    expect(await o.t.ok('backup.status', {}, m)).toMatchObject({ red: true, reasons: ['never'] });
    // 06:30 UTC = 10:00 in Tehran: working hours
    expect((await o.backup.run('manual')).state).toBe('verified');
    expect(await o.t.ok('backup.status', {}, m)).toMatchObject({ red: false, workingHours: true });
    o.t.advance(121 * 60_000);
    expect(await o.backup.status()).toMatchObject({ red: true, reasons: ['old'], ageMinutes: 121 });
    // at night the age alone is not red
    o.t.advance(12 * 3600_000);
    expect(await o.backup.status()).toMatchObject({ red: false, workingHours: false });
    const { renameSync } = await import('node:fs');
    renameSync(o.target, `${o.target}-away`);
    expect(await o.backup.status()).toMatchObject({ red: true, reasons: ['missing'], targetState: 'missing', freeBytes: null });
    renameSync(`${o.target}-away`, o.target);
    // a backup larger than half the free space: filling up
    o.db.prepare('UPDATE backup_run SET total_bytes = ?').run(Number.MAX_SAFE_INTEGER);
    expect(await o.backup.status()).toMatchObject({ red: true, reasons: ['filling'] });
    await o.t.close();
  });

  it('backs up once the office day is closed', async () => {
    const o = await office();
    await o.backup.setTarget(o.target);
    await o.t.ok('day.closeOffice', {}, o.t.managerSession);
    for (let i = 0; i < 200 && recentBackupRuns(o.db, 1).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await o.backup.close();
    expect(recentBackupRuns(o.db, 5).map((r) => [r.kind, r.state])).toEqual([['daily', 'verified']]);
    expect(existsSync(path.join(generationDir(o.target, recentBackupRuns(o.db, 1)[0]!.generation!), 'manifest.json'))).toBe(true);
    expect(readdirSync(path.join(o.target, 'generations'))).toHaveLength(1);
    await o.t.close();
  });
});
