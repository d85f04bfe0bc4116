/**
 * Document capture for a request (ماده ۴): scan or import pages, clean them in the image pipeline
 * (a worker pool, so the hub never stalls), keep them in the encrypted content-addressed page store,
 * and let the clerk arrange them; then the applicant's review on their screen and the clerk's
 * page-by-page match with the paper originals move the request on. OCR runs behind all of it, one page
 * at a time, and fills the search index; the counter never waits for it.
 *
 * Durability: a page exists once its three files (page, thumbnail, view) are in the store and its row
 * is committed; a scan that fails or is cancelled keeps every page before the failure.
 *
 * At rest: nothing of a party's document is on disk in plain text. Pages are sealed in the store; an
 * upload is sealed under its own key kept in memory (sealedUpload.ts) and read into memory when its
 * import starts; the hub's temporaries live in its private work folder (workDir.ts); a watched
 * folder's originals are shredded when their job is over, or at the next start after a crash.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CaptureErrorCode, CaptureView, DocumentType, ScanProfile, ScannerSettingInput } from '../../core/api/capture';
import { MAX_IMPORT_BYTES, captureErrorCodes } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import { defaultServiceCatalogue, type ServiceCode } from '../../core/fees/services';
import type { RequestDetails } from '../../core/api/request';
import * as c from '../../db/capture';
import * as q from '../../db/queue';
import type { RequestRow } from '../../db/requests';
import type { ColorMode, RawPage, ScanSettings } from '../../native/capture/types';
import { ScannerError } from '../../native/capture/types';
import { shredConsumed } from '../../native/capture/folder';
import type { HubBase } from '../base';
import type { RequestService, Staff } from '../requests/requestService';
import { PageStoreError, type PageStore } from './pageStore';
import type { CapturePorts } from './ports';
import { SealedUpload } from './sealedUpload';

/** Statuses in which pages may be added or changed: paid, and captured but not yet confirmed by the applicant. */
const EDITABLE = new Set(['paid', 'documentsCaptured']);
/** How many pages go through the pipeline at once for one job (ordered; more only queues in the pool). */
const IN_FLIGHT = 2;
/** Uploads not finished within this time are thrown away. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;

/** Where a workstation's scan job puts its pages (kept with the agent's job, so it outlives a restart). */
export interface RemoteTarget {
  jobId: string;
  requestId: string;
  counterId: number;
  documentId: string;
  colorMode: ColorMode;
  /** rescanning one page: the page the first page replaces */
  replace: string | null;
  staff: Staff;
}

interface Upload {
  sealed: SealedUpload;
  owner: number;
  touched: number;
}

export class CaptureService {
  private readonly running = new Map<string, { controller: AbortController; counterId: number | null; requestId: string; done: Promise<void> }>();
  private readonly uploads = new Map<string, Upload>();
  private ocrBusy = false;
  private ocrStopped = false;

  constructor(
    private readonly hub: HubBase,
    private readonly requests: RequestService,
    private readonly store: PageStore,
    private readonly ports: CapturePorts,
    /** this process's private work folder (workDir.ts): sealed uploads, scanimage's page FIFOs */
    private readonly workDir: string,
  ) {
    this.uploadDir = path.join(workDir, 'uploads');
    mkdirSync(this.uploadDir, { recursive: true, mode: 0o700 });
    c.interruptRunningJobs(hub.db, this.nowIso());
    // A watched folder's originals still in done/ were taken by a job a crash ended: shred them.
    for (const folder of c.scannerFolders(hub.db)) {
      void shredConsumed(folder).then(
        (n) => n > 0 && hub.log.info('scan folder originals left by an interrupted job shredded', { files: n }),
        (err: unknown) => hub.log.warn('could not clear a scan folder’s done/', { error: err instanceof Error ? err.message : String(err) }),
      );
    }
  }

  private readonly uploadDir: string;

  private get db() {
    return this.hub.db;
  }
  private nowIso(): string {
    return this.hub.now().toISOString();
  }

  // ---------- the counter's scanner ----------

  scanner(counterId: number): ScannerSettingInput | null {
    this.counter(counterId);
    return c.scannerSetting(this.db, counterId);
  }

  setScanner(counterId: number, setting: ScannerSettingInput, staff: Staff): ScannerSettingInput {
    this.counter(counterId);
    // A watched folder is a path on the hub's own disk whose files are taken and moved: the manager's call.
    if (setting.driver === 'folder' && (staff.role !== 'manager' || !path.isAbsolute(setting.deviceId))) {
      throw new DomainError('FORBIDDEN', 'only a manager sets a scan folder, as an absolute path');
    }
    c.saveScannerSetting(this.db, counterId, setting, this.nowIso(), staff.userId);
    return setting;
  }

  // ---------- the office's scan profiles ----------

  scanProfiles(): ScanProfile[] {
    return c.scanProfiles(this.db);
  }

  setScanProfiles(profiles: readonly ScanProfile[], staff: Staff): ScanProfile[] {
    this.db.transaction(() => c.replaceScanProfiles(this.db, profiles, this.nowIso(), staff.userId))();
    return c.scanProfiles(this.db);
  }

