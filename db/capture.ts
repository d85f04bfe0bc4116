/**
 * Capture queries: the counter's scanner, scan jobs, documents and pages, the applicant's reviews and
 * the OCR text index. Multi-row changes (a page moved, a document split) run inside the caller's
 * transaction (hub/capture).
 */
import type { Database } from './sqlite';
import { stmt } from './statements';

// ---------- secrets (keys kept only inside the encrypted database) ----------

export function secret(db: Database, name: string): Buffer | null {
  const row = stmt<[string], { value: Buffer }>(db, 'SELECT value FROM secret WHERE name = ?').get(name);
  return row ? row.value : null;
}

/** The secret, made by `make` and stored on first use (in one transaction, so two callers agree). */
export function secretOrCreate(db: Database, name: string, make: () => Buffer, at: string): Buffer {
  return db.transaction(() => {
    const found = secret(db, name);
    if (found) return found;
    const value = make();
    stmt(db, 'INSERT INTO secret (name, value, created_at) VALUES (?, ?, ?)').run(name, value, at);
    return value;
  }).immediate();
}

/** Sets a secret, replacing any earlier value (the hub's device key at enrollment). */
export function saveSecret(db: Database, name: string, value: Buffer, at: string): void {
  stmt(db, 'INSERT INTO secret (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at').run(name, value, at);
}

// ---------- the office's scan profiles (one per document type) ----------

export interface ScanProfileRow {
  documentType: 'petition' | 'identity' | 'evidence' | 'powerOfAttorney' | 'decision' | 'other';
  dpi: number;
  colorMode: 'color' | 'grey' | 'bw';
  source: 'flatbed' | 'adf' | 'adfDuplex';
}

export function scanProfiles(db: Database): ScanProfileRow[] {
  return stmt<[], ScanProfileRow>(db, 'SELECT doc_type AS documentType, dpi, color_mode AS colorMode, source FROM scan_profile ORDER BY rowid').all();
}

export function scanProfile(db: Database, documentType: string): ScanProfileRow | null {
  return stmt<[string], ScanProfileRow>(db, 'SELECT doc_type AS documentType, dpi, color_mode AS colorMode, source FROM scan_profile WHERE doc_type = ?').get(documentType) ?? null;
}

/** Replaces every profile with these (inside the caller's transaction). */
export function replaceScanProfiles(db: Database, profiles: readonly ScanProfileRow[], at: string, by: number | null): void {
  stmt(db, 'DELETE FROM scan_profile').run();
  for (const p of profiles) {
    stmt(db, 'INSERT INTO scan_profile (doc_type, dpi, color_mode, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)').run(p.documentType, p.dpi, p.colorMode, p.source, at, by);
  }
}

// ---------- the counter's scanner ----------

export interface ScannerSettingRow {
  driver: 'sane' | 'escl' | 'dwt' | 'folder' | 'workstation';
  deviceId: string;
  label: string;
  source: 'flatbed' | 'adf' | 'adfDuplex';
  dpi: number;
  colorMode: 'color' | 'grey' | 'bw';
}

export function scannerSetting(db: Database, counterId: number): ScannerSettingRow | null {
  return (
    stmt<[number], ScannerSettingRow>(
      db,
      'SELECT driver, device_id AS deviceId, label, source, dpi, color_mode AS colorMode FROM scanner_setting WHERE counter_id = ?',
    ).get(counterId) ?? null
  );
}

/** The watched folders the counters' settings name (their paths), each once. */
export function scannerFolders(db: Database): string[] {
  return stmt<[], { deviceId: string }>(db, "SELECT DISTINCT device_id AS deviceId FROM scanner_setting WHERE driver = 'folder' ORDER BY device_id")
    .all()
    .map((r) => r.deviceId);
}

