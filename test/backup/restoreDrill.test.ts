/**
 * The restore drill (issue 20): a working day — tickets, requests paid with receipts, scanned pages,
 * some requests delivered to the reference central and some queued — then, in a hub process of its
 * own under load, an hourly backup; after it the hub delivers more of the queue, and is killed with
 * SIGKILL. The data folder is wiped, and `npm run restore` brings the backup into a fresh folder:
 * every receipt, payment, audit entry, page and outbox item of the backup is there, the chain
 * verifies, and the outbox drains exactly once against the central — what the central took after
 * the backup is answered with its first receipt (same tracking code, no second row), what it never
 * took is taken once.
 *
 * The central: PostgreSQL when DAFTARYAR_TEST_PG_URL names one (a schema of its own, as .ci/run
 * provides), PGlite otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { createCentralApp } from '../../central/app';
import { migrate } from '../../central/migrations';
import { pgliteSql, type Sql } from '../../central/sql';
import { keptCounts, openBackupDatabase } from '../../db/backups';
import * as s from '../../db/sync';
import type { Database } from '../../db/sqlite';
import { verify } from '../../hub/audit/auditLog';
import { openWithKeyFile, readKeyFile } from '../../hub/keys/keyFile';
import { silentLogger } from '../../hub/log';
import { startHub } from '../../hub/start';
import { generationDir } from '../../native/backup/files';
import { openTestSchema } from '../support/central';
import { enrollConfirmed, syncOffice } from '../support/sync';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const made: string[] = [];
const folder = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
/** The hub's process, killed whatever happens (a failed expectation must not leave it running). */
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** What the law makes the office keep, as rows: compared between the backup and the restored office. */
function kept(db: Database) {
  const ids = (sql: string) => (db.prepare(sql).pluck().all() as unknown[]).map(String);
  return {
    counts: keptCounts(db),
    receipts: ids('SELECT year || \'/\' || number || \':\' || payment_id FROM receipt ORDER BY 1'),
    payments: ids('SELECT id || \':\' || amount_rials FROM payment ORDER BY 1'),
    audit: ids('SELECT seq || \':\' || hash FROM audit_log ORDER BY seq'),
    outbox: ids("SELECT submission_id || ':' || state FROM outbox ORDER BY 1"),
    pages: ids('SELECT sha256 FROM capture_page ORDER BY 1'),
  };
}