  async devices(driver: ScannerSettingInput['driver'], address: string | undefined): Promise<{ devices: { driver: ScannerSettingInput['driver']; id: string; label: string; model: string | null }[]; errorCode: CaptureErrorCode | null }> {
    if (driver === 'workstation') return { devices: [], errorCode: null }; // listed from the agent's report (hub/agent)
    try {
      const d = this.ports.driver(driver, { tmpDir: this.workDir });
      const found = address !== undefined && address.trim() !== '' ? await this.probe(driver, address.trim()) : await d.listDevices(AbortSignal.timeout(15_000));
      return { devices: found.map((x) => ({ driver, id: x.id, label: x.label, model: 'model' in x && typeof x.model === 'string' ? x.model : null })), errorCode: null };
    } catch (err) {
      return { devices: [], errorCode: captureCode(err) };
    }
  }

  /** A typed address (an eSCL scanner's URL, a folder): asks the device itself, so a wrong one is said at once. */
  private async probe(driver: Exclude<ScannerSettingInput['driver'], 'workstation'>, address: string) {
    const d = this.ports.driver(driver, { tmpDir: this.workDir });
    const caps = await d.capabilities(address, AbortSignal.timeout(10_000));
    const model = caps.model?.trim() || null;
    return [{ id: address, label: model ?? address, model }];
  }

  private counter(counterId: number) {
    const counter = q.getCounter(this.db, counterId);
    if (!counter) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    return counter;
  }

  // ---------- jobs ----------

  private editable(requestId: string, staff: Staff): RequestRow {
    const req = this.requests.forChange(requestId, staff);
    if (!EDITABLE.has(req.status)) {
      throw new DomainError(req.status === 'applicantConfirmed' || req.status === 'originalsMatched' ? 'CAPTURE_LOCKED' : 'REQUEST_OUT_OF_ORDER', `pages can't change in ${req.status}`);
    }
    return req;
  }

  private documentFor(req: RequestRow, documentId: string | undefined, type: DocumentType, colorMode: ColorMode): { id: string; colorMode: ColorMode } {
    if (documentId !== undefined) {
      const doc = c.document(this.db, documentId);
      if (!doc || doc.requestId !== req.id) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document in this request');
      return { id: doc.id, colorMode: doc.colorMode };
    }
    const id = randomUUID();
    c.insertDocument(this.db, { id, requestId: req.id, type, colorMode, at: this.nowIso() });
    return { id, colorMode };
  }

  private refuseWhileRunning(counterId: number | null, requestId: string): void {
    for (const job of this.running.values()) {
      if ((counterId !== null && job.counterId === counterId) || job.requestId === requestId) throw new DomainError('CAPTURE_RUNNING', 'a scan is already running here');
    }
  }

  start(
    input: {
      requestId: string;
      counterId: number;
      documentType: DocumentType;
      documentId?: string | undefined;
      replacePageId?: string | undefined;
      source?: ScanSettings['source'] | undefined;
      colorMode?: ColorMode | undefined;
      dpi?: number | undefined;
    },
    staff: Staff,
  ): { jobId: string } {
    const req = this.editable(input.requestId, staff);
    const setting = c.scannerSetting(this.db, input.counterId);
    if (!setting) throw new DomainError('SCANNER_NOT_CONFIGURED', 'the counter has no scanner');
    // a workstation's scanner is reached through its agent (hub/agent), from that workstation only
    if (setting.driver === 'workstation') throw new DomainError('WORKSTATION_REQUIRED', 'this counter scans on its workstation');
    this.refuseWhileRunning(input.counterId, req.id);
    let replace: c.PageRow | null = null;
    if (input.replacePageId !== undefined) {
      replace = c.page(this.db, input.replacePageId);
      if (!replace || replace.requestId !== req.id) throw new DomainError('UNKNOWN_PAGE', 'no such page in this request');
    }
    // rescanning one page: from the glass unless the clerk chose otherwise, into the page's own document
    const settings: ScanSettings = { source: input.source ?? (replace ? 'flatbed' : setting.source), dpi: input.dpi ?? setting.dpi, colorMode: input.colorMode ?? setting.colorMode };
    const driver = this.ports.driver(setting.driver, { tmpDir: this.workDir });
    const target = replace ? { ...input, documentId: replace.documentId, replacePageId: replace.id } : input;
    const { jobId } = this.launchJob(
      req,
      { ...target, colorMode: settings.colorMode },
      staff,
      { driver: setting.driver, deviceId: setting.deviceId, settings },
      (signal) => driver.scan(setting.deviceId, settings, signal),
      driver.release?.bind(driver),
    );
    return { jobId };
  }

  // ---------- jobs a workstation's agent scans (hub/agent, docs/WORKSTATIONS.md) ----------