export function saveScannerSetting(db: Database, counterId: number, s: ScannerSettingRow, at: string, by: number | null): void {
  stmt(
    db,
    `INSERT INTO scanner_setting (counter_id, driver, device_id, label, source, dpi, color_mode, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (counter_id) DO UPDATE SET driver = excluded.driver, device_id = excluded.device_id, label = excluded.label,
       source = excluded.source, dpi = excluded.dpi, color_mode = excluded.color_mode, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(counterId, s.driver, s.deviceId, s.label, s.source, s.dpi, s.colorMode, at, by);
}

// ---------- jobs ----------

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface JobRow {
  id: string;
  requestId: string;
  counterId: number | null;
  driver: string;
  status: JobStatus;
  errorCode: string | null;
  pages: number;
  startedAt: string;
  endedAt: string | null;
}

const JOB_COLUMNS = 'id, request_id AS requestId, counter_id AS counterId, driver, status, error_code AS errorCode, pages, started_at AS startedAt, ended_at AS endedAt';

export function insertJob(
  db: Database,
  job: { id: string; requestId: string; counterId: number | null; driver: string; deviceId: string; settings: unknown; startedAt: string; startedBy: number | null },
): void {
  stmt(
    db,
    "INSERT INTO capture_job (id, request_id, counter_id, driver, device_id, settings, status, started_at, started_by) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)",
  ).run(job.id, job.requestId, job.counterId, job.driver, job.deviceId, JSON.stringify(job.settings), job.startedAt, job.startedBy);
}

export function endJob(db: Database, id: string, status: Exclude<JobStatus, 'running'>, errorCode: string | null, at: string): void {
  stmt(db, "UPDATE capture_job SET status = ?, error_code = ?, ended_at = ? WHERE id = ? AND status = 'running'").run(status, errorCode, at, id);
}

export function job(db: Database, id: string): JobRow | null {
  return stmt<[string], JobRow>(db, `SELECT ${JOB_COLUMNS} FROM capture_job WHERE id = ?`).get(id) ?? null;
}

export function recentJobs(db: Database, requestId: string, limit = 5): JobRow[] {
  return stmt<[string, number], JobRow>(db, `SELECT ${JOB_COLUMNS} FROM capture_job WHERE request_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`).all(requestId, limit);
}

/**
 * Jobs a stopped hub left running: they end as interrupted (their pages are kept). A job a
 * workstation's agent scans (an open `agent_job`, db/agent.ts) goes on: the agent resends what the
 * hub did not confirm.
 */
export function interruptRunningJobs(db: Database, at: string): number {
  return stmt(db, "UPDATE capture_job SET status = 'interrupted', error_code = 'INTERRUPTED', ended_at = ? WHERE status = 'running' AND id NOT IN (SELECT id FROM agent_job WHERE state = 'open')").run(at).changes;
}

// ---------- documents and pages ----------

export interface DocumentRow {
  id: string;
  requestId: string;
  position: number;
  type: string;
  colorMode: 'color' | 'grey' | 'bw';
}

export function documents(db: Database, requestId: string): DocumentRow[] {
  return stmt<[string], DocumentRow>(
    db,
    'SELECT id, request_id AS requestId, position, doc_type AS type, color_mode AS colorMode FROM capture_document WHERE request_id = ? AND deleted_at IS NULL ORDER BY position',
  ).all(requestId);
}

export function document(db: Database, id: string): DocumentRow | null {
  return (
    stmt<[string], DocumentRow>(
      db,
      'SELECT id, request_id AS requestId, position, doc_type AS type, color_mode AS colorMode FROM capture_document WHERE id = ? AND deleted_at IS NULL',
    ).get(id) ?? null
  );
}

export function insertDocument(db: Database, d: { id: string; requestId: string; type: string; colorMode: string; at: string; after?: number }): void {
  const position =
    d.after ?? stmt<[string], { p: number }>(db, 'SELECT coalesce(max(position), 0) AS p FROM capture_document WHERE request_id = ?').get(d.requestId)!.p;
  // make room after `position`
  stmt(db, 'UPDATE capture_document SET position = position + 1 WHERE request_id = ? AND position > ?').run(d.requestId, position);
  stmt(db, 'INSERT INTO capture_document (id, request_id, position, doc_type, color_mode, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    d.id,
    d.requestId,
    position + 1,
    d.type,
    d.colorMode,
    d.at,
  );
}

export function updateDocument(db: Database, id: string, change: { type?: string | undefined; colorMode?: string | undefined }): void {
  if (change.type !== undefined) stmt(db, 'UPDATE capture_document SET doc_type = ? WHERE id = ?').run(change.type, id);
  if (change.colorMode !== undefined) stmt(db, 'UPDATE capture_document SET color_mode = ? WHERE id = ?').run(change.colorMode, id);
}

/** A document with no live page left disappears from the list (its row stays for the trail). */
export function dropEmptyDocuments(db: Database, requestId: string, at: string): void {
  stmt(
    db,
    `UPDATE capture_document SET deleted_at = ? WHERE request_id = ? AND deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM capture_page p WHERE p.document_id = capture_document.id AND p.deleted_at IS NULL)`,
  ).run(at, requestId);
}

/** What the image pipeline measured and stored of a page: its image, thumb and view by hash, size, resolution, skew, ink. */
export interface PageImageFacts {
  sha256: string;
  mime: string;
  bytes: number;
  widthPx: number;
  heightPx: number;
  dpi: number;
  thumbSha256: string;
  viewSha256: string;
  deskewDeg: number;
  inkRatio: number;
}

export interface PageRow extends PageImageFacts {
  id: string;
  requestId: string;
  documentId: string;
  position: number;
  blank: number;
  blankKept: number;
  source: string;
  matchedAt: string | null;
  ocrStatus: 'pending' | 'done' | 'failed';
  /** set when retention removed its files and text (db/migrations/0014) */
  purgedAt: string | null;
  /** 1: provisional — the row names the original and the driver's small images; its heavy steps still run (db/migrations/0036) */
  processing: number;
}

const PAGE_COLUMNS = `p.id, p.request_id AS requestId, p.document_id AS documentId, p.position, p.sha256, p.mime, p.bytes, p.width_px AS widthPx,
  p.height_px AS heightPx, p.dpi, p.thumb_sha256 AS thumbSha256, p.view_sha256 AS viewSha256, p.deskew_deg AS deskewDeg, p.ink_ratio AS inkRatio,
  p.blank, p.blank_kept AS blankKept, p.source, p.matched_at AS matchedAt, p.ocr_status AS ocrStatus, p.purged_at AS purgedAt, p.processing`;

/** The request's live pages in reading order: by document, then position. */
export function pages(db: Database, requestId: string): PageRow[] {
  return stmt<[string], PageRow>(
    db,
    `SELECT ${PAGE_COLUMNS} FROM capture_page p JOIN capture_document d ON d.id = p.document_id
     WHERE p.request_id = ? AND p.deleted_at IS NULL ORDER BY d.position, p.position`,
  ).all(requestId);
}

export function page(db: Database, id: string): PageRow | null {
  return stmt<[string], PageRow>(db, `SELECT ${PAGE_COLUMNS} FROM capture_page p WHERE p.id = ? AND p.deleted_at IS NULL`).get(id) ?? null;
}

export interface NewPage extends PageImageFacts {
  id: string;
  requestId: string;
  documentId: string;
  jobId: string | null;
  blank: boolean;
  source: string;
  origin: string | null;
  capturedAt: string;
  capturedBy: number | null;
  /** provisional: the heavy steps run after the commit (finishProcessing) */
  processing?: boolean;
}

/** Appends a page at the end of its document. */
export function insertPage(db: Database, p: NewPage): void {
  const position = stmt<[string], { p: number }>(db, 'SELECT coalesce(max(position), 0) AS p FROM capture_page WHERE document_id = ?').get(p.documentId)!.p + 1;
  stmt(
    db,
    `INSERT INTO capture_page (id, request_id, document_id, position, job_id, sha256, mime, bytes, width_px, height_px, dpi, thumb_sha256, view_sha256,
       deskew_deg, ink_ratio, blank, source, origin, captured_at, captured_by, processing)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    p.id, p.requestId, p.documentId, position, p.jobId, p.sha256, p.mime, p.bytes, p.widthPx, p.heightPx, p.dpi, p.thumbSha256, p.viewSha256,
    p.deskewDeg, p.inkRatio, p.blank ? 1 : 0, p.source, p.origin, p.capturedAt, p.capturedBy, p.processing ? 1 : 0,
  );
  if (p.jobId) stmt(db, 'UPDATE capture_job SET pages = pages + 1 WHERE id = ?').run(p.jobId);
}

