/**
 * «بازیابی از پشتیبان» on the first run (hub/backup/firstRunRestore.ts), behind the web first-run
 * page's real HTTP endpoints (workstation/firstRunServer.ts): the generations of a real backup listed
 * and verified with the office key file, the one chosen restored into the PC's empty data folder, which
 * then opens as the office; every refusal a code the screen says in Persian.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerBackupList, answerRestore } from '../../hub/backup/firstRunRestore';
import { openWithKeyFile, readKeyFile } from '../../hub/keys/keyFile';
import { startHub } from '../../hub/start';
import { firstRunHttp, type BackupListAnswer, type RestoreAnswer } from '../../core/api/workstation';
import { startFirstRunServer } from '../../workstation/firstRunServer';
import { setUpHub } from '../support/hub';
import { tempFolders } from '../support/tempFolders';

const tempFolder = tempFolders();

/** An office with two verified backup generations; its key file kept apart, as the manager keeps it. */
async function backedUpOffice() {
  const dataDir = tempFolder('daftaryar-frr-data-');
  const db = openWithKeyFile(path.join(dataDir, 'office.sqlite'), path.join(dataDir, 'office.key'));
  const key = readKeyFile(path.join(dataDir, 'office.key'));
  const t = await setUpHub({ db, capture: { dir: dataDir }, backup: { officeKey: key, checkEveryMs: 0 } });
  const target = tempFolder('daftaryar-frr-target-');
  await t.hub.services.backup.setTarget(target);
  const older = await t.hub.services.backup.run('hourly');
  t.advance(3600_000);
  const newer = await t.hub.services.backup.run('daily');
  expect([older.state, newer.state]).toEqual(['verified', 'verified']);
  const keyFile = path.join(tempFolder('daftaryar-frr-usb-'), 'office.key');
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  const office = t.db.prepare('SELECT name FROM office').pluck().get() as string;
  t.close();
  return { target, keyFile, older: older.generation!, newer: newer.generation!, office };
}

describe('restore from the first-run screen', () => {
  it('lists the generations newest first, verified with the key file; restores the one chosen into the empty data folder, which then serves the office', async () => {
    const o = await backedUpOffice();
    const listed = await answerBackupList({ from: o.target, keyFile: o.keyFile });
    expect(listed.ok).toBe(true);
    const gens = (listed as Extract<BackupListAnswer, { ok: true }>).generations;
    expect(gens.map((g) => [g.id, g.kind, g.state])).toEqual([
      [o.newer, 'daily', 'verified'],
      [o.older, 'hourly', 'verified'],
    ]);

    const dataDir = tempFolder('daftaryar-frr-new-pc-');
    let started = 0;
    const answer = await answerRestore({ from: o.target, keyFile: o.keyFile, generation: o.older }, dataDir, { onRestored: () => started++ });
    expect(answer).toMatchObject({ ok: true, generation: o.older });
    expect(started).toBe(1);
    // the new PC is the office: its hub opens the restored data with the key kept beside it
    const hub = startHub({ dataDir, version: 'test' });
    try {
      expect(hub.db.prepare('SELECT name FROM office').pluck().get()).toBe(o.office);
    } finally {
      await hub.close();
    }
    // a data folder that is not empty any more is never written over
    expect(await answerRestore({ from: o.target, keyFile: o.keyFile, generation: o.newer }, dataDir)).toMatchObject({ ok: false, code: 'RESTORE_DATA_NOT_EMPTY' });
  }, 60_000);

  it('refuses with the screen’s codes: no folder, no backup in it, an unreadable or wrong key, a key file others may read, a hostile request', async () => {
    const o = await backedUpOffice();
    expect(await answerBackupList({ from: path.join(o.target, 'nowhere'), keyFile: o.keyFile })).toMatchObject({ ok: false, code: 'BACKUP_TARGET_MISSING' });
    expect(await answerBackupList({ from: tempFolder('daftaryar-frr-empty-'), keyFile: o.keyFile })).toMatchObject({ ok: false, code: 'BACKUP_NONE' });
    expect(await answerBackupList({ from: o.target, keyFile: path.join(o.target, 'no.key') })).toMatchObject({ ok: false, code: 'RESTORE_KEY_UNREADABLE' });
    const wrong = path.join(tempFolder('daftaryar-frr-wrong-'), 'office.key');
    writeFileSync(wrong, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const listed = await answerBackupList({ from: o.target, keyFile: wrong });
    expect(listed.ok && listed.generations.map((g) => g.state)).toEqual(['wrongKey', 'wrongKey']);
    expect(await answerRestore({ from: o.target, keyFile: wrong, generation: o.newer }, tempFolder('daftaryar-frr-x-'))).toMatchObject({ ok: false, code: 'BACKUP_WRONG_KEY' });
    chmodSync(o.keyFile, 0o644);
    expect(await answerBackupList({ from: o.target, keyFile: o.keyFile })).toMatchObject({ ok: false, code: 'RESTORE_KEY_UNREADABLE' });
    chmodSync(o.keyFile, 0o600);
    // a generation name that climbs out of the backup folder, a path with a line break, other fields
    expect(await answerRestore({ from: o.target, keyFile: o.keyFile, generation: '../../etc' }, tempFolder('daftaryar-frr-y-'))).toMatchObject({ ok: false });
    expect(await answerBackupList({ from: `${o.target}\n`, keyFile: o.keyFile, extra: 1 })).toMatchObject({ ok: false });
    expect(await answerBackupList('nonsense')).toMatchObject({ ok: false });
  }, 60_000);

  it('over web mode’s first-run page: same origin only; a restore done decides the first run, and this PC is to be the hub', async () => {
    const o = await backedUpOffice();
    const dataDir = tempFolder('daftaryar-frr-web-');
    let becameHub = 0;
    const server = await startFirstRunServer({
      rendererDir: path.resolve('renderer'),
      dataDir,
      port: 0,
      onBecomeHub: () => becameHub++,
      restore: { list: answerBackupList, restore: (raw, dir) => answerRestore(raw, dir) },
    });
    try {
      const post = (url: string, body: unknown, origin = server.origin) => fetch(`${server.origin}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });
      expect((await post(firstRunHttp.backups, { from: o.target, keyFile: o.keyFile }, 'http://evil.example')).status).toBe(403);
      const listed = (await (await post(firstRunHttp.backups, { from: o.target, keyFile: o.keyFile })).json()) as BackupListAnswer;
      expect(listed.ok).toBe(true);
      const restored = (await (await post(firstRunHttp.restore, { from: o.target, keyFile: o.keyFile, generation: o.newer })).json()) as RestoreAnswer;
      expect(restored).toMatchObject({ ok: true, generation: o.newer });
      expect(becameHub).toBe(1);
      expect(await (await post(firstRunHttp.restore, { from: o.target, keyFile: o.keyFile, generation: o.newer })).json()).toEqual({ ok: false, code: 'RESTORE_DECIDED' });
      expect((await post(firstRunHttp.becomeHub, {})).status).toBe(409);
    } finally {
      await server.close();
    }
  }, 60_000);
});