  /**
   * Opens a scan job whose pages come from a workstation's device agent: the same checks, document
   * and job row as `start`; `also` runs in the same transaction (the agent's job row). The pages
   * arrive later through `storeRemotePage`, across reconnections and restarts.
   */
  openRemoteJob(
    input: { requestId: string; counterId: number; documentType: DocumentType; documentId?: string | undefined; replacePageId?: string | undefined; colorMode: ColorMode },
    staff: Staff,
    what: { driver: string; deviceId: string; settings: ScanSettings },
    also: (target: RemoteTarget) => void,
  ): RemoteTarget {
    const req = this.editable(input.requestId, staff);
    this.refuseWhileRunning(input.counterId, req.id);
    let replace: c.PageRow | null = null;
    if (input.replacePageId !== undefined) {
      replace = c.page(this.db, input.replacePageId);
      if (!replace || replace.requestId !== req.id) throw new DomainError('UNKNOWN_PAGE', 'no such page in this request');
    }
    const jobId = randomUUID();
    const target = this.db
      .transaction(() => {
        const d = this.documentFor(req, replace ? replace.documentId : input.documentId, input.documentType, input.colorMode);
        c.insertJob(this.db, { id: jobId, requestId: req.id, counterId: input.counterId, driver: what.driver, deviceId: what.deviceId, settings: what.settings, startedAt: this.nowIso(), startedBy: staff.userId });
        const t: RemoteTarget = { jobId, requestId: req.id, counterId: input.counterId, documentId: d.id, colorMode: d.colorMode, replace: replace?.id ?? null, staff };
        also(t);
        return t;
      })
      .immediate();
    this.changed(req.id, input.counterId, jobId);
    return target;
  }

  /**
   * One page of a workstation's job: the same pipeline and store as a local scan. The page row and
   * what `also` writes (the agent's page number) commit together; returns the page's id once they did.
   */
  async storeRemotePage(target: RemoteTarget, raw: RawPage, also: (pageId: string) => void): Promise<string> {
    return this.commitRemotePage(target, await this.prepareRemotePage(target, raw), also);
  }

  /** The pipeline and the store's files for a workstation's page; the returned commit adds its row (in the job's order). */
  prepareRemotePage(target: RemoteTarget, raw: RawPage): Promise<() => string> {
    return this.processPage(target.jobId, target.requestId, { id: target.documentId, colorMode: target.colorMode, replace: target.replace }, raw, target.staff, this.ports.pipeline());
  }

  /** Commits a prepared page with what `also` writes, in one transaction; returns the page's id. */
  commitRemotePage(target: RemoteTarget, commit: () => string, also: (pageId: string) => void): string {
    const pageId = this.db.transaction(() => {
      const id = commit();
      also(id);
      return id;
    })();
    this.changed(target.requestId, target.counterId, target.jobId);
    this.kickOcr();
    return pageId;
  }

  /** The workstation's job is over: its pages are kept, whatever the outcome. */
  endRemoteJob(target: Pick<RemoteTarget, 'jobId' | 'requestId' | 'counterId'>, status: 'done' | 'failed' | 'cancelled', code: string | null): void {
    const known = code === null ? null : (captureErrorCodes as readonly string[]).includes(code) ? code : 'BAD_DATA';
    this.db.transaction(() => {
      c.endJob(this.db, target.jobId, status, known, this.nowIso());
      c.dropEmptyDocuments(this.db, target.requestId, this.nowIso());
    })();
    this.changed(target.requestId, target.counterId, target.jobId);
  }

  /** Stores one chunk of an upload; chunks come in order (offset = what the hub already has). */
  async upload(input: { uploadId: string; offset: number; dataBase64: string }, staff: Staff): Promise<{ received: number }> {
    this.sweepUploads();
    const data = Buffer.from(input.dataBase64, 'base64');
    let up = this.uploads.get(input.uploadId);
    if (!up) {
      if (input.offset !== 0) throw new DomainError('UPLOAD_INVALID', 'an upload starts at offset 0');
      up = { sealed: new SealedUpload(path.join(this.uploadDir, input.uploadId)), owner: staff.userId, touched: Date.now() };
      this.uploads.set(input.uploadId, up);
    }
    if (up.owner !== staff.userId) throw new DomainError('UPLOAD_INVALID', 'another user’s upload');
    if (input.offset !== up.sealed.size) throw new DomainError('UPLOAD_INVALID', `expected offset ${up.sealed.size}`, { ref: String(up.sealed.size) });
    if (up.sealed.size + data.length > MAX_IMPORT_BYTES) {
      await this.dropUpload(input.uploadId);
      throw new DomainError('FILE_TOO_LARGE', 'the file is larger than an import takes');
    }
    try {
      await up.sealed.append(data);
    } catch (err) {
      await this.dropUpload(input.uploadId);
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw new DomainError('DISK_FULL', 'the disk is full');
      throw err;
    }
    up.touched = Date.now();
    return { received: up.sealed.size };
  }

  private async dropUpload(uploadId: string): Promise<void> {
    const up = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    if (up) await up.sealed.discard();
  }

  /** Drops uploads nobody finished within UPLOAD_TTL_MS (at each upload, and hourly from the hub). */
  sweepUploads(): void {
    const now = Date.now();
    for (const [id, up] of this.uploads) if (now - up.touched > UPLOAD_TTL_MS) void this.dropUpload(id);
  }

