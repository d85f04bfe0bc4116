/**
 * Document capture for a request (ماده ۴; docs/CAPTURE.md), as one object for the handlers: each method
 * is one step module's function, given the explicit dependencies built here — the counter's scanner
 * (scanners.ts) and profiles (profiles.ts); jobs (jobs.ts) from a scan (scan.ts) or an uploaded file
 * (uploads.ts, importFile.ts) through the pipeline into the store (pipeline.ts); the clerk's page tools
 * (pageEdits.ts); the applicant's review and the match with the originals (review.ts); the screens'
 * views (views.ts), a document's PDF (documentPdf.ts) and OCR in the background (ocr.ts).
 *
 * Durability: a page exists once its three files (page, thumbnail, view) are in the store and its row
 * is committed; a scan that fails or is cancelled keeps every page before the failure.
 *
 * At rest: nothing of a party's document is on disk in plain text. Pages are sealed in the store; an
 * upload is sealed under its own key kept in memory (sealedUpload.ts) and read into memory when its
 * import starts; the hub's temporaries live in its private work folder (workDir.ts); a watched
 * folder's originals are shredded when their job is over, or at the next start after a crash.
 */
import type { CaptureErrorCode, CaptureView, DocumentType, ScanProfile, ScannerSettingInput } from '../../core/api/capture';
import type { RequestRow } from '../../db/requests';
import type { ColorMode, RawPage } from '../../native/capture/types';
import type { HubBase } from '../base';
import type { RequestService, Staff } from '../request/requestService';
import type { PageStore } from './pageStore';
import type { CapturePorts, WorkstationScanner } from './ports';
import { initialState, type CaptureDeps } from './context';
import * as scanners from './scanners';
import * as profiles from './profiles';
import { startScan, type ScanInput } from './scan';

export type { WorkstationScanner } from './ports';
import * as uploads from './uploads';
import { importFile, type ImportInput } from './importFile';
import * as jobs from './jobs';
import { image } from './pageFiles';
import * as edits from './pageEdits';
import * as steps from './review';
import * as views from './views';
import { documentPdf } from './documentPdf';
import { kickOcr, ocrIdle } from './ocr';
import * as remote from './remoteJobs';
import * as processing from './processing';
import type { RemoteTarget } from './remoteJobs';

export type { RemoteTarget } from './remoteJobs';

export { captureCode } from './captureCode';

export class CaptureService {
  private readonly deps: CaptureDeps;

  constructor(hub: HubBase, requests: RequestService, store: PageStore, ports: CapturePorts, workDir: string) {
    this.deps = { db: hub.db, now: () => hub.now(), log: hub.log, events: hub.events, requests, store, ports, workDir, uploadDir: uploads.uploadDirIn(workDir), state: initialState() };
    jobs.recoverAtStart(this.deps);
    // pages a previous run committed provisional get their heavy steps now
    processing.kickProcessing(this.deps);
  }

  // the counter's scanner and the office's scan profiles
  scanner(counterId: number): ScannerSettingInput | null {
    return scanners.scanner(this.deps, counterId);
  }
  setScanner(counterId: number, setting: ScannerSettingInput, staff: Staff): ScannerSettingInput {
    return scanners.setScanner(this.deps, counterId, setting, staff);
  }
  /** `workstation`: the caller's own workstation's scanners (hub/agent builds the port for the caller's device) */
  devices(driver: ScannerSettingInput['driver'], address: string | undefined, workstation: WorkstationScanner | null): Promise<{ devices: { driver: ScannerSettingInput['driver']; id: string; label: string; model: string | null }[]; errorCode: CaptureErrorCode | null }> {
    return scanners.devices(this.deps, driver, address, workstation);
  }
  scanProfiles(): ScanProfile[] {
    return profiles.scanProfiles(this.deps);
  }
  setScanProfiles(list: readonly ScanProfile[], staff: Staff): ScanProfile[] {
    return profiles.setScanProfiles(this.deps, list, staff);
  }

  // jobs
  start(input: ScanInput, staff: Staff, workstation: WorkstationScanner | null): { jobId: string } {
    return startScan(this.deps, input, staff, workstation);
  }
  upload(input: { uploadId: string; offset: number; dataBase64: string }, staff: Staff): Promise<{ received: number }> {
    return uploads.upload(this.deps, input, staff);
  }
  sweepUploads(): void {
    uploads.sweepUploads(this.deps);
  }
  import(input: ImportInput, staff: Staff): Promise<{ jobId: string }> {
    return importFile(this.deps, input, staff);
  }
  cancel(jobId: string, staff: Staff, workstation: WorkstationScanner | null): { cancelled: boolean } {
    return jobs.cancel(this.deps, jobId, staff, workstation);
  }