/** A page's image replaced (rotated, or rescanned): new files, the same row and place; the match and OCR start over. */
export function replacePageImage(
  db: Database,
  id: string,
  img: { sha256: string; mime: string; bytes: number; widthPx: number; heightPx: number; dpi: number; thumbSha256: string; viewSha256: string; deskewDeg: number; inkRatio: number; blank: boolean; processing?: boolean },
): void {
  stmt(
    db,
    `UPDATE capture_page SET sha256 = ?, mime = ?, bytes = ?, width_px = ?, height_px = ?, dpi = ?, thumb_sha256 = ?, view_sha256 = ?,
       deskew_deg = ?, ink_ratio = ?, blank = ?, blank_kept = 0, matched_at = NULL, matched_by = NULL, ocr_status = 'pending', ocr = NULL, processing = ? WHERE id = ?`,
  ).run(img.sha256, img.mime, img.bytes, img.widthPx, img.heightPx, img.dpi, img.thumbSha256, img.viewSha256, img.deskewDeg, img.inkRatio, img.blank ? 1 : 0, img.processing ? 1 : 0, id);
  stmt(db, 'DELETE FROM page_text WHERE page_id = ?').run(id);
}

// ---------- provisional pages (db/migrations/0036) ----------

/** Provisional pages whose heavy steps are still to run, in the order they were captured (deleted ones too: they are finished all the same). */
export function processingPages(db: Database): { id: string; requestId: string; sha256: string }[] {
  return stmt<[], { id: string; requestId: string; sha256: string }>(
    db,
    'SELECT id, request_id AS requestId, sha256 FROM capture_page WHERE processing = 1 ORDER BY captured_at, rowid',
  ).all();
}