  async import(
    input: { requestId: string; counterId: number; uploadId: string; fileName: string; documentType: DocumentType; documentId?: string | undefined; colorMode?: ColorMode | undefined },
    staff: Staff,
  ): Promise<{ jobId: string }> {
    const req = this.editable(input.requestId, staff);
    const up = this.uploads.get(input.uploadId);
    if (!up || up.owner !== staff.userId) throw new DomainError('UPLOAD_INVALID', 'no such upload');
    if (up.sealed.size === 0) {
      await this.dropUpload(input.uploadId);
      throw new DomainError('FILE_UNREADABLE', 'the file is empty');
    }
    this.refuseWhileRunning(null, req.id);
    this.uploads.delete(input.uploadId);
    const colorMode = input.colorMode ?? c.scannerSetting(this.db, input.counterId)?.colorMode ?? 'grey';
    const settings = { fileName: input.fileName, colorMode };
    const ports = this.ports;
    const sealed = up.sealed;
    // the file is read into memory and its sealed copy removed before the first page: from here on it is only in memory
    async function* pagesFromMemory(signal: AbortSignal): AsyncGenerator<RawPage> {
      let data: Buffer;
      try {
        data = await sealed.read();
      } finally {
        await sealed.discard();
      }
      yield* ports.importFile(data, input.fileName, signal);
    }
    const { jobId } = this.launchJob(req, { ...input, colorMode }, staff, { driver: 'file', deviceId: input.fileName.slice(0, 255), settings }, pagesFromMemory);
    return { jobId };
  }

  private launchJob(
    req: RequestRow,
    input: { counterId: number; documentType: DocumentType; documentId?: string | undefined; replacePageId?: string | undefined; colorMode: ColorMode },
    staff: Staff,
    what: { driver: string; deviceId: string; settings: unknown },
    pages: (signal: AbortSignal) => AsyncIterable<RawPage>,
    /** once the job is over (its pages stored, or it failed): what the driver consumed goes (a watched folder's originals) */
    release?: () => Promise<void>,
  ): { jobId: string; done: Promise<void> } {
    const jobId = randomUUID();
    const doc = this.db
      .transaction(() => {
        const d = this.documentFor(req, input.documentId, input.documentType, input.colorMode);
        c.insertJob(this.db, { id: jobId, requestId: req.id, counterId: input.counterId, driver: what.driver, deviceId: what.deviceId, settings: what.settings, startedAt: this.nowIso(), startedBy: staff.userId });
        return d;
      })
      .immediate();
    const controller = new AbortController();
    const replace = input.replacePageId ?? null;
    const source = replace ? firstOnly(pages(controller.signal)) : pages(controller.signal);
    const done = this.runJob(jobId, req, { ...doc, replace }, input.counterId, staff, source, controller.signal)
      .finally(async () => {
        try {
          await release?.();
        } catch (err) {
          this.hub.log.warn('a scanner driver did not release what it took', { jobId, error: err instanceof Error ? err.message : String(err) });
        }
      })
      .finally(() => {
        this.running.delete(jobId);
        this.changed(req.id, input.counterId, jobId);
      });
    this.running.set(jobId, { controller, counterId: input.counterId, requestId: req.id, done });
    this.changed(req.id, input.counterId, jobId);
    return { jobId, done };
  }

  /**
   * Pulls pages from the driver and keeps up to IN_FLIGHT of them in the pipeline at once; each page
   * is committed (and shown) as soon as it and every page before it are stored, so the clerk sees a
   * page while the next one is still in the scanner. Ends the job with how it went.
   */
  private async runJob(jobId: string, req: RequestRow, doc: { id: string; colorMode: ColorMode; replace: string | null }, counterId: number, staff: Staff, pages: AsyncIterable<RawPage>, signal: AbortSignal): Promise<void> {
    const pipeline = this.ports.pipeline();
    const queue: { commit: (() => void) | null; failed: unknown; done: boolean; settled: Promise<void> }[] = [];
    let firstError: unknown = null;
    /** Commits the finished pages at the head of the queue, in order. */
    const drain = () => {
      let any = false;
      while (queue.length && queue[0]!.commit) {
        queue.shift()!.commit!();
        any = true;
      }
      while (queue.length && queue[0]!.failed !== null) {
        firstError ??= queue[0]!.failed;
        queue.shift();
      }
      if (any) this.changed(req.id, counterId, jobId);
    };
    const enqueue = (raw: RawPage) => {
      const entry: (typeof queue)[number] = { commit: null, failed: null, done: false, settled: Promise.resolve() };
      entry.settled = this.processPage(jobId, req.id, doc, raw, staff, pipeline).then(
        (commit) => {
          entry.done = true;
          entry.commit = commit;
          if (firstError === null) drain();
        },
        (err: unknown) => {
          entry.done = true;
          entry.failed = err ?? new Error('pipeline failed');
          firstError ??= entry.failed;
        },
      );
      queue.push(entry);
    };
    let outcome: { status: 'done' | 'failed' | 'cancelled'; code: CaptureErrorCode | null } = { status: 'done', code: null };
    try {
      for await (const raw of pages) {
        if (signal.aborted || firstError !== null) break;
        enqueue(raw);
        // back-pressure: at most IN_FLIGHT pages processing (finished ones wait only for an earlier page)
        for (;;) {
          const busy = queue.filter((e) => !e.done);
          if (busy.length < IN_FLIGHT || firstError !== null) break;
          await Promise.race(busy.map((e) => e.settled));
        }
      }
      await Promise.all(queue.map((e) => e.settled));
      if (firstError !== null) throw firstError;
      if (signal.aborted) outcome = { status: 'cancelled', code: 'CANCELLED' };
    } catch (err) {
      // Pages processed before the failure are still committed, in order; the failed one and later are not.
      await Promise.allSettled(queue.map((e) => e.settled));
      while (queue.length && queue[0]!.commit) queue.shift()!.commit!();
      queue.length = 0;
      const code = signal.aborted ? 'CANCELLED' : captureCode(err);
      outcome = { status: code === 'CANCELLED' ? 'cancelled' : 'failed', code };
      if (outcome.status === 'failed') this.hub.log.warn('capture job failed', { jobId, code, error: err instanceof Error ? err.message : String(err) });
    }
    c.endJob(this.db, jobId, outcome.status, outcome.code, this.nowIso());
    c.dropEmptyDocuments(this.db, req.id, this.nowIso());
    this.kickOcr();
  }

