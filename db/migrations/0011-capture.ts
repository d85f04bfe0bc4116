import type { Migration } from '../migration';

/**
 * Document capture (ماده ۴: «تبدیل به سند الکترونیکی، رؤیت متقاضی، مطابقت با اصل»).
 *
 * - `secret`: keys that live only inside the encrypted database — the page store's AES-256 key, so the
 *   page files are unreadable without the database key, and rotating the database key needs no
 *   rewrite of the page files.
 * - `scanner_setting`: each counter's scanner (driver, device, default source/dpi/colour).
 * - `capture_job`: one scan or import run, with how it ended (a scanner error code is kept).
 * - `capture_document` / `capture_page`: the request's documents in order, each page by the sha256 of
 *   its stored image (the page's identity from the counter to the central system). A deleted page keeps
 *   its row (`deleted_at`) so the trail of what was captured survives. Blank pages are flagged and must
 *   be decided by the clerk; each page is checked against its paper original (`matched_at`).
 * - `applicant_review`: what the applicant confirmed on their screen, as a digest of the page list.
 * - `page_text`: the OCR text of every page, full-text indexed (FTS5) for the manager's search.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'capture',
  up(db) {
    db.exec(`
      CREATE TABLE secret (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE scanner_setting (
        counter_id INTEGER PRIMARY KEY REFERENCES counter(id),
        driver TEXT NOT NULL CHECK (driver IN ('sane', 'escl', 'dwt', 'folder')),
        device_id TEXT NOT NULL,
        label TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('flatbed', 'adf', 'adfDuplex')),
        dpi INTEGER NOT NULL CHECK (dpi BETWEEN 75 AND 1200),
        color_mode TEXT NOT NULL CHECK (color_mode IN ('color', 'grey', 'bw')),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES staff(id)
      ) STRICT;

      CREATE TABLE capture_job (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES request(id),
        counter_id INTEGER REFERENCES counter(id),
        driver TEXT NOT NULL,
        device_id TEXT NOT NULL,
        settings TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        error_code TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        started_by INTEGER REFERENCES staff(id)
      ) STRICT;
      CREATE INDEX capture_job_request ON capture_job(request_id);

      CREATE TABLE capture_document (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES request(id),
        position INTEGER NOT NULL,
        doc_type TEXT NOT NULL,
        color_mode TEXT NOT NULL CHECK (color_mode IN ('color', 'grey', 'bw')),
        created_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX capture_document_request ON capture_document(request_id, position);

      CREATE TABLE capture_page (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES request(id),
        document_id TEXT NOT NULL REFERENCES capture_document(id),
        position INTEGER NOT NULL,
        job_id TEXT REFERENCES capture_job(id),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        mime TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        width_px INTEGER NOT NULL,
        height_px INTEGER NOT NULL,
        dpi INTEGER NOT NULL,
        thumb_sha256 TEXT NOT NULL,
        view_sha256 TEXT NOT NULL,
        deskew_deg REAL NOT NULL DEFAULT 0,
        ink_ratio REAL NOT NULL DEFAULT 0,
        blank INTEGER NOT NULL DEFAULT 0 CHECK (blank IN (0, 1)),
        blank_kept INTEGER NOT NULL DEFAULT 0 CHECK (blank_kept IN (0, 1)),
        source TEXT NOT NULL,
        origin TEXT,
        captured_at TEXT NOT NULL,
        captured_by INTEGER REFERENCES staff(id),
        deleted_at TEXT,
        deleted_by INTEGER REFERENCES staff(id),
        matched_at TEXT,
        matched_by INTEGER REFERENCES staff(id),
        ocr_status TEXT NOT NULL DEFAULT 'pending' CHECK (ocr_status IN ('pending', 'done', 'failed')),
        ocr TEXT
      ) STRICT;
      CREATE INDEX capture_page_request ON capture_page(request_id, deleted_at);
      CREATE INDEX capture_page_document ON capture_page(document_id, position);
      CREATE INDEX capture_page_ocr ON capture_page(ocr_status) WHERE ocr_status = 'pending' AND deleted_at IS NULL;

      CREATE TABLE applicant_review (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES request(id),
        counter_id INTEGER REFERENCES counter(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'objected')),
        reason TEXT,
        pages INTEGER NOT NULL,
        pages_digest TEXT NOT NULL CHECK (length(pages_digest) = 64),
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX applicant_review_request ON applicant_review(request_id);

      CREATE VIRTUAL TABLE page_text USING fts5(text, page_id UNINDEXED, request_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
    `);
  },
};
