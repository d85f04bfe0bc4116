/**
 * `npm run bench -- backup` (docs/BACKUP.md § Bench): a generated office of ≈ BENCH_BACKUP_GB (2) GB —
 * an encrypted database of BENCH_BACKUP_DB_MB (200) MB, grown with real audit entries (the chain
 * verifies), and a page store of sealed-format files of realistic sizes (a scanned page 120–250 kB,
 * its view 40–80 kB, its thumbnail 6–10 kB; random noise inside the real header, as sealed files
 * look) — then a full backup to a target folder, an hour's new work (pages and tickets), and the
 * hourly incremental backup while every counter calls the next number in a loop through the hub's
 * dispatch (group commit, synchronous=FULL on the encrypted file). The peer: the same call-next loop
 * for BENCH_BACKUP_IDLE_S (20) seconds with no backup.
 *
 * Figures: `backup_incremental_s` is the whole hourly run — snapshot, new pages, manifest and the
 * verification that re-reads every page file; its parts are given too, and the snapshot's own time
 * (the one step that holds the database connection: calls wait behind it), and the worst call.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { record } from '../../hub/audit/auditLog';
import { queueOffice } from '../../test/support/queueOffice';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 100) / 100;
}

const log = (line: string) => console.error(`[backup bench] ${line}`);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** A file of the page store's sealed format and a realistic size, under a random content name. */
function writePageFile(pagesRoot: string, bytes: number): number {
  const name = randomBytes(32).toString('hex');
  const dir = path.join(pagesRoot, name.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), Buffer.concat([Buffer.from('DYP1', 'latin1'), randomBytes(bytes - 4)]));
  return bytes;
}

/** One scanned page's three files: the page, its view, its thumbnail. */
function writeScannedPage(pagesRoot: string): number {
  const r = Math.random();
  return writePageFile(pagesRoot, 120_000 + Math.floor(r * 130_000)) + writePageFile(pagesRoot, 40_000 + Math.floor(r * 40_000)) + writePageFile(pagesRoot, 6_000 + Math.floor(r * 4_000));
}