  /** Pipeline + store; resolves to the commit of the page row (run in order by the caller). */
  private async processPage(
    jobId: string,
    requestId: string,
    doc: { id: string; colorMode: ColorMode; replace: string | null },
    raw: RawPage,
    staff: Staff,
    pipeline: ReturnType<CapturePorts['pipeline']>,
  ): Promise<() => string> {
    const out = await pipeline.process(raw, { colorMode: doc.colorMode });
    const [sha, thumb, view] = await this.storeAll(out);
    const origin = raw.origin ? `${raw.origin.fileName}#${raw.origin.pageOfFile + 1}` : null;
    const replace = doc.replace;
    if (replace) {
      // the rescanned page takes the old one's place: same row, number and document; new image, match and OCR anew
      return () =>
        this.db.transaction(() => {
          c.replacePageImage(this.db, replace, { sha256: sha, mime: out.mime, bytes: out.image.length, widthPx: out.widthPx, heightPx: out.heightPx, dpi: out.dpi, thumbSha256: thumb, viewSha256: view, deskewDeg: out.deskewDeg, inkRatio: out.inkRatio, blank: out.blank });
          c.countJobPage(this.db, jobId);
          return replace;
        })();
    }
    const pageId = randomUUID();
    return () =>
      this.db.transaction(() => {
        c.insertPage(this.db, {
          id: pageId,
          requestId,
          documentId: doc.id,
          jobId,
          sha256: sha,
          mime: out.mime,
          bytes: out.image.length,
          widthPx: out.widthPx,
          heightPx: out.heightPx,
          dpi: out.dpi,
          thumbSha256: thumb,
          viewSha256: view,
          deskewDeg: out.deskewDeg,
          inkRatio: out.inkRatio,
          blank: out.blank,
          source: raw.origin ? 'file' : 'scanner',
          origin,
          capturedAt: this.nowIso(),
          capturedBy: staff.userId,
        });
        return pageId;
      })();
  }

  /** The page, thumbnail and view into the store; all three settle before a failure is thrown (no write left running). */
  private async storeAll(out: { image: Buffer; thumb: Buffer; view: Buffer }): Promise<[string, string, string]> {
    const done = await Promise.allSettled([this.store.put(out.image), this.store.put(out.thumb), this.store.put(out.view)]);
    const failed = done.find((d) => d.status === 'rejected');
    if (failed) throw failed.reason;
    return done.map((d) => (d as PromiseFulfilledResult<string>).value) as [string, string, string];
  }

  cancel(jobId: string, staff: Staff): { cancelled: boolean } {
    const job = c.job(this.db, jobId);
    if (!job) throw new DomainError('UNKNOWN_CAPTURE_JOB', 'no such job');
    this.requests.forChange(job.requestId, staff);
    const running = this.running.get(jobId);
    if (!running) return { cancelled: false };
    running.controller.abort();
    return { cancelled: true };
  }

  /** For tests and shutdown: waits for every running job to end. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((j) => j.done));
  }

  /**
   * Ends every job and throws away every unfinished upload. The uploads go at once, before the first
   * await: a process that exits right after calling close() leaves none of them.
   */
  async close(): Promise<void> {
    for (const j of this.running.values()) j.controller.abort();
    for (const up of this.uploads.values()) up.sealed.discardSync();
    this.uploads.clear();
    await this.idle();
    this.ocrStopped = true;
    await this.ports.close?.();
  }

  // ---------- the pages ----------

  private pageForChange(pageId: string, staff: Staff): { page: c.PageRow; req: RequestRow } {
    const page = c.page(this.db, pageId);
    if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such page');
    return { page, req: this.editable(page.requestId, staff) };
  }

  async image(pageId: string, size: 'thumb' | 'view', staff: Staff | null): Promise<{ mime: 'image/jpeg'; base64: string }> {
    const page = c.page(this.db, pageId);
    if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such page');
    if (staff) this.requests.forChange(page.requestId, staff);
    if (page.purgedAt) throw new DomainError('PAGE_PURGED', 'retention removed this page');
    return { mime: 'image/jpeg', base64: (await this.readStored(size === 'thumb' ? page.thumbSha256 : page.viewSha256)).toString('base64') };
  }

  private async readStored(sha: string): Promise<Buffer> {
    try {
      return await this.store.get(sha);
    } catch (err) {
      if (err instanceof PageStoreError) throw new DomainError('PAGE_DAMAGED', err.message);
      throw err;
    }
  }