export interface ProcessingPage {
  id: string;
  requestId: string;
  sha256: string;
  mime: string;
  bytes: number;
  widthPx: number;
  heightPx: number;
  dpi: number;
  thumbSha256: string;
  viewSha256: string;
  colorMode: 'color' | 'grey' | 'bw';
}

/** A provisional page as its heavy steps need it (its document's colour mode), deleted or not; null once processed. */
export function processingPage(db: Database, id: string): ProcessingPage | null {
  return (
    stmt<[string], ProcessingPage>(
      db,
      `SELECT p.id, p.request_id AS requestId, p.sha256, p.mime, p.bytes, p.width_px AS widthPx, p.height_px AS heightPx, p.dpi,
         p.thumb_sha256 AS thumbSha256, p.view_sha256 AS viewSha256, d.color_mode AS colorMode
       FROM capture_page p JOIN capture_document d ON d.id = p.document_id WHERE p.id = ? AND p.processing = 1`,
    ).get(id) ?? null
  );
}

/** Whether a page of the request is still provisional (its edits, «پایان اسکن», the PDF and sending wait). */
export function requestProcessing(db: Database, requestId: string): boolean {
  return stmt<[string], { n: number }>(db, 'SELECT count(*) AS n FROM capture_page WHERE processing = 1 AND request_id = ?').get(requestId)!.n > 0;
}

/**
 * A provisional page takes its cleaned image — only while it still holds the original it was
 * processed from (`fromSha256`); false when it does not (finished already, or rescanned since).
 */