export async function benchBackup(): Promise<object> {
  const officeGb = Number(process.env.BENCH_BACKUP_GB ?? 2);
  const dbMb = Number(process.env.BENCH_BACKUP_DB_MB ?? Math.min(200, officeGb * 100));
  const idleS = Number(process.env.BENCH_BACKUP_IDLE_S ?? 20);
  const counters = Number(process.env.BENCH_BACKUP_COUNTERS ?? 8);
  const hourPages = Number(process.env.BENCH_BACKUP_HOUR_PAGES ?? 150);
  const root = mkdtempSync(path.join(process.env.BENCH_BACKUP_DIR ?? tmpdir(), 'daftaryar-bench-backup-'));
  const dataDir = path.join(root, 'office');
  const target = path.join(root, 'target');
  mkdirSync(target);
  const key = randomBytes(32);
  const office = await queueOffice({ counters, dir: dataDir, key, hubOptions: { capture: { dir: dataDir }, backup: { officeKey: key, checkEveryMs: 0 } } });
  try {
    const { db, hub } = office;
    const backup = hub.services.backup;
    // ---- the office: the database ----
    const t0 = performance.now();
    const dbFile = path.join(dataDir, 'office.sqlite');
    const size = () => statSync(dbFile).size + (() => { try { return statSync(`${dbFile}-wal`).size; } catch { return 0; } })();
    const padding = 'x'.repeat(700);
    let entries = 0;
    while (size() < dbMb * 1e6) {
      db.transaction(() => {
        for (let i = 0; i < 5000; i++) record(db, new Date(), { actor: 'staff:1', action: 'requestOpened', subject: `request:${randomBytes(16).toString('hex')}`, reason: null, detail: { note: padding, n: entries++ } });
      }).immediate();
    }
    log(`database ${round(size() / 1e6, 0)} MB, ${entries} audit entries, ${round((performance.now() - t0) / 1000, 1)} s`);
    // ---- the office: the pages ----
    const pagesRoot = path.join(dataDir, 'pages');
    let pageBytes = 0;
    let pages = 0;
    const t1 = performance.now();
    while (pageBytes + size() < officeGb * 1e9) {
      pageBytes += writeScannedPage(pagesRoot);
      pages++;
    }
    const officeBytes = pageBytes + size();
    log(`pages ${pages} scanned (${pages * 3} files, ${round(pageBytes / 1e9)} GB) in ${round((performance.now() - t1) / 1000, 1)} s`);

    // ---- the first, full backup ----
    await backup.setTarget(target);
    const full = await backup.run('manual');
    if (full.state !== 'verified') throw new Error(`the full backup failed: ${full.problem} ${full.detail}`);
    log(`full backup ${round(full.writeSeconds + full.verifySeconds)} s (write ${round(full.writeSeconds)}, verify ${round(full.verifySeconds)})`);

    // ---- an hour of work: new scans, tickets ----
    for (let i = 0; i < hourPages; i++) writeScannedPage(pagesRoot);
    const issue = async (n: number) => {
      for (let i = 0; i < n; i += 500) await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, k) => office.kiosk.ok('queue.issueTicket', { serviceId: office.serviceIds[(i + k) % office.serviceIds.length]! })));
    };

    /** Every counter calls the next number (and marks it a no-show) in a loop until `until()`; the call-next latencies. */
    const callLoop = async (until: () => boolean): Promise<number[]> => {
      const times: number[] = [];
      await Promise.all(
        office.clerks.map(async ({ client, counterId }) => {
          while (!until()) {
            const t = performance.now();
            const res = await client.call('queue.callNext', { counterId });
            times.push(performance.now() - t);
            if (!res.ok) {
              await issue(200);
              continue;
            }
            await client.ok('queue.noShow', { counterId, confirmed: true });
          }
        }),
      );
      return times;
    };

    // ---- the peer: call-next with no backup ----
    await issue(5000);
    const idleEnd = performance.now() + idleS * 1000;
    const idle = await callLoop(() => performance.now() > idleEnd);
    log(`idle: ${idle.length} calls, p99 ${percentile(idle, 99)} ms`);

    // ---- the hourly incremental backup under the same load ----
    await issue(5000);
    let done = false;
    const tb = performance.now();
    const run = backup.run('hourly').finally(() => (done = true));
    const during = await callLoop(() => done);
    const inc = await run;
    const incS = (performance.now() - tb) / 1000;
    if (inc.state !== 'verified') throw new Error(`the incremental backup failed: ${inc.problem} ${inc.detail}`);
    log(`incremental: ${round(incS)} s, ${inc.pagesCopied} files copied; ${during.length} calls, p99 ${percentile(during, 99)} ms, max ${round(Math.max(...during))} ms`);

    return {
      benchmark: 'backup',
      office_gb: round(officeBytes / 1e9),
      database_mb: round(size() / 1e6, 0),
      page_files: pages * 3 + hourPages * 3,
      backup_full_s: round(full.writeSeconds + full.verifySeconds),
      backup_incremental_s: round(incS),
      backup_incremental_write_s: round(inc.writeSeconds),
      backup_incremental_verify_s: round(inc.verifySeconds),
      snapshot_s: round(inc.snapshotSeconds),
      snapshot_held_ms: round(inc.snapshotHeldMs),
      incremental_files_copied: inc.pagesCopied,
      counters,
      call_next_p99_during_backup_ms: percentile(during, 99),
      call_next_max_during_backup_ms: round(Math.max(...during)),
      calls_during_backup: during.length,
      call_next_p99_idle_ms: percentile(idle, 99),
      calls_idle: idle.length,
      target_same_disk: true,
      targets: { backup_incremental_s: 60, call_next_p99_during_backup_ms: 30 },
      loadavg: loadavg().map((x) => round(x)),
    };
  } finally {
    await office.close();
    rmSync(root, { recursive: true, force: true });
  }
}