  async editPage(pageId: string, action: 'rotateLeft' | 'rotateRight' | 'rotate180' | 'delete' | 'keepBlank', staff: Staff): Promise<void> {
    const { page, req } = this.pageForChange(pageId, staff);
    if (action === 'delete') {
      this.db.transaction(() => {
        c.deletePage(this.db, page.id, this.nowIso(), staff.userId);
        c.dropEmptyDocuments(this.db, req.id, this.nowIso());
      })();
    } else if (action === 'keepBlank') {
      c.keepBlankPage(this.db, page.id);
    } else {
      const degrees = action === 'rotateLeft' ? 270 : action === 'rotateRight' ? 90 : 180;
      const doc = c.document(this.db, page.documentId)!;
      const stored = await this.readStored(page.sha256);
      const out = await this.ports.pipeline().process(
        { index: 0, data: stored, mime: page.mime as RawPage['mime'], dpi: page.dpi },
        { colorMode: doc.colorMode, deskew: false, crop: false, rotate: degrees },
      );
      const [sha, thumb, view] = await this.storeAll(out);
      c.replacePageImage(this.db, page.id, { sha256: sha, mime: out.mime, bytes: out.image.length, widthPx: out.widthPx, heightPx: out.heightPx, dpi: out.dpi, thumbSha256: thumb, viewSha256: view, deskewDeg: page.deskewDeg, inkRatio: page.inkRatio, blank: page.blank === 1 });
      if (page.blankKept) c.keepBlankPage(this.db, page.id);
      this.kickOcr();
    }
    this.changed(req.id, req.counterId, null);
  }

  /** Undo of a delete: the page comes back where it was. Returns the request's id. */
  restorePage(pageId: string, staff: Staff): string {
    const page = c.deletedPage(this.db, pageId);
    if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such deleted page');
    const req = this.editable(page.requestId, staff);
    if (page.purgedAt) throw new DomainError('PAGE_PURGED', 'retention removed this page');
    this.db.transaction(() => c.restorePage(this.db, page.id))();
    this.kickOcr();
    this.changed(req.id, req.counterId, null);
    return req.id;
  }

  movePage(input: { pageId: string; documentId: string; position: number }, staff: Staff): void {
    const { page, req } = this.pageForChange(input.pageId, staff);
    const doc = c.document(this.db, input.documentId);
    if (!doc || doc.requestId !== page.requestId) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document in this request');
    this.db.transaction(() => {
      c.movePage(this.db, page.id, doc.id, input.position);
      c.dropEmptyDocuments(this.db, req.id, this.nowIso());
    })();
    this.changed(req.id, req.counterId, null);
  }

  split(input: { pageId: string; documentType: DocumentType }, staff: Staff): void {
    const { page, req } = this.pageForChange(input.pageId, staff);
    const from = c.document(this.db, page.documentId)!;
    this.db.transaction(() => {
      const id = randomUUID();
      c.insertDocument(this.db, { id, requestId: req.id, type: input.documentType, colorMode: from.colorMode, at: this.nowIso(), after: from.position });
      c.splitAt(this.db, page.id, id);
      c.dropEmptyDocuments(this.db, req.id, this.nowIso());
    })();
    this.changed(req.id, req.counterId, null);
  }

  setDocument(input: { documentId: string; type?: DocumentType | undefined; colorMode?: ColorMode | undefined }, staff: Staff): string {
    const doc = c.document(this.db, input.documentId);
    if (!doc) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document');
    const req = this.editable(doc.requestId, staff);
    c.updateDocument(this.db, doc.id, input);
    this.changed(req.id, req.counterId, null);
    return req.id;
  }

  // ---------- the steps: captured → the applicant's review → matched with the originals ----------

  /** The order of the pages the applicant is shown, as one hash: what their confirmation refers to. */
  digest(requestId: string): string {
    const docs = new Map(c.documents(this.db, requestId).map((d) => [d.id, d.type]));
    const list = c.pages(this.db, requestId).map((p) => `${docs.get(p.documentId)}:${p.sha256}`);
    return createHash('sha256').update(JSON.stringify(list)).digest('hex');
  }

  private pageFigures(req: RequestRow): { pagesPaid: number; pagesIncluded: number; chargesExtraPages: boolean } {
    const service = defaultServiceCatalogue[req.service as ServiceCode];
    const details = req.details as RequestDetails | null;
    return {
      pagesPaid: details?.pages ?? service.includedPages,
      pagesIncluded: service.includedPages,
      chargesExtraPages: service.chargesExtraPages,
    };
  }

  /** Checks what the applicant is about to see: pages there, blanks decided, the page count as paid. */
  private checkComplete(req: RequestRow): void {
    if ([...this.running.values()].some((j) => j.requestId === req.id)) throw new DomainError('CAPTURE_RUNNING', 'a scan is still running');
    const pages = c.pages(this.db, req.id);
    if (pages.length === 0) throw new DomainError('CAPTURE_NO_PAGES', 'no pages captured');
    const undecided = pages.map((p, i) => ({ p, n: i + 1 })).filter(({ p }) => p.blank && !p.blankKept);
    if (undecided.length) {
      throw new DomainError('CAPTURE_BLANK_UNDECIDED', 'blank pages to decide', { fields: undecided.map(({ n }) => ({ path: `pages.${n}`, reason: 'blank' })) });
    }
    const { pagesPaid, pagesIncluded, chargesExtraPages } = this.pageFigures(req);
    // ماده ۳۸ ذ: never a rial above tariff — the pages charged must be the pages sent, no more, no fewer.
    if (chargesExtraPages && Math.max(0, pages.length - pagesIncluded) !== Math.max(0, pagesPaid - pagesIncluded)) {
      throw new DomainError('CAPTURE_PAGES_NOT_AS_PAID', `captured ${pages.length}, paid for ${pagesPaid}`, { ref: `${pages.length}/${pagesPaid}` });
    }
  }