export function finishProcessing(
  db: Database,
  id: string,
  fromSha256: string,
  img: { sha256: string; mime: string; bytes: number; widthPx: number; heightPx: number; thumbSha256: string; viewSha256: string; deskewDeg: number; inkRatio: number; blank: boolean },
): boolean {
  return (
    stmt(
      db,
      `UPDATE capture_page SET sha256 = ?, mime = ?, bytes = ?, width_px = ?, height_px = ?, thumb_sha256 = ?, view_sha256 = ?,
         deskew_deg = ?, ink_ratio = ?, blank = ?, processing = 0 WHERE id = ? AND sha256 = ? AND processing = 1`,
    ).run(img.sha256, img.mime, img.bytes, img.widthPx, img.heightPx, img.thumbSha256, img.viewSha256, img.deskewDeg, img.inkRatio, img.blank ? 1 : 0, id, fromSha256).changes > 0
  );
}

/** One more page delivered by a job (a rescan replaces rather than inserts). */
export function countJobPage(db: Database, jobId: string): void {
  stmt(db, 'UPDATE capture_job SET pages = pages + 1 WHERE id = ?').run(jobId);
}

export function deletePage(db: Database, id: string, at: string, by: number | null): void {
  stmt(db, 'UPDATE capture_page SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(at, by, id);
  stmt(db, 'DELETE FROM page_text WHERE page_id = ?').run(id);
}

/** A deleted page (for bringing it back), or null when there is no such page or it is not deleted. */
export function deletedPage(db: Database, id: string): PageRow | null {
  return stmt<[string], PageRow>(db, `SELECT ${PAGE_COLUMNS} FROM capture_page p WHERE p.id = ? AND p.deleted_at IS NOT NULL`).get(id) ?? null;
}

/**
 * Brings a deleted page back into its document at the position it had (its document too, if it was
 * dropped for being empty); its text is read again, since deleting it removed the text.
 */
export function restorePage(db: Database, id: string): void {
  const row = stmt<[string], { documentId: string; position: number }>(db, 'SELECT document_id AS documentId, position FROM capture_page WHERE id = ?').get(id)!;
  stmt(db, "UPDATE capture_page SET deleted_at = NULL, deleted_by = NULL, ocr_status = 'pending', ocr = NULL WHERE id = ?").run(id);
  stmt(db, 'UPDATE capture_document SET deleted_at = NULL WHERE id = ?').run(row.documentId);
  renumber(db, row.documentId, id, row.position);
}

export function keepBlankPage(db: Database, id: string): void {
  stmt(db, 'UPDATE capture_page SET blank_kept = 1 WHERE id = ?').run(id);
}

/** Puts the page at `position` (1-based) in `documentId`, renumbering both documents densely. */
export function movePage(db: Database, id: string, documentId: string, position: number): void {
  const from = page(db, id)!;
  stmt(db, 'UPDATE capture_page SET document_id = ?, position = -1 WHERE id = ?').run(documentId, id);
  renumber(db, from.documentId, null, 0);
  renumber(db, documentId, id, position);
}

/** Dense positions 1..n for a document's live pages; `insert` goes at `at` (clamped) when given. */
function renumber(db: Database, documentId: string, insert: string | null, at: number): void {
  const ids = stmt<[string], { id: string }>(
    db,
    'SELECT id FROM capture_page WHERE document_id = ? AND deleted_at IS NULL AND position > 0 ORDER BY position',
  )
    .all(documentId)
    .map((r) => r.id)
    .filter((x) => x !== insert);
  if (insert) ids.splice(Math.max(0, Math.min(ids.length, at - 1)), 0, insert);
  // two passes so the positions never collide mid-way
  ids.forEach((pid, i) => stmt(db, 'UPDATE capture_page SET position = ? WHERE id = ?').run(-(i + 1) - 1_000_000, pid));
  ids.forEach((pid, i) => stmt(db, 'UPDATE capture_page SET position = ? WHERE id = ?').run(i + 1, pid));
}

/** Moves `pageId` and every later page of its document to `newDocumentId`, keeping their order. */
export function splitAt(db: Database, pageId: string, newDocumentId: string): void {
  const from = page(db, pageId)!;
  stmt(db, 'UPDATE capture_page SET document_id = ? WHERE document_id = ? AND position >= ? AND deleted_at IS NULL').run(newDocumentId, from.documentId, from.position);
  renumber(db, newDocumentId, null, 0);
}

export function setMatched(db: Database, id: string, at: string | null, by: number | null): void {
  stmt(db, 'UPDATE capture_page SET matched_at = ?, matched_by = ? WHERE id = ?').run(at, by, id);
}

export function clearMatches(db: Database, requestId: string): void {
  stmt(db, 'UPDATE capture_page SET matched_at = NULL, matched_by = NULL WHERE request_id = ?').run(requestId);
}

// ---------- OCR ----------

/** Pages still waiting for OCR, oldest first. */
export function pagesAwaitingOcr(db: Database, limit: number): { id: string; requestId: string; sha256: string; widthPx: number; heightPx: number }[] {
  return stmt<[number], { id: string; requestId: string; sha256: string; widthPx: number; heightPx: number }>(
    db,
    "SELECT id, request_id AS requestId, sha256, width_px AS widthPx, height_px AS heightPx FROM capture_page WHERE ocr_status = 'pending' AND deleted_at IS NULL AND processing = 0 ORDER BY captured_at, rowid LIMIT ?",
  ).all(limit);
}

/** Stores a page's OCR result — only if the page still has the image that was read (a rotation starts over). */
export function saveOcr(db: Database, pageId: string, sha256: string, result: { text: string; json: string } | null): boolean {
  const changed = stmt(db, "UPDATE capture_page SET ocr_status = ?, ocr = ? WHERE id = ? AND sha256 = ? AND ocr_status = 'pending'").run(
    result ? 'done' : 'failed',
    result?.json ?? null,
    pageId,
    sha256,
  ).changes;
  if (changed && result && result.text.trim() !== '') {
    const requestId = stmt<[string], { r: string }>(db, 'SELECT request_id AS r FROM capture_page WHERE id = ?').get(pageId)!.r;
    stmt(db, 'INSERT INTO page_text (text, page_id, request_id) VALUES (?, ?, ?)').run(result.text, pageId, requestId);
  }
  return changed > 0;
}

export function pageOcr(db: Database, pageId: string): string | null {
  return stmt<[string], { ocr: string | null }>(db, 'SELECT ocr FROM capture_page WHERE id = ?').get(pageId)?.ocr ?? null;
}

export interface TextHit {
  pageId: string;
  requestId: string;
  snippet: string;
}

/**
 * Pages whose OCR text has every word of the query. The query is turned into FTS5 phrase terms
 * (each word quoted), so FTS5 syntax in the input is searched for literally, never interpreted.
 */
export function searchText(db: Database, query: string, limit = 50): TextHit[] {
  const words = query
    .split(/\s+/u)
    .map((w) => w.replace(/"/g, ''))
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return [];
  const match = words.map((w) => `"${w}"`).join(' ');
  return stmt<[string, number], TextHit>(
    db,
    "SELECT page_id AS pageId, request_id AS requestId, snippet(page_text, 0, '[', ']', '…', 12) AS snippet FROM page_text WHERE page_text MATCH ? ORDER BY rank LIMIT ?",
  ).all(match, limit);
}

// ---------- the applicant's review ----------

export interface ReviewRow {
  outcome: 'confirmed' | 'objected';
  reason: string | null;
  at: string;
  digest: string;
}

export function insertReview(db: Database, r: { requestId: string; counterId: number | null; outcome: 'confirmed' | 'objected'; reason: string | null; pages: number; digest: string; at: string }): void {
  stmt(db, 'INSERT INTO applicant_review (request_id, counter_id, outcome, reason, pages, pages_digest, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    r.requestId,
    r.counterId,
    r.outcome,
    r.reason,
    r.pages,
    r.digest,
    r.at,
  );
}

export function lastReview(db: Database, requestId: string): ReviewRow | null {
  return (
    stmt<[string], ReviewRow>(db, 'SELECT outcome, reason, at, pages_digest AS digest FROM applicant_review WHERE request_id = ? ORDER BY id DESC LIMIT 1').get(requestId) ?? null
  );
}
