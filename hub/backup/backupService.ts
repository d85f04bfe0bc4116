/**
 * Automatic encrypted backups (issue 20, points 1 and 2; docs/BACKUP.md). One run:
 *
 *   1. the database snapshot — the live file as of one checkpoint, copied while the counters go on
 *      (hub/snapshot/), its pages encrypted under the office key as on disk — into a new generation
 *      folder;
 *   2. the page store's sealed files, content-addressed: only the names the target lacks are copied
 *      (native/backup/files.ts);
 *   3. the manifest, written last and atomically (native/backup/manifest.ts): before it exists the
 *      generation is half-written and never counts;
 *   4. verification of what is on the target (./verify.ts), recorded in `backup_run`;
 *   5. only then, pruning: generations beyond the kept 48 hourly / 30 daily / 12 monthly (settings),
 *      half-written ones, and page files no kept generation names.
 *
 * Runs hourly (a check each minute: the last hourly run is an hour old) and after the office day is
 * closed (`daily`); «پشتیبان‌گیری اکنون» is `manual`. One run at a time.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../../core/errors';
import { officeDay } from '../../core/format/jalaliDay';
import * as b from '../../db/backups';
import { schemaVersion } from '../../db/migrate';
import {
  BACKUP_DATABASE_FILE,
  checkTarget,
  copyPages,
  fileDigest,
  freeBytes,
  generationDir,
  listGenerations,
  listPageFiles,
  mkdirUnder,
  GENERATIONS_DIR,
  removeGeneration,
  removeUnreferencedPages,
  type PageEntry,
  type TargetProblem,
} from '../../native/backup/files';
import { BACKUP_FORMAT, readManifest, writeManifest, type BackupManifest } from '../../native/backup/manifest';
import type { HubBase } from '../base';
import { snapshotDatabase } from '../snapshot/snapshot';
import { keyCheckOf, problemOfIoError, verifyGeneration, type BackupProblem } from './verify';

export interface BackupOptions {
  /** the data folder: its `pages/` is the page store; the target may not be inside it */
  dataDir: string;
  /** the office key the database is encrypted with (hub/keys); null: a database without one, never backed up */
  officeKey: Buffer | null;
  /** check for a due hourly run this often (ms); 0 = never by itself. Default 60 s. */
  checkEveryMs?: number;
  /** tests pull the target away at chosen moments */
  hooks?: { afterSnapshot?: () => void | Promise<void>; beforePage?: (i: number) => void | Promise<void> };
}

export interface BackupResult {
  state: 'verified' | 'failed';
  generation: string | null;
  problem: BackupProblem | null;
  detail: string | null;
  databaseBytes: number;
  pageFiles: number;
  pagesCopied: number;
  totalBytes: number;
  /** seconds: snapshot + pages + manifest, then the verification */
  writeSeconds: number;
  verifySeconds: number;
  /** seconds the database snapshot took (the file copied while calls go on: hub/snapshot/) */
  snapshotSeconds: number;
  /** of which the hub's connection was held (the checkpoint before the copy), ms */
  snapshotHeldMs: number;
  pruned: string[];
}

const HOUR_MS = 3600_000;