describe('the restore drill', () => {
  it('restores a backup taken under load after kill -9, and the outbox drains exactly once', async () => {
    // ---- the central ----
    const pgUrl = process.env.DAFTARYAR_TEST_PG_URL;
    const sql: Sql = pgUrl ? await openTestSchema(pgUrl) : await pgliteSql();
    if (!pgUrl) console.info('restore drill: DAFTARYAR_TEST_PG_URL is not set; the central runs on PGlite');
    await migrate(sql);
    let refuse: string | null = null;
    const takes = new Map<string, boolean[]>();
    // the central's clock is the office's: the test hub's fixed one for the day's work, then the real one
    let centralNow: () => Date = () => new Date();
    const app = await createCentralApp({
      sql,
      now: () => centralNow(),
      hooks: {
        faultFor: (req) => (refuse && req.method === 'PUT' && req.url === `/v1/submissions/${refuse}` ? { status: 503, code: 'UNAVAILABLE', retryAfterS: 0 } : null),
        afterSubmitCommit: (id, created) => void takes.set(id, [...(takes.get(id) ?? []), created]),
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const centralUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const office = await createOffice(sql, { code: '770001', name: 'دفتر آزمون بازیابی' });

      // ---- the working day ----
      const dataDir = folder('daftaryar-drill-data-');
      const target = folder('daftaryar-drill-target-');
      const db = openWithKeyFile(path.join(dataDir, 'office.sqlite'), path.join(dataDir, 'office.key'));
      const key = readKeyFile(path.join(dataDir, 'office.key'));
      const o = await syncOffice({ dir: dataDir, db, pages: 2 });
      centralNow = () => o.t.hub.services.now();
      const { code } = await issueEnrollmentCode(sql, office.id, 3_600_000, centralNow());
      await enrollConfirmed(o.t, centralUrl, code);
      const delivered = [await o.sent(), await o.sent()];
      await o.sync.runOnce();
      const queued = [await o.sent(), await o.sent(), await o.sent()];
      for (let i = 0; i < 6; i++) await o.t.ok('queue.issueTicket', { serviceId: 1 }, (await o.t.ok('auth.deviceLogin', { role: 'kiosk' })).session);
      expect(o.sync.status().pending).toBe(3);
      await o.t.hub.services.capture.close();
      o.t.close();
      centralNow = () => new Date();
      expect([...takes.keys()].sort()).toEqual(delivered.map((d) => d.submissionId).sort());

      // ---- the hub in its own process: backup under load, more delivered, kill -9 ----
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/backup/drillHubChild.ts'), dataDir, target], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      const lines = createInterface({ input: child.stdout });
      const answers: object[] = [];
      const waiting: Array<(line: object) => void> = [];
      lines.on('line', (line) => {
        const msg = JSON.parse(line) as object;
        const w = waiting.shift();
        if (w) w(msg);
        else answers.push(msg);
      });
      const next = () => new Promise<Record<string, unknown>>((resolve, reject) => {
        const a = answers.shift();
        if (a) return resolve(a as Record<string, unknown>);
        waiting.push((m) => resolve(m as Record<string, unknown>));
        child.once('exit', (c) => reject(new Error(`the hub exited (${c}): ${stderr}`)));
      });
      const exited = new Promise((r) => child.once('exit', r));
      expect(await next()).toMatchObject({ ready: true });
      child.stdin.write('backup\n');
      const b = (await next()) as { backup: { state: string; generation: string }; loadDuring: number };
      expect(b.backup.state).toBe('verified');
      // the load went on while the backup ran
      expect(b.loadDuring).toBeGreaterThan(0);
      // after the backup: the central takes two of the three queued, the third is refused for now
      refuse = queued[2]!.submissionId;
      child.stdin.write('deliver\n');
      expect(await next()).toMatchObject({ delivered: { pending: 1 } });
      expect([...takes.keys()].sort()).toEqual([...delivered, queued[0]!, queued[1]!].map((d) => d.submissionId).sort());
      const trackingBefore = await sql.query<{ submission_id: string; tracking_code: string }>('SELECT submission_id, tracking_code FROM submission WHERE office_id = $1', [office.id]);
      child.kill('SIGKILL');
      await exited;
      expect(child.signalCode).toBe('SIGKILL');

      // ---- what the backup holds ----
      const copy = openBackupDatabase(path.join(generationDir(target, b.backup.generation), 'office.sqlite'), key);
      const inBackup = kept(copy);
      copy.close();
      expect(inBackup.counts).toMatchObject({ receipt: 10, submission: 5, capture_page: 10 });
      expect(inBackup.outbox.filter((x) => x.endsWith(':pending'))).toHaveLength(3);

      // ---- the PC is gone: wipe, restore into a fresh folder with the command ----
      rmSync(dataDir, { recursive: true, force: true });
      const keyApart = path.join(folder('daftaryar-drill-key-'), 'office.key');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(keyApart, `${key.toString('hex')}\n`, { mode: 0o600 });
      const restored = path.join(folder('daftaryar-drill-new-'), 'data');
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', '--from', target, '--to', restored, '--key-file', keyApart], { cwd: ROOT, encoding: 'utf8' });
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      expect(cli.stdout).toMatch(/بازیابی انجام شد/);
      expect(JSON.parse(cli.stdout.split('\n')[0]!)).toMatchObject({ generation: b.backup.generation, pages: inBackup.counts.capture_page! * 3 });
      expect(readdirSync(path.join(restored, 'pages')).length).toBeGreaterThan(0);

      const again = openWithKeyFile(path.join(restored, 'office.sqlite'), path.join(restored, 'office.key'));
      const after = kept(again);
      expect(verify(again)).toMatchObject({ ok: true, entries: inBackup.audit.length });
      again.close();
      expect(after).toEqual(inBackup);

      // ---- the restored hub drains the outbox exactly once ----
      refuse = null;
      const before = new Map([...takes].map(([k, v]) => [k, v.length]));
      const hub = startHub({ dataDir: restored, version: 'drill', log: silentLogger, sync: { autoStart: false, timeoutMs: 2000 }, backup: { checkEveryMs: 0 } });
      try {
        for (let i = 0; i < 30 && hub.hub.services.sync.status().pending > 0; i++) await hub.hub.services.sync.runOnce();
        expect(hub.hub.services.sync.status()).toMatchObject({ pending: 0, rejected: 0, flagged: 0 });
        // the central: five submissions, one per request, none twice
        const rows = (await sql.query<{ submission_id: string; tracking_code: string }>('SELECT submission_id, tracking_code FROM submission WHERE office_id = $1', [office.id])).rows;
        expect(rows).toHaveLength(5);
        const again2 = (id: string) => takes.get(id)!.slice(before.get(id) ?? 0);
        // delivered before the backup: not sent again
        for (const d of delivered) expect(again2(d.submissionId)).toEqual([]);
        // taken after the backup: sent again, answered with the first receipt (nothing created)
        for (const d of queued.slice(0, 2)) expect(again2(d.submissionId)).toEqual([false]);
        // never taken: taken now, once
        expect(takes.get(queued[2]!.submissionId)).toEqual([true]);
        // the restored office holds the tracking codes the central gave the first time
        const firstCodes = new Map(trackingBefore.rows.map((r) => [r.submission_id, r.tracking_code]));
        for (const d of queued.slice(0, 2)) expect(s.submission(hub.db, d.submissionId)!.trackingCode).toBe(firstCodes.get(d.submissionId));
        expect(new Set(rows.map((r) => r.tracking_code)).size).toBe(5);
      } finally {
        await hub.hub.services.capture.close();
        await hub.close();
      }
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await app.close();
      await sql.close();
    }
  }, 180_000);
});
