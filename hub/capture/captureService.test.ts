import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setUpHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { testCapturePorts, type ScriptedScan } from '../../test/support/capture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function office(script: ScriptedScan = { pages: [3, 4, 0, 5, 6] }) {
  let current = script;
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-capture-test-'));
  dirs.push(dir);
  const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => current) } });
  const { clerk } = await clerkWithCalledTicket(t);
  await t.ok('scanner.set', { counterId: 1, setting: { driver: 'sane', deviceId: 'test:0', label: 'اسکنر آزمایشی', source: 'adf', dpi: 300, colorMode: 'grey' } }, clerk);
  const { request } = await paidRequest(t, clerk);
  const applicant = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
  const scan = async (documentType: 'petition' | 'evidence' = 'petition', next?: ScriptedScan) => {
    if (next) current = next;
    const { jobId } = await t.ok('capture.start', { requestId: request.id, counterId: 1, documentType }, clerk);
    await t.hub.services.capture.idle();
    return jobId;
  };
  const view = () => t.ok('capture.view', { requestId: request.id }, clerk);
  const pages = async () => (await view()).documents.flatMap((d) => d.pages);
  return { t, clerk, applicant, request, scan, view, pages, dir };
}

describe('capture at the counter', () => {
  it('scans pages into a document in the order the scanner gave them, flags the blank one, and stores them encrypted', async () => {
    const o = await office();
    const jobId = await o.scan();
    const v = await o.view();
    expect(v.documents).toHaveLength(1);
    expect(v.documents[0]!.type).toBe('petition');
    const ps = v.documents[0]!.pages;
    expect(ps.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(ps.map((p) => p.blank)).toEqual([false, false, true, false, false]);
    expect(v.jobs[0]).toMatchObject({ id: jobId, status: 'done', pages: 5, errorCode: null });
    expect(v.pagesPaid).toBe(4);

    const thumb = await o.t.ok('capture.image', { pageId: ps[0]!.id, size: 'thumb' }, o.clerk);
    expect(Buffer.from(thumb.base64, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // nothing in the page store is a readable image
    const files = readdirSync(path.join(o.dir, 'pages'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBe(15); // page, thumbnail, view for each of 5
    for (const f of files) {
      const bytes = readFileSync(path.join(f.parentPath, f.name));
      expect(bytes.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      expect(statSync(path.join(f.parentPath, f.name)).mode & 0o077).toBe(0);
    }
    o.t.close();
  });

  it('walks the legal steps: captured → shown to the applicant → matched with the originals', async () => {
    const o = await office();
    await o.scan();
    const blank = (await o.pages()).find((p) => p.blank)!;
    expect((await o.t.call('capture.finish', { requestId: o.request.id }, o.clerk)).ok).toBe(false);
    const refused = await o.t.call('capture.finish', { requestId: o.request.id }, o.clerk);
    expect(!refused.ok && refused.error.code).toBe('CAPTURE_BLANK_UNDECIDED');
    await o.t.ok('capture.editPage', { pageId: blank.id, action: 'delete' }, o.clerk);
    const captured = await o.t.ok('capture.finish', { requestId: o.request.id }, o.clerk);
    expect((await o.t.ok('request.get', { requestId: o.request.id }, o.clerk)).status).toBe('documentsCaptured');

    // the applicant's screen shows the four pages, and one of them as an image
    const screen = await o.t.ok('applicantScreen.view', { counterId: 1 }, o.applicant);
    expect(screen.request!.documents!.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(screen.request!.documents!.digest).toBe(captured.digest);
    const img = await o.t.ok('applicantScreen.page', { counterId: 1, pageId: screen.request!.documents!.pages[0]!.id }, o.applicant);
    expect(img.base64.length).toBeGreaterThan(100);

    // a confirmation of another page list does not count
    const stale = await o.t.call('applicantScreen.review', { counterId: 1, requestId: o.request.id, outcome: 'confirmed', digest: '0'.repeat(64) }, o.applicant);
    expect(!stale.ok && stale.error.code).toBe('REVIEW_OUTDATED');
    // the clerk cannot confirm for the applicant
    const byClerk = await o.t.call('applicantScreen.review', { counterId: 1, requestId: o.request.id, outcome: 'confirmed', digest: captured.digest }, o.clerk);
    expect(!byClerk.ok && byClerk.error.code).toBe('FORBIDDEN');
    await o.t.ok('applicantScreen.review', { counterId: 1, requestId: o.request.id, outcome: 'confirmed', digest: captured.digest }, o.applicant);
    expect((await o.t.ok('request.get', { requestId: o.request.id }, o.clerk)).status).toBe('applicantConfirmed');
    expect((await o.view()).review).toMatchObject({ outcome: 'confirmed', digest: captured.digest });

    // what the applicant confirmed no longer changes
    const first = (await o.pages())[0]!;
    const locked = await o.t.call('capture.editPage', { pageId: first.id, action: 'rotateRight' }, o.clerk);
    expect(!locked.ok && locked.error.code).toBe('CAPTURE_LOCKED');

    // page by page against the paper
    const ps = await o.pages();
    await o.t.ok('capture.match', { pageId: ps[0]!.id, matches: true }, o.clerk);
    const early = await o.t.call('capture.matchDone', { requestId: o.request.id }, o.clerk);
    expect(!early.ok && early.error.code).toBe('ORIGINALS_NOT_ALL_MATCHED');
    expect(!early.ok && early.error.fields?.map((f) => f.path)).toEqual(['pages.2', 'pages.3', 'pages.4']);
    for (const p of ps.slice(1)) await o.t.ok('capture.match', { pageId: p.id, matches: true }, o.clerk);
    await o.t.ok('capture.matchDone', { requestId: o.request.id }, o.clerk);
    const req = await o.t.ok('request.get', { requestId: o.request.id }, o.clerk);
    expect(req.status).toBe('originalsMatched');
    expect(req.missing).toEqual([]);

    const audit = await o.t.ok('audit.list', {}, o.t.managerSession);
    const actions = audit.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['pageDeleted', 'applicantReviewed', 'originalsMatched']));
    o.t.close();
  });

  it('refuses to finish when the pages are not the pages paid for (ماده ۳۸ ذ)', async () => {
    const o = await office({ pages: [3, 4, 5] });
    await o.scan();
    const res = await o.t.call('capture.finish', { requestId: o.request.id }, o.clerk);
    expect(!res.ok && res.error.code).toBe('CAPTURE_PAGES_NOT_AS_PAID');
    await o.scan('evidence', { pages: [7] });
    const v = await o.t.ok('capture.finish', { requestId: o.request.id }, o.clerk);
    expect(v.documents.map((d) => [d.type, d.pages.length])).toEqual([
      ['petition', 3],
      ['evidence', 1],
    ]);
    o.t.close();
  });

  it('keeps the pages scanned before a jam, and says why the scan stopped', async () => {
    const o = await office({ pages: [3, 4], failWith: 'PAPER_JAM' });
    await o.scan();
    const v = await o.view();
    expect(v.jobs[0]).toMatchObject({ status: 'failed', errorCode: 'PAPER_JAM', pages: 2 });
    expect(v.documents[0]!.pages).toHaveLength(2);
    o.t.close();
  });

  it('a disk that fills mid-batch stops the scan with DISK_FULL, keeps the pages before it, and the hub keeps serving', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-capture-test-'));
    dirs.push(dir);
    let writes = 0;
    const storeIo = {
      async write(fd: import('node:fs/promises').FileHandle, data: Buffer) {
        if (++writes > 6) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }); // 2 pages × 3 files fit
        await fd.writeFile(data);
      },
    };
    const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => ({ pages: [1, 2, 3, 4] })), storeIo } });
    const { clerk } = await clerkWithCalledTicket(t);
    await t.ok('scanner.set', { counterId: 1, setting: { driver: 'sane', deviceId: 'test:0', label: 'اسکنر', source: 'adf', dpi: 300, colorMode: 'grey' } }, clerk);
    const { request } = await paidRequest(t, clerk);
    await t.ok('capture.start', { requestId: request.id, counterId: 1, documentType: 'petition' }, clerk);
    await t.hub.services.capture.idle();
    const v = await t.ok('capture.view', { requestId: request.id }, clerk);
    expect(v.jobs[0]).toMatchObject({ status: 'failed', errorCode: 'DISK_FULL' });
    expect(v.documents[0]!.pages.length).toBe(2);
    // nothing half-written stays in the store, and nothing was written outside it
    expect(readdirSync(path.join(dir, 'pages', '.tmp'))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['pages', 'tmp']);
    expect((await t.ok('request.get', { requestId: request.id }, clerk)).status).toBe('paid');
    t.close();
  });

  it('a cancelled scan keeps its pages; one scan at a time per counter', async () => {
    const o = await office({ pages: [3, 4, 5], hang: true });
    const { jobId } = await o.t.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.clerk);
    const second = await o.t.call('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'evidence' }, o.clerk);
    expect(!second.ok && second.error.code).toBe('CAPTURE_RUNNING');
    for (let i = 0; i < 100 && (await o.pages()).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await o.t.ok('capture.cancel', { jobId }, o.clerk)).toEqual({ cancelled: true });
    await o.t.hub.services.capture.idle();
    const v = await o.view();
    expect(v.jobs[0]).toMatchObject({ status: 'cancelled', errorCode: 'CANCELLED', pages: 3 });
    expect(v.documents[0]!.pages).toHaveLength(3);
    o.t.close();
  });

  it('rescans one page into its place: same page, same number, a new image; the rest of the batch is not taken', async () => {
    const o = await office({ pages: [1, 2, 3, 4] });
    await o.scan();
    const before = await o.pages();
    const { jobId } = await o.t.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition', replacePageId: before[1]!.id }, o.clerk);
    await o.t.hub.services.capture.idle();
    // the scripted scanner still has the first batch's script: it would deliver 4 pages; one is taken
    const after = await o.pages();
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(after[1]!.number).toBe(2);
    expect(after[1]!.sha256).not.toBe(before[1]!.sha256);
    expect(after.filter((_, i) => i !== 1).map((p) => p.sha256)).toEqual(before.filter((_, i) => i !== 1).map((p) => p.sha256));
    expect((await o.view()).jobs.find((j) => j.id === jobId)).toMatchObject({ status: 'done', pages: 1 });
    o.t.close();
  });

  it('moves, splits, rotates and retypes pages', async () => {
    const o = await office({ pages: [1, 2, 3, 4] });
    await o.scan();
    let ps = await o.pages();
    const [a, b, c, d] = ps.map((p) => p.id);
    let v = await o.t.ok('capture.movePage', { pageId: c!, documentId: ps[0]!.documentId, position: 1 }, o.clerk);
    expect(v.documents[0]!.pages.map((p) => p.id)).toEqual([c, a, b, d]);
    v = await o.t.ok('capture.split', { pageId: b!, documentType: 'identity' }, o.clerk);
    expect(v.documents.map((x) => [x.type, x.pages.map((p) => p.id)])).toEqual([
      ['petition', [c, a]],
      ['identity', [b, d]],
    ]);
    expect(v.documents.flatMap((x) => x.pages.map((p) => p.number))).toEqual([1, 2, 3, 4]);
    v = await o.t.ok('capture.setDocument', { documentId: v.documents[1]!.id, type: 'evidence' }, o.clerk);
    expect(v.documents[1]!.type).toBe('evidence');
    const before = v.documents[0]!.pages[0]!;
    v = await o.t.ok('capture.editPage', { pageId: before.id, action: 'rotateRight' }, o.clerk);
    const after = v.documents[0]!.pages[0]!;
    expect([after.widthPx, after.heightPx]).toEqual([before.heightPx, before.widthPx]);
    expect(after.sha256).not.toBe(before.sha256);
    // moving the last page of a document away leaves no empty document behind
    ps = await o.pages();
    v = await o.t.ok('capture.movePage', { pageId: ps[2]!.id, documentId: ps[0]!.documentId, position: 99 }, o.clerk);
    v = await o.t.ok('capture.movePage', { pageId: ps[3]!.id, documentId: ps[0]!.documentId, position: 99 }, o.clerk);
    expect(v.documents).toHaveLength(1);
    expect(v.documents[0]!.pages).toHaveLength(4);
    o.t.close();
  });

  it('an objection on the applicant screen, or a page that does not match the paper, sends the request back to capture', async () => {
    const o = await office({ pages: [1, 2, 3, 4] });
    await o.scan();
    let v = await o.t.ok('capture.finish', { requestId: o.request.id }, o.clerk);
    await o.t.ok('applicantScreen.review', { counterId: 1, requestId: o.request.id, outcome: 'objected', digest: v.digest, reason: 'صفحهٔ دوم ناخواناست' }, o.applicant);
    expect((await o.t.ok('request.get', { requestId: o.request.id }, o.clerk)).status).toBe('paid');
    expect((await o.view()).review).toMatchObject({ outcome: 'objected', reason: 'صفحهٔ دوم ناخواناست' });

    v = await o.t.ok('capture.finish', { requestId: o.request.id }, o.clerk);
    await o.t.ok('applicantScreen.review', { counterId: 1, requestId: o.request.id, outcome: 'confirmed', digest: v.digest }, o.applicant);
    const ps = await o.pages();
    await o.t.ok('capture.match', { pageId: ps[0]!.id, matches: true }, o.clerk);
    await o.t.ok('capture.match', { pageId: ps[1]!.id, matches: false, reason: 'مهر دادگاه در اسکن دیده نمی‌شود' }, o.clerk);
    expect((await o.t.ok('request.get', { requestId: o.request.id }, o.clerk)).status).toBe('paid');
    expect((await o.pages()).every((p) => !p.matched)).toBe(true);
    const audit = await o.t.ok('audit.list', {}, o.t.managerSession);
    expect(audit.entries.find((e) => e.action === 'originalsMismatched')?.reason).toBe('مهر دادگاه در اسکن دیده نمی‌شود');
    o.t.close();
  });

  it('refuses capture out of order, without a scanner, and for another counter’s clerk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-capture-test-'));
    dirs.push(dir);
    const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => ({ pages: [1] })) } });
    const { clerk } = await clerkWithCalledTicket(t);
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, clerk);
    const noScanner = await t.call('capture.start', { requestId: r.id, counterId: 1, documentType: 'petition' }, clerk);
    expect(!noScanner.ok && noScanner.error.code).toBe('REQUEST_OUT_OF_ORDER'); // not paid yet
    const { request } = await paidRequest(t, clerk);
    const res = await t.call('capture.start', { requestId: request.id, counterId: 1, documentType: 'petition' }, clerk);
    expect(!res.ok && res.error.code).toBe('SCANNER_NOT_CONFIGURED');
    const { addClerk } = await import('../../test/support/hub');
    const other = await addClerk(t, 'sara');
    const foreign = await t.call('capture.view', { requestId: request.id }, other);
    expect(!foreign.ok && foreign.error.code).toBe('REQUEST_OTHER_COUNTER');
    t.close();
  });
});