  // jobs a workstation's agent scans (hub/agent, docs/WORKSTATIONS.md)
  openRemoteJob(input: Parameters<typeof remote.openRemoteJob>[1], staff: Staff, what: Parameters<typeof remote.openRemoteJob>[3], also: (target: RemoteTarget) => void): RemoteTarget {
    return remote.openRemoteJob(this.deps, input, staff, what, also);
  }
  async storeRemotePage(target: RemoteTarget, raw: RawPage, also: (pageId: string) => void): Promise<string> {
    return remote.commitRemotePage(this.deps, target, await remote.prepareRemotePage(this.deps, target, raw), also);
  }
  prepareRemotePage(target: RemoteTarget, raw: RawPage): Promise<() => string> {
    return remote.prepareRemotePage(this.deps, target, raw);
  }
  commitRemotePage(target: RemoteTarget, commit: () => string, also: (pageId: string) => void): string {
    return remote.commitRemotePage(this.deps, target, commit, also);
  }
  endRemoteJob(target: Pick<RemoteTarget, 'jobId' | 'requestId' | 'counterId'>, status: 'done' | 'failed' | 'cancelled', code: string | null): void {
    remote.endRemoteJob(this.deps, target, status, code);
  }
  /** Every running job ended and every provisional page processed. */
  async idle(): Promise<void> {
    await jobs.idle(this.deps);
    await processing.processingIdle(this.deps);
  }

  /**
   * Ends every job and throws away every unfinished upload. The uploads go at once, before the first
   * await: a process that exits right after calling close() leaves none of them.
   */
  async close(): Promise<void> {
    for (const j of this.deps.state.running.values()) j.controller.abort();
    uploads.discardAllUploads(this.deps);
    await jobs.idle(this.deps);
    await processing.stopProcessing(this.deps);
    this.deps.state.ocrStopped = true;
    await this.deps.ports.close?.();
  }

  // the pages
  image(pageId: string, size: 'thumb' | 'view', staff: Staff | null): Promise<{ mime: 'image/jpeg'; base64: string }> {
    return image(this.deps, pageId, size, staff);
  }
  editPage(pageId: string, action: 'rotateLeft' | 'rotateRight' | 'rotate180' | 'delete' | 'keepBlank', staff: Staff): Promise<void> {
    return edits.editPage(this.deps, pageId, action, staff);
  }
  restorePage(pageId: string, staff: Staff): string {
    return edits.restorePage(this.deps, pageId, staff);
  }
  movePage(input: { pageId: string; documentId: string; position: number }, staff: Staff): void {
    edits.movePage(this.deps, input, staff);
  }
  split(input: { pageId: string; documentType: DocumentType }, staff: Staff): void {
    edits.split(this.deps, input, staff);
  }
  setDocument(input: { documentId: string; type?: DocumentType | undefined; colorMode?: ColorMode | undefined }, staff: Staff): string {
    return edits.setDocument(this.deps, input, staff);
  }

  // the steps: captured → the applicant's review → matched with the originals
  digest(requestId: string): string {
    return steps.digest(this.deps, requestId);
  }
  finish(requestId: string, staff: Staff): void {
    steps.finish(this.deps, requestId, staff);
  }
  review(req: RequestRow, input: { outcome: 'confirmed' | 'objected'; digest: string; reason?: string | undefined }): void {
    steps.review(this.deps, req, input);
  }
  match(input: { pageId: string; matches: true } | { pageId: string; matches: false; reason: string }, staff: Staff): string {
    return steps.match(this.deps, input, staff);
  }
  matchDone(requestId: string, staff: Staff): void {
    steps.matchDone(this.deps, requestId, staff);
  }

  // views
  view(requestId: string, staff: Staff | null): CaptureView {
    return views.view(this.deps, requestId, staff);
  }
  applicantPages(requestId: string): { digest: string; pages: { id: string; number: number; documentType: DocumentType }[] } {
    return views.applicantPages(this.deps, requestId);
  }
  documentPdf(documentId: string, staff: Staff): Promise<{ fileName: string; pdfBase64: string; pages: number; ocrPages: number }> {
    return documentPdf(this.deps, documentId, staff);
  }
  search(query: string): { hits: { requestId: string; requestNumber: string; pageId: string; pageNumber: number; snippet: string }[] } {
    return views.search(this.deps, query);
  }

  // OCR in the background
  kickOcr(): void {
    kickOcr(this.deps);
  }
  ocrIdle(timeoutMs?: number): Promise<void> {
    return ocrIdle(this.deps, timeoutMs);
  }
}