  finish(requestId: string, staff: Staff): void {
    const req = this.requests.forChange(requestId, staff);
    this.checkComplete(req);
    this.requests.step(req, { type: 'documentsCaptured' }, staff);
    this.requests.changed(req.id);
    this.changed(req.id, req.counterId, null);
  }

  /**
   * The applicant's answer on their own screen (ماده ۴ «به رؤیت متقاضی»): it counts only for the page
   * list they were shown (the digest), and only while the request waits for it at that counter.
   */
  review(req: RequestRow, input: { outcome: 'confirmed' | 'objected'; digest: string; reason?: string | undefined }): void {
    if (req.status !== 'documentsCaptured') throw new DomainError('REQUEST_OUT_OF_ORDER', 'nothing to review');
    if (input.digest !== this.digest(req.id)) throw new DomainError('REVIEW_OUTDATED', 'the pages changed since they were shown');
    const at = this.nowIso();
    const count = c.pages(this.db, req.id).length;
    if (input.outcome === 'confirmed') this.checkComplete(req);
    const reason = input.outcome === 'objected' ? (input.reason?.trim() || 'اشکال در اسناد') : null;
    const record = () => c.insertReview(this.db, { requestId: req.id, counterId: req.counterId, outcome: input.outcome, reason, pages: count, digest: input.digest, at });
    if (input.outcome === 'confirmed') this.requests.step(req, { type: 'applicantConfirmed' }, null, record);
    else this.requests.step(req, { type: 'applicantObjected', reason: reason! }, null, record);
    this.requests.changed(req.id);
    this.changed(req.id, req.counterId, null);
  }

  match(input: { pageId: string; matches: true } | { pageId: string; matches: false; reason: string }, staff: Staff): string {
    const page = c.page(this.db, input.pageId);
    if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such page');
    const req = this.requests.forChange(page.requestId, staff);
    if (req.status !== 'applicantConfirmed') throw new DomainError('REQUEST_OUT_OF_ORDER', 'matching comes after the applicant confirmed');
    if (input.matches) {
      c.setMatched(this.db, page.id, this.nowIso(), staff.userId);
    } else {
      // A page that does not match its paper sends the request back to capture, and to the applicant again.
      this.requests.step(req, { type: 'originalsMismatched', reason: input.reason }, staff, () => c.clearMatches(this.db, req.id));
      this.requests.changed(req.id);
    }
    this.changed(req.id, req.counterId, null);
    return req.id;
  }

  matchDone(requestId: string, staff: Staff): void {
    const req = this.requests.forChange(requestId, staff);
    const pages = c.pages(this.db, req.id);
    const open = pages.map((p, i) => ({ p, n: i + 1 })).filter(({ p }) => p.matchedAt === null);
    if (req.status === 'applicantConfirmed' && (pages.length === 0 || open.length)) {
      throw new DomainError('ORIGINALS_NOT_ALL_MATCHED', 'pages left to check', { fields: open.map(({ n }) => ({ path: `pages.${n}`, reason: 'unmatched' })) });
    }
    this.requests.step(req, { type: 'originalsMatched' }, staff);
    this.requests.changed(req.id);
    this.changed(req.id, req.counterId, null);
  }

  // ---------- views ----------

  view(requestId: string, staff: Staff | null): CaptureView {
    const req = staff ? this.requests.forChange(requestId, staff) : this.requests.get(requestId);
    const docs = c.documents(this.db, req.id);
    const pages = c.pages(this.db, req.id);
    let n = 0;
    const byDoc = new Map(docs.map((d) => [d.id, [] as CaptureView['documents'][number]['pages']]));
    for (const p of pages) {
      byDoc.get(p.documentId)?.push({
        id: p.id,
        documentId: p.documentId,
        number: ++n,
        sha256: p.sha256,
        widthPx: p.widthPx,
        heightPx: p.heightPx,
        dpi: p.dpi,
        bytes: p.bytes,
        deskewDeg: Math.round(p.deskewDeg * 100) / 100,
        blank: p.blank === 1,
        blankKept: p.blankKept === 1,
        matched: p.matchedAt !== null,
        ocr: p.ocrStatus,
        source: p.source,
      });
    }
    const review = c.lastReview(this.db, req.id);
    return {
      requestId: req.id,
      documents: docs.map((d) => ({ id: d.id, type: d.type as DocumentType, colorMode: d.colorMode, pages: byDoc.get(d.id) ?? [] })),
      jobs: c.recentJobs(this.db, req.id).map((j) => ({
        id: j.id,
        driver: j.driver,
        status: j.status,
        errorCode: (captureErrorCodes as readonly string[]).includes(j.errorCode ?? '') ? (j.errorCode as CaptureErrorCode) : null,
        pages: j.pages,
        startedAt: j.startedAt,
        endedAt: j.endedAt,
      })),
      ...this.pageFigures(req),
      digest: this.digest(req.id),
      review,
    };
  }

