import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { tempFolders } from '../../test/support/tempFolders';
import { record } from '../audit/auditLog';
import { checkInThread } from './checkThread';

const tempFolder = tempFolders();
const key = randomBytes(32);
const latest = migrations.at(-1)!.version;

/** A closed office database with `entries` audit entries and some bulk, as a backup holds one. */
function backupDatabase(dir: string, entries: number, bulkMb = 0): string {
  const file = path.join(dir, 'office.sqlite');
  const db = openDatabase(file, { key });
  db.transaction(() => {
    for (let i = 0; i < entries; i++) record(db, new Date(), { actor: 'staff:1', action: 'login', subject: String(i) });
  })();
  if (bulkMb > 0) {
    db.exec('CREATE TABLE bulk (b BLOB)');
    const insert = db.prepare('INSERT INTO bulk VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < bulkMb * 16; i++) insert.run(randomBytes(65536));
    })();
  }
  db.pragma('journal_mode = DELETE');
  db.close();
  return file;
}

describe('the backup database check, in a thread of its own', () => {
  it('answers how many audit entries verified, and the event loop stays free while it reads', async () => {
    const file = backupDatabase(tempFolder('daftaryar-check-'), 2000, 96);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const answer = await checkInThread({ file, key, schemaVersion: latest });
    clearInterval(timer);
    expect(answer).toEqual({ outcome: 'ok', auditEntries: 2000 });
    expect(ticks).toBeGreaterThan(2);
  });

  it('tells a wrong key, another schema version, and a damaged file apart', async () => {
    const dir = tempFolder('daftaryar-check-bad-');
    const file = backupDatabase(dir, 10);
    expect(await checkInThread({ file, key: randomBytes(32), schemaVersion: latest })).toEqual({ outcome: 'wrongKey' });
    expect(await checkInThread({ file, key, schemaVersion: latest - 1 })).toEqual({ outcome: 'corrupt' });
    const damaged = path.join(dir, 'none.sqlite');
    writeFileSync(damaged, randomBytes(8192));
    expect((await checkInThread({ file: damaged, key, schemaVersion: latest })).outcome).toMatch(/^(wrongKey|corrupt)$/);
  });

  it('checks every page file after the database: the first missing or changed one is named', async () => {
    const dir = tempFolder('daftaryar-check-pages-');
    const file = backupDatabase(dir, 3);
    const pages = [0, 1, 2].map((i) => {
      const data = randomBytes(20_000 + i);
      const f = path.join(dir, `page-${i}`);
      writeFileSync(f, data);
      return { file: f, name: `pages/p${i}`, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    });
    expect(await checkInThread({ file, key, schemaVersion: latest, pages })).toEqual({ outcome: 'ok', auditEntries: 3 });
    const flipped = readFileSync(pages[1]!.file);
    flipped[100] = flipped[100]! ^ 1;
    writeFileSync(pages[1]!.file, flipped);
    expect(await checkInThread({ file, key, schemaVersion: latest, pages })).toEqual({ outcome: 'pageBad', name: 'pages/p1' });
    expect(await checkInThread({ file, key, schemaVersion: latest, pages: [pages[0]!, { ...pages[2]!, file: path.join(dir, 'gone') }] })).toEqual({ outcome: 'pageBad', name: 'pages/p2' });
  });

  it('refuses a thread that answers nonsense, ends without an answer, or is missing', async () => {
    const dir = tempFolder('daftaryar-check-thread-');
    const file = backupDatabase(dir, 1);
    const liar = path.join(dir, 'liar.mjs');
    writeFileSync(liar, "import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ outcome: 'ok', auditEntries: -1 });");
    await expect(checkInThread({ file, key, schemaVersion: latest }, liar)).rejects.toThrow(/cannot be read/);
    const silent = path.join(dir, 'silent.mjs');
    writeFileSync(silent, 'process.exitCode = 0;');
    await expect(checkInThread({ file, key, schemaVersion: latest }, silent)).rejects.toThrow(/without an answer/);
    await expect(checkInThread({ file, key, schemaVersion: latest }, path.join(dir, 'none.js'))).rejects.toThrow(/missing/);
  });
});
