/**
 * Retention (ماده ۳۸ ب): the page images and OCR text of a receipted submission leave the office after
 * the retention period; the request, its manifest and the central's receipt stay. A file another
 * request still needs is never removed (the store is content-addressed).
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as s from '../../db/sync';
import { auditRows } from '../../db/audit';
import { syncOffice, type SyncTestHub } from '../../test/support/sync';

const offices: SyncTestHub[] = [];
afterEach(() => {
  for (const o of offices.splice(0)) {
    o.t.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

const DAY = 86_400_000;
const files = (dir: string) => readdirSync(path.join(dir, 'pages'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;

/** What the outbox stores when the central receipts a submission (the receipt's content is not read here). */
function delivered(o: SyncTestHub, submissionId: string, code: string) {
  s.markDelivered(o.t.db, submissionId, { trackingCode: code, receipt: '{}', receiptSignature: 'x', at: o.t.hub.services.now().toISOString() });
}

describe('retention of page images', () => {
  it('removes a receipted request’s pages after the period, keeps files another request still needs, and audits it', async () => {
    const o = await syncOffice({ samePages: true });
    offices.push(o);
    const a = await o.sent();
    const b = await o.sent();
    const pagesOf = async (requestId: string) => (await o.t.ok('capture.view', { requestId }, o.clerk)).documents.flatMap((d) => d.pages);
    const [pageA] = await pagesOf(a.requestId);
    const [pageB] = await pagesOf(b.requestId);
    expect(pageA!.sha256).toBe(pageB!.sha256); // the same paper twice: one file
    const stored = files(o.dir);
    expect(stored).toBe(12); // 4 pages × (image, thumbnail, view)

    delivered(o, a.submissionId, '1111222233334444');
    o.t.advance(89 * DAY);
    expect(await o.sync.purge()).toEqual({ requests: 0, pages: 0, files: 0 });
    o.t.advance(2 * DAY);
    expect(await o.sync.purge()).toEqual({ requests: 1, pages: 4, files: 0 }); // B still needs every file
    expect(files(o.dir)).toBe(stored);
    // (91 days on, the staff sessions have long expired: the capture service is asked directly)
    const capture = o.t.hub.services.capture;
    await expect(capture.image(pageA!.id, 'view', null)).rejects.toMatchObject({ code: 'PAGE_PURGED' });
    expect((await capture.image(pageB!.id, 'view', null)).base64.length).toBeGreaterThan(100);
    // what was sent, and the proof, stay
    const sub = s.submissionViewOf(o.t.db, a.requestId);
    expect(sub).toMatchObject({ state: 'delivered', trackingCode: '1111222233334444', pages: 4 });
    expect(JSON.parse(s.submission(o.t.db, a.submissionId)!.content).documents[0].pages).toHaveLength(4);

    delivered(o, b.submissionId, '5555666677778888');
    o.t.advance(91 * DAY);
    expect(await o.sync.purge()).toEqual({ requests: 1, pages: 4, files: 12 });
    expect(files(o.dir)).toBe(0);
    expect(s.fileGcQueue(o.t.db)).toEqual([]);
    const audit = [...auditRows(o.t.db)].filter((e) => e.action === 'documentsPurged').map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));
    expect(audit.map((e) => e.subject).sort()).toEqual([`request:${a.requestId}`, `request:${b.requestId}`].sort());
    expect(audit[0]!.detail).toMatchObject({ pages: 4, retentionDays: 90 });
  });

  it('never touches a submission the central has not receipted, however old', async () => {
    const o = await syncOffice();
    offices.push(o);
    await o.sent();
    o.t.advance(400 * DAY);
    expect(await o.sync.purge()).toEqual({ requests: 0, pages: 0, files: 0 });
    expect(files(o.dir)).toBe(12);
  });

  it('finishes removing queued files on the next run after a crash between the commit and the removal', async () => {
    const o = await syncOffice();
    offices.push(o);
    const a = await o.sent();
    delivered(o, a.submissionId, '1111222233334444');
    o.t.advance(91 * DAY);
    // the marking committed, then the hub died before removing the files
    o.t.db.transaction(() => s.purgeRequestPages(o.t.db, a.requestId, o.t.hub.services.now().toISOString()))();
    expect(s.fileGcQueue(o.t.db)).toHaveLength(12);
    expect(files(o.dir)).toBe(12);
    expect(await o.sync.purge()).toEqual({ requests: 0, pages: 0, files: 12 });
    expect(files(o.dir)).toBe(0);
  });

  it('lets only the manager set the period, 7 days at least', async () => {
    const o = await syncOffice();
    offices.push(o);
    expect((await o.t.ok('sync.setRetention', { days: 30 }, o.t.managerSession)).retentionDays).toBe(30);
    const clerk = await o.t.call('sync.setRetention', { days: 30 }, o.clerk);
    expect(!clerk.ok && clerk.error.code).toBe('FORBIDDEN');
    const short = await o.t.call('sync.setRetention', { days: 1 }, o.t.managerSession);
    expect(!short.ok && short.error.code).toBe('INVALID_INPUT');
    expect((await o.t.ok('audit.list', { action: 'deviceSettingChanged' }, o.t.managerSession)).entries[0]!.detail).toMatchObject({ was: 90, days: 30 });
  });
});