  /** The pages the applicant's screen shows for the request (ids and document types only). */
  applicantPages(requestId: string): { digest: string; pages: { id: string; number: number; documentType: DocumentType }[] } {
    const docs = new Map(c.documents(this.db, requestId).map((d) => [d.id, d.type as DocumentType]));
    return {
      digest: this.digest(requestId),
      pages: c.pages(this.db, requestId).map((p, i) => ({ id: p.id, number: i + 1, documentType: docs.get(p.documentId) ?? 'other' })),
    };
  }

  async documentPdf(documentId: string, staff: Staff): Promise<{ fileName: string; pdfBase64: string; pages: number; ocrPages: number }> {
    const doc = c.document(this.db, documentId);
    if (!doc) throw new DomainError('UNKNOWN_DOCUMENT', 'no such document');
    const req = this.requests.forChange(doc.requestId, staff);
    const pages = c.pages(this.db, req.id).filter((p) => p.documentId === doc.id);
    if (pages.some((p) => p.purgedAt)) throw new DomainError('PAGE_PURGED', 'retention removed the pages of this document');
    const input = [];
    let ocrPages = 0;
    for (const p of pages) {
      const ocr = c.pageOcr(this.db, p.id);
      if (ocr) ocrPages++;
      input.push({
        image: await this.readStored(p.sha256),
        mime: p.mime as 'image/jpeg' | 'image/png' | 'image/tiff',
        widthPx: p.widthPx,
        heightPx: p.heightPx,
        dpi: p.dpi,
        ...(ocr ? { ocr: JSON.parse(ocr) as import('../../native/ocr/types').OcrPage } : {}),
      });
    }
    const pdf = await this.ports.pdf({
      pages: input,
      meta: { title: `${req.year}-${req.number} ${doc.type}`, author: 'Daftaryar', subject: `request ${req.year}/${req.number}`, created: this.hub.now(), keywords: [doc.type] },
    });
    return { fileName: `${req.year}-${req.number}-${doc.position}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64'), pages: pages.length, ocrPages };
  }

  search(query: string): { hits: { requestId: string; requestNumber: string; pageId: string; pageNumber: number; snippet: string }[] } {
    const hits = c.searchText(this.db, query);
    // a request's page order, read once however many of its pages matched
    const order = new Map<string, string[]>();
    const pageIds = (requestId: string) => order.get(requestId) ?? order.set(requestId, c.pages(this.db, requestId).map((p) => p.id)).get(requestId)!;
    return {
      hits: hits.flatMap((h) => {
        const req = this.requests.get(h.requestId);
        const n = pageIds(h.requestId).indexOf(h.pageId);
        return n < 0 ? [] : [{ requestId: h.requestId, requestNumber: `${req.year}/${req.number}`, pageId: h.pageId, pageNumber: n + 1, snippet: h.snippet }];
      }),
    };
  }

  // ---------- OCR in the background ----------

  /** Starts the OCR loop if it is idle; one page at a time, oldest first, never in a caller's way. */
  kickOcr(): void {
    if (this.ocrBusy || this.ocrStopped) return;
    const engine = this.ports.ocr();
    if (!engine) return;
    this.ocrBusy = true;
    void (async () => {
      try {
        for (;;) {
          if (this.ocrStopped) return;
          const next = c.pagesAwaitingOcr(this.db, 1)[0];
          if (!next) return;
          let result: { text: string; json: string } | null = null;
          try {
            const image = await this.store.get(next.sha256);
            const ocr = await engine.recognize(image, { widthPx: next.widthPx, heightPx: next.heightPx });
            result = { text: ocr.text, json: JSON.stringify(ocr) };
          } catch (err) {
            this.hub.log.warn('OCR failed for a page', { pageId: next.id, error: err instanceof Error ? err.message : String(err) });
          }
          if (this.ocrStopped) return;
          c.saveOcr(this.db, next.id, next.sha256, result);
        }
      } finally {
        this.ocrBusy = false;
      }
    })();
  }

  /** For tests: resolves when no page waits for OCR (or OCR is off). */
  async ocrIdle(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.ports.ocr() && (this.ocrBusy || c.pagesAwaitingOcr(this.db, 1).length)) {
      if (Date.now() > until) throw new Error('OCR did not finish in time');
      this.kickOcr();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private changed(requestId: string, counterId: number | null, jobId: string | null): void {
    this.hub.events.emit('capture.changed', { requestId, counterId, jobId, at: this.nowIso() });
    // pages edited while the applicant looks at them: their screen reloads the new list at once
    if (jobId === null && this.requests.get(requestId).status === 'documentsCaptured') this.requests.changed(requestId);
  }
}

/** A scanner, importer, store or pipeline failure as the code the counter shows. */
export function captureCode(err: unknown): CaptureErrorCode {
  if (err instanceof ScannerError) return (captureErrorCodes as readonly string[]).includes(err.code) ? (err.code as CaptureErrorCode) : 'BAD_DATA';
  if (err instanceof PageStoreError) return err.code === 'DISK_FULL' ? 'DISK_FULL' : 'PIPELINE_FAILED';
  if (err instanceof DomainError && (captureErrorCodes as readonly string[]).includes(err.code)) return err.code as CaptureErrorCode;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'DISK_FULL';
  return 'PIPELINE_FAILED';
}

/** The first page of a scan only (rescanning one page); stopping early lets the driver end its job. */
async function* firstOnly(pages: AsyncIterable<RawPage>): AsyncGenerator<RawPage> {
  for await (const page of pages) {
    yield page;
    return;
  }
}