function generationId(at: Date, kind: b.BackupKind): string {
  const s = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${s}-${kind}`;
}

/** The hour of the day in the office's time zone. */
function officeHour(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tehran', hour: 'numeric', hourCycle: 'h23' }).format(at));
}

export const targetProblemCode: Record<TargetProblem, 'BACKUP_TARGET_MISSING' | 'BACKUP_TARGET_INVALID' | 'BACKUP_TARGET_NOT_WRITABLE' | 'BACKUP_TARGET_INSIDE_DATA'> = {
  NOT_ABSOLUTE: 'BACKUP_TARGET_INVALID',
  MISSING: 'BACKUP_TARGET_MISSING',
  NOT_A_FOLDER: 'BACKUP_TARGET_INVALID',
  NOT_WRITABLE: 'BACKUP_TARGET_NOT_WRITABLE',
  INSIDE_DATA: 'BACKUP_TARGET_INSIDE_DATA',
};

export class BackupService {
  private running: Promise<BackupResult> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly hub: HubBase,
    private readonly options: BackupOptions,
  ) {
    const every = options.checkEveryMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.runIfDue().catch(() => {}), every);
      this.timer.unref();
    }
  }

  settings(): b.BackupSettings {
    return b.backupSettings(this.hub.db);
  }

  /** The manager names the target folder (validated; null clears it). */
  async setTarget(target: string | null): Promise<b.BackupSettings> {
    if (target !== null) {
      const problem = await checkTarget(target, this.options.dataDir);
      if (problem) throw new DomainError(targetProblemCode[problem], `the backup target ${target}: ${problem}`);
    }
    b.setBackupTarget(this.hub.db, target === null ? null : path.resolve(target));
    return this.settings();
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs a backup now, or joins the one under way. */
  run(kind: b.BackupKind): Promise<BackupResult> {
    if (this.running) return this.running;
    const p = this.runOnce(kind).finally(() => {
      this.running = null;
    });
    this.running = p;
    return p;
  }

  /** The hourly run when the last one (of any kind) began an hour ago or more, and the day-close run. */
  async runIfDue(): Promise<BackupResult | null> {
    if (this.closed || this.running || !this.settings().target) return null;
    const last = b.recentBackupRuns(this.hub.db, 1)[0];
    if (last && this.hub.now().getTime() - Date.parse(last.startedAt) < HOUR_MS) return null;
    return this.run('hourly');
  }

  /** The office day was closed: a `daily` generation, after the close's transaction has committed. */
  afterDayClose(): void {
    if (this.closed) return;
    setImmediate(() => void this.run('daily').catch((err: unknown) => this.hub.log.warn('the day-close backup did not run', { error: String(err) })));
  }

  close(): Promise<unknown> {
    this.closed = true;
    clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }

  private async runOnce(kind: b.BackupKind): Promise<BackupResult> {
    const started = this.hub.now();
    const t0 = performance.now();
    const target = this.settings().target;
    const result: BackupResult = { state: 'failed', generation: null, problem: null, detail: null, databaseBytes: 0, pageFiles: 0, pagesCopied: 0, totalBytes: 0, writeSeconds: 0, verifySeconds: 0, snapshotSeconds: 0, snapshotHeldMs: 0, pruned: [] };
    if (!target) throw new DomainError('BACKUP_TARGET_NOT_SET', 'no backup target is set');
    const key = this.options.officeKey;
    if (!key) throw new DomainError('BACKUP_FAILED', 'this hub has no office key: its database is not encrypted, and is not backed up');
    const finish = (): BackupResult => {
      b.insertBackupRun(this.hub.db, {
        generation: result.generation,
        kind,
        target,
        startedAt: started.toISOString(),
        finishedAt: this.hub.now().toISOString(),
        state: result.state,
        problem: result.problem,
        detail: result.detail,
        databaseBytes: result.databaseBytes,
        pageFiles: result.pageFiles,
        pagesCopied: result.pagesCopied,
        totalBytes: result.totalBytes,
      });
      if (result.state === 'failed') this.hub.log.warn('backup failed', { problem: result.problem, detail: result.detail, generation: result.generation });
      return result;
    };

    const id = generationId(started, kind);
    const dir = generationDir(target, id);
    try {
      const problem = await checkTarget(target, this.options.dataDir);
      if (problem) {
        result.problem = problem === 'MISSING' ? 'BACKUP_TARGET_MISSING' : problem === 'NOT_WRITABLE' ? 'BACKUP_TARGET_NOT_WRITABLE' : 'BACKUP_FAILED';
        result.detail = problem === 'MISSING' || problem === 'NOT_WRITABLE' ? null : problem;
        return finish();
      }
      await mkdirUnder(target, GENERATIONS_DIR, id);
      result.generation = id;
      // 1. the database, as of one commit
      const dbFile = path.join(dir, BACKUP_DATABASE_FILE);
      const snap = await snapshotDatabase(this.hub.db, dbFile, key);
      result.snapshotSeconds = snap.totalMs / 1000;
      result.snapshotHeldMs = snap.heldMs;
      await this.options.hooks?.afterSnapshot?.();
      const dbDigest = await fileDigest(dbFile);
      result.databaseBytes = dbDigest.bytes;
      // 2. the pages: the store's files now include every page the snapshot names (a page is stored before its row commits)
      const pagesRoot = path.join(this.options.dataDir, 'pages');
      const names = await listPageFiles(pagesRoot);
      const known = await this.lastManifestPages(target);
      const copied = await copyPages(pagesRoot, target, names, known, this.options.hooks?.beforePage);
      result.pageFiles = copied.entries.length;
      result.pagesCopied = copied.copied;
      result.totalBytes = dbDigest.bytes + copied.entries.reduce((n, e) => n + e.bytes, 0);
      // 3. the manifest, last
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        generation: id,
        kind,
        createdAt: started.toISOString(),
        appVersion: this.hub.version,
        schemaVersion: schemaVersion(this.hub.db),
        database: { file: BACKUP_DATABASE_FILE, bytes: dbDigest.bytes, sha256: dbDigest.sha256 },
        pages: copied.entries,
        keyCheck: keyCheckOf(key),
      };
      await writeManifest(dir, manifest);
    } catch (err) {
      result.problem = problemOfIoError(err) ?? 'BACKUP_FAILED';
      result.detail = result.problem === 'BACKUP_FAILED' ? String((err as Error).message).slice(0, 300) : null;
      // a half-written generation has no manifest and never counts; remove what can be removed
      if (result.generation) await rm(dir, { recursive: true, force: true }).catch(() => {});
      return finish();
    }
    const t1 = performance.now();
    result.writeSeconds = (t1 - t0) / 1000;
    // 4. verify what is on the target
    let outcome;
    try {
      outcome = await verifyGeneration(target, id, key);
    } catch (err) {
      outcome = { ok: false as const, problem: problemOfIoError(err) ?? ('BACKUP_FAILED' as const), detail: String((err as Error).message).slice(0, 300) };
    }
    result.verifySeconds = (performance.now() - t1) / 1000;
    if (!outcome.ok) {
      result.problem = outcome.problem;
      result.detail = outcome.detail;
      return finish();
    }
    result.state = 'verified';
    finish();
    // 5. prune, now that the new one verified
    try {
      result.pruned = await this.prune(target, id);
    } catch (err) {
      this.hub.log.warn('pruning old backups failed', { error: String(err) });
    }
    return result;
  }

  /** The pages of the newest verified generation on this target: their digests are not computed again. */
  private async lastManifestPages(target: string): Promise<Map<string, PageEntry>> {
    const last = b.lastVerifiedBackup(this.hub.db);
    const map = new Map<string, PageEntry>();
    if (!last?.generation || last.target !== target) return map;
    try {
      for (const p of (await readManifest(generationDir(target, last.generation))).pages) map.set(p.name, p);
    } catch {
      // pruned or unreadable: the digests are computed
    }
    return map;
  }

  /** Generations beyond the policy, half-written ones, and then the page files nobody names. */
  private async prune(target: string, justMade: string): Promise<string[]> {
    const policy = this.settings();
    const failed = new Set(b.recentBackupRuns(this.hub.db, 1000).filter((r) => r.state === 'failed' && r.generation).map((r) => r.generation!));
    const gens: Array<{ id: string; manifest: BackupManifest }> = [];
    const remove: string[] = [];
    for (const id of await listGenerations(target)) {
      if (id === justMade) {
        gens.push({ id, manifest: await readManifest(generationDir(target, id)) });
        continue;
      }
      try {
        const manifest = await readManifest(generationDir(target, id));
        if (failed.has(id)) remove.push(id);
        else gens.push({ id, manifest });
      } catch {
        // no manifest: a run that never finished (kill -9, the target pulled): older than this run, so not under way
        remove.push(id);
      }
    }
    const newestFirst = [...gens].sort((a, c) => (a.manifest.createdAt < c.manifest.createdAt ? 1 : -1));
    const keep = new Set<string>([justMade]);
    newestFirst.filter((g) => g.manifest.kind === 'hourly' || g.manifest.kind === 'manual').slice(0, policy.keepHourly).forEach((g) => keep.add(g.id));
    newestFirst.filter((g) => g.manifest.kind === 'daily').slice(0, policy.keepDaily).forEach((g) => keep.add(g.id));
    // monthly: the newest generation of each of the last N months (a day-close one when the month has one)
    const months = new Map<string, { id: string; daily: boolean }>();
    for (const g of newestFirst) {
      const month = officeDay(g.manifest.createdAt).slice(0, 7);
      const have = months.get(month);
      const daily = g.manifest.kind === 'daily' || g.manifest.kind === 'monthly';
      if (!have || (!have.daily && daily)) months.set(month, { id: g.id, daily });
    }
    [...months.keys()].sort().reverse().slice(0, policy.keepMonthly).forEach((m) => keep.add(months.get(m)!.id));
    for (const g of gens) if (!keep.has(g.id)) remove.push(g.id);
    for (const id of remove) {
      await removeGeneration(target, id);
      b.markBackupPruned(this.hub.db, id);
    }
    if (remove.length > 0) {
      const named = new Set<string>();
      for (const g of gens) if (keep.has(g.id)) for (const p of g.manifest.pages) named.add(p.name);
      await removeUnreferencedPages(target, named);
    }
    return remove;
  }

  /** What the manager's dashboard shows. */
  async status(): Promise<BackupStatus> {
    const s = this.settings();
    const now = this.hub.now();
    const last = b.lastVerifiedBackup(this.hub.db);
    const lastRun = b.recentBackupRuns(this.hub.db, 1)[0];
    let targetState: BackupStatus['targetState'] = 'notSet';
    let free: number | null = null;
    if (s.target) {
      try {
        const st = await stat(s.target);
        targetState = st.isDirectory() ? 'ok' : 'missing';
        if (targetState === 'ok') free = await freeBytes(s.target);
      } catch {
        targetState = 'missing';
      }
    }
    const ageMinutes = last ? Math.max(0, Math.floor((now.getTime() - Date.parse(last.finishedAt)) / 60_000)) : null;
    const hour = officeHour(now);
    const workingHours = hour >= s.workFromHour && hour < s.workToHour;
    const reasons: BackupStatus['reasons'] = [];
    if (targetState === 'notSet') reasons.push('notSet');
    if (targetState === 'missing') reasons.push('missing');
    if (last === undefined && targetState !== 'notSet') reasons.push('never');
    if (ageMinutes !== null && workingHours && ageMinutes > s.maxAgeMinutes) reasons.push('old');
    if (free !== null && last && free < last.totalBytes * 2) reasons.push('filling');
    if (lastRun && lastRun.state === 'failed') reasons.push('failed');
    return {
      target: s.target,
      targetState,
      freeBytes: free,
      lastVerifiedAt: last?.finishedAt ?? null,
      lastVerifiedGeneration: last?.generation ?? null,
      lastBackupBytes: last?.totalBytes ?? null,
      ageMinutes,
      maxAgeMinutes: s.maxAgeMinutes,
      workingHours,
      running: this.running !== null,
      lastRun: lastRun ? { state: lastRun.state, kind: lastRun.kind, finishedAt: lastRun.finishedAt, problem: lastRun.problem, detail: lastRun.detail } : null,
      reasons,
      red: reasons.length > 0,
      policy: { keepHourly: s.keepHourly, keepDaily: s.keepDaily, keepMonthly: s.keepMonthly },
    };
  }
}

export interface BackupStatus {
  target: string | null;
  targetState: 'notSet' | 'ok' | 'missing';
  freeBytes: number | null;
  lastVerifiedAt: string | null;
  lastVerifiedGeneration: string | null;
  lastBackupBytes: number | null;
  ageMinutes: number | null;
  maxAgeMinutes: number;
  workingHours: boolean;
  running: boolean;
  lastRun: { state: 'verified' | 'failed'; kind: b.BackupKind; finishedAt: string; problem: string | null; detail: string | null } | null;
  reasons: Array<'notSet' | 'missing' | 'never' | 'old' | 'filling' | 'failed'>;
  red: boolean;
  policy: { keepHourly: number; keepDaily: number; keepMonthly: number };
}
