import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { migrations } from '.';
import { NOW, REQUEST_ID, seedFeesFixed } from '../../test/support/migrationRows';
import { insertDocument, insertPage, pages, saveOcr, searchText } from '../capture';
import * as up from '../../test/support/migrationRows';

describe('migration 0011 — capture', () => {
  it('adds documents, pages and a Persian full-text index over an existing office', () => {
    const db = up.databaseAt(10);
    seedFeesFixed(db);
    migrate(db, migrations);
    insertDocument(db, { id: 'd1', requestId: REQUEST_ID, type: 'petition', colorMode: 'grey', at: NOW });
    const sha = 'a'.repeat(64);
    insertPage(db, {
      id: 'p1', requestId: REQUEST_ID, documentId: 'd1', jobId: null, sha256: sha, mime: 'image/jpeg', bytes: 10, widthPx: 2480, heightPx: 3508, dpi: 300,
      thumbSha256: sha, viewSha256: sha, deskewDeg: 1.5, inkRatio: 0.05, blank: false, source: 'scanner', origin: null, capturedAt: NOW, capturedBy: 1,
    });
    expect(pages(db, REQUEST_ID).map((p) => [p.id, p.position, p.ocrStatus])).toEqual([['p1', 1, 'pending']]);
    expect(saveOcr(db, 'p1', sha, { text: 'دادخواست مطالبهٔ وجه به مبلغ ۱۲۰٬۰۰۰٬۰۰۰ ریال AB-12345', json: '{}' })).toBe(true);
    expect(searchText(db, 'مطالبهٔ').map((h) => h.pageId)).toEqual(['p1']);
    expect(searchText(db, 'AB')).toHaveLength(1);
    // FTS syntax typed by a user is searched for literally, not run
    expect(searchText(db, 'NEAR(" OR *')).toEqual([]);
    // a second OCR result for the same page image is not stored twice
    expect(saveOcr(db, 'p1', sha, { text: 'x', json: '{}' })).toBe(false);
    expect(() => db.prepare("UPDATE capture_page SET blank = 2").run()).toThrow(/CHECK/);
  });
});

describe('migration 0011: upgrading an office at version 10', () => {
  it('keeps the request and adds documents, pages, jobs, reviews and the full-text index, all empty', () => {
    const db = up.databaseAt(10);
    seedFeesFixed(db);
    const u = up.upgrade(db, 11, { keep: ['request'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual([
      'applicant_review', 'capture_document', 'capture_job', 'capture_page', 'page_text', 'page_text_config', 'page_text_content', 'page_text_data',
      'page_text_docsize', 'page_text_idx', 'scanner_setting', 'secret',
    ]);
    expect(up.indexesOf(db, 'capture_page')).toEqual(['capture_page_document', 'capture_page_ocr', 'capture_page_request']);
    expect(db.prepare('SELECT count(*) FROM capture_page').pluck().get()).toBe(0);
  });
});
