/**
 * The outbox against the real reference central (central/app.ts on PGlite, over real HTTP on
 * loopback), with the link cut by the TCP fault proxy and the central's answers forced by its hooks.
 * The hub's clock is the test's: retries become due only when the test moves it on.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCentralApp, type InjectedFault } from '../../central/app';
import { createOffice, decide, issueEnrollmentCode, publishTariff, revokeDevice } from '../../central/admin';
import { pgliteSql, type Sql } from '../../central/sql';
import { canonicalJson, receiptBody } from '../../core/sync/protocol';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { enrollConfirmed, syncOffice, type SyncTestHub } from '../support/sync';
import { office as hubOffice } from '../support/hub';
import { toLatinDigits } from '../../core/text/digits';
import { publicKeyFromRaw, sha256Hex, verifyText } from '../../hub/sync/centralClient';
import * as s from '../../db/sync';

let sql: Sql;
let app: FastifyInstance;
let proxy: FaultProxy;
/** the central's clock follows the hub under test (both are the test's) */
let clock: () => Date = () => new Date();
let fault: ((req: FastifyRequest) => InjectedFault | null) | null = null;
let afterCommit: ((submissionId: string) => void) | null = null;
const submitted: string[] = [];
const offices: SyncTestHub[] = [];
let officeCode = 50_000;

beforeAll(async () => {
  sql = await pgliteSql();
  app = await createCentralApp({
    sql,
    now: () => clock(),
    hooks: {
      faultFor: (req) => fault?.(req) ?? null,
      afterSubmitCommit: (id) => {
        submitted.push(id);
        afterCommit?.(id);
      },
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port } });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await app?.close();
  await sql?.close();
});

afterEach(() => {
  fault = null;
  afterCommit = null;
  submitted.length = 0;
  proxy.set({ mode: 'pass', latencyMs: 0, bandwidthBytesPerS: null });
  proxy.resetAfterBytes(null);
  for (const o of offices.splice(0)) {
    o.t.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

/** A hub enrolled with a fresh office of the central, through the proxy. */
async function enrolledOffice(options: Parameters<typeof syncOffice>[0] = {}) {
  const o = await syncOffice({ ...options, sync: { backoff: { baseMs: 1000, capMs: 60_000 }, timeoutMs: 3000, concurrency: 1, ...options.sync } });
  offices.push(o);
  clock = () => o.t.hub.services.now();
  const central = await createOffice(sql, { code: String(++officeCode), name: `دفتر ${officeCode}` });
  const { code } = await issueEnrollmentCode(sql, central.id, 3_600_000, clock());
  await enrollConfirmed(o.t, proxy.url, code);
  return { ...o, officeId: central.id };
}

async function centralRows(officeId: string) {
  return (await sql.query<{ submission_id: string; tracking_code: string }>('SELECT submission_id, tracking_code FROM submission WHERE office_id = $1', [officeId])).rows;
}

describe('the outbox against the reference central', () => {
  it('delivers a sent request once: pages first, then the signed manifest; stores the verified receipt and the tracking code', async () => {
    const o = await enrolledOffice();
    expect((await o.t.ok('sync.status', {}, o.clerk)).link).toBe('online');
    const { requestId, submissionId } = await o.sent();
    const queued = await o.t.ok('request.get', { requestId }, o.clerk);
    expect(queued.status).toBe('readyToSend');
    expect(queued.submission).toMatchObject({ id: submissionId, state: 'queued', trackingCode: null, pages: 4 });
    // once queued it is the outbox's: the counter can no longer cancel it
    const cancel = await o.t.call('request.close', { requestId, kind: 'cancelled', reason: 'منصرف شد' }, o.clerk);
    expect(!cancel.ok && cancel.error.code).toBe('REQUEST_OUT_OF_ORDER');

    await o.sync.runOnce();
    const done = await o.t.ok('request.get', { requestId }, o.clerk);
    expect(done.status).toBe('submitted');
    expect(done.submission!.state).toBe('delivered');
    expect(done.submission!.trackingCode).toMatch(/^[1-9]\d{15}$/);
    const rows = await centralRows(o.officeId);
    expect(rows).toEqual([{ submission_id: submissionId, tracking_code: done.submission!.trackingCode }]);

    // the stored receipt verifies against the central's key and names exactly the manifest sent
    const sub = s.submission(o.t.db, submissionId)!;
    const identity = s.identity(o.t.db)!;
    const receipt = receiptBody.parse(JSON.parse(sub.receipt!));
    expect(verifyText(publicKeyFromRaw(identity.serverPublicKey), canonicalJson(receipt), sub.receiptSignature!)).toBe(true);
    expect(receipt.manifestSha256).toBe(sha256Hex(sub.manifest!));
    expect(receipt.pages).toBe(4);
    // every page is on the central, byte for byte
    const pages = JSON.parse(sub.manifest!).documents.flatMap((d: { pages: { sha256: string }[] }) => d.pages.map((p) => p.sha256)) as string[];
    const blobs = await sql.query<{ sha256: string; data: Uint8Array }>('SELECT sha256, data FROM blob WHERE office_id = $1', [o.officeId]);
    expect(blobs.rows.map((b) => b.sha256).sort()).toEqual([...new Set(pages)].sort());
    for (const b of blobs.rows) expect(sha256Hex(Buffer.from(b.data))).toBe(b.sha256);

    const audit = (await o.t.ok('audit.list', {}, o.t.managerSession)).entries.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['deviceEnrolled', 'submissionQueued', 'submissionDelivered']));
    const status = await o.t.ok('sync.status', {}, o.clerk);
    expect(status).toMatchObject({ pending: 0, bytesLeft: 0, link: 'online', alarms: [] });
  });

  it('drains deadline first, then by age', async () => {
    const o = await enrolledOffice();
    const plain = await o.sent();
    const far = await o.sent('1405/10/20');
    const near = await o.sent('۱۴۰۵/۰۹/۰۹');
    await o.sync.runOnce();
    expect(submitted).toEqual([near.submissionId, far.submissionId, plain.submissionId]);
  });

  it('keeps working offline: «ارسال» queues, the link shows down, and everything goes once it is back', async () => {
    const o = await enrolledOffice();
    proxy.set({ mode: 'refuse' });
    proxy.cutAll();
    const first = await o.sent('1405/09/08');
    const second = await o.sent();
    await o.sync.runOnce();
    const status = await o.t.ok('sync.status', {}, o.clerk);
    expect(status.link).toBe('offline');
    expect(status.pending).toBe(2);
    expect(status.lastError?.code).toBe('NETWORK');
    expect(status.bytesLeft).toBeGreaterThan(0);
    // the deadline is tomorrow (test day 1405/09/07) and the margin is one day: the alarm is up
    expect(status.alarms.map((a) => a.submissionId)).toEqual([first.submissionId]);
    expect((await o.t.ok('request.get', { requestId: first.requestId }, o.clerk)).submission!.state).toBe('queued');
    // a dead link does not burn the other items' attempts: the round stopped at the first failure
    expect(s.outboxItem(o.t.db, second.submissionId)!.attempts).toBe(0);

    proxy.set({ mode: 'pass' });
    expect(await o.sync.probe()).toBe(true);
    await o.sync.runOnce();
    expect((await centralRows(o.officeId)).length).toBe(2);
    expect((await o.t.ok('sync.status', {}, o.clerk))).toMatchObject({ link: 'online', pending: 0, alarms: [] });
  });

  it('sends a permanent rejection to a person without blocking the rest, and resends it once fixed', async () => {
    const o = await enrolledOffice();
    const bad = await o.sent();
    const good = await o.sent();
    fault = (req) => (req.method === 'PUT' && req.url === `/v1/submissions/${bad.submissionId}` ? { status: 400, code: 'BAD_REQUEST' } : null);
    await o.sync.runOnce();
    const items = (await o.t.ok('sync.items', {}, o.t.managerSession)).items;
    expect(items).toEqual([expect.objectContaining({ submissionId: bad.submissionId, state: 'rejected', lastErrorCode: 'BAD_REQUEST' })]);
    expect((await centralRows(o.officeId)).map((r) => r.submission_id)).toEqual([good.submissionId]);
    expect((await o.t.ok('audit.list', {}, o.t.managerSession)).entries.some((e) => e.action === 'submissionRejected')).toBe(true);

    fault = null;
    await o.t.ok('sync.resend', { submissionId: bad.submissionId }, o.t.managerSession);
    await o.sync.runOnce();
    expect((await centralRows(o.officeId)).length).toBe(2);
    expect((await o.t.ok('request.get', { requestId: bad.requestId }, o.clerk)).status).toBe('submitted');
  });

  it('retries 5xx with backoff and honours Retry-After on 429', async () => {
    const o = await enrolledOffice({ sync: { random: () => 0.5 } });
    const a = await o.sent();
    fault = (req) => (req.method === 'PUT' && req.url.startsWith('/v1/submissions/') ? { status: 429, code: 'RATE_LIMITED', retryAfterS: 120 } : null);
    const t0 = o.t.hub.services.now().getTime();
    await o.sync.runOnce();
    const item = s.outboxItem(o.t.db, a.submissionId)!;
    expect(item).toMatchObject({ state: 'pending', lastErrorCode: 'RATE_LIMITED', attempts: 1 });
    expect(Date.parse(item.nextAttemptAt) - t0).toBe(120_000);
    // not due yet: a round does nothing
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, a.submissionId)!.attempts).toBe(1);

    fault = (req) => (req.method === 'PUT' && req.url.startsWith('/v1/submissions/') ? { status: 503, code: 'UNAVAILABLE' } : null);
    o.t.advance(120_000);
    await o.sync.runOnce();
    const second = s.outboxItem(o.t.db, a.submissionId)!;
    // attempt 2: ceiling 2 s, jitter 0.5 → 1 s
    expect(second).toMatchObject({ attempts: 2, lastErrorCode: 'UNAVAILABLE' });
    expect(second.lastAttemptAt).toBe(o.t.hub.services.now().toISOString());
    expect(Date.parse(second.nextAttemptAt) - o.t.hub.services.now().getTime()).toBe(1000);
    expect((await o.t.ok('sync.status', {}, o.clerk)).link).toBe('online');

    fault = null;
    o.t.advance(1000);
    await o.sync.runOnce();
    expect((await centralRows(o.officeId)).length).toBe(1);
  });

  it('caps the backoff and spreads it with full jitter', async () => {
    const o = await enrolledOffice({ sync: { backoff: { baseMs: 2000, capMs: 300_000 }, random: () => 0.999999 } });
    const now = o.t.hub.services.now().getTime();
    const wait = (attempts: number) => Date.parse(o.sync.retryAt(attempts, null)) - now;
    expect(wait(1)).toBe(1999);
    expect(wait(3)).toBe(7999);
    expect(wait(20)).toBe(299_999);
    expect(wait(500)).toBe(299_999);
    expect(Date.parse(o.sync.retryAt(20, 600_000)) - now).toBe(600_000);
  });

  it('gives the same tracking code when the reply after the central’s commit was lost', async () => {
    const o = await enrolledOffice();
    const a = await o.sent();
    let lose = true;
    afterCommit = () => {
      if (lose) {
        lose = false;
        throw new Error('the central died after its commit');
      }
    };
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, a.submissionId)).toMatchObject({ state: 'pending', attempts: 1 });
    o.t.advance(60_000);
    await o.sync.runOnce();
    const rows = await centralRows(o.officeId);
    expect(rows).toHaveLength(1);
    expect((await o.t.ok('request.get', { requestId: a.requestId }, o.clerk)).submission!.trackingCode).toBe(rows[0]!.tracking_code);
    const delivered = (await o.t.ok('audit.list', {}, o.t.managerSession)).entries.find((e) => e.action === 'submissionDelivered')!;
    expect(delivered.detail).toMatchObject({ replay: true });
  });

  it('resumes an upload cut mid-way at the next page, not from the start', async () => {
    const o = await enrolledOffice({ pages: 6, sync: { uploadConcurrency: 1 } });
    const a = await o.sent();
    const sub = s.submission(o.t.db, a.submissionId)!;
    const puts: string[] = [];
    fault = (req) => {
      if (req.method === 'PUT' && req.url.startsWith('/v1/blobs/')) puts.push(req.url);
      return null;
    };
    // the connection is reset after a bit more than two pages have gone up (on a fresh connection)
    proxy.cutAll();
    await new Promise((r) => setTimeout(r, 50)); // the client sees its pooled connection go
    proxy.resetAfterBytes(Math.floor((sub.bytes / 6) * 2.5) + 1500);
    await o.sync.runOnce();
    const confirmed = s.confirmedPages(o.t.db, a.submissionId).size;
    expect(confirmed).toBeGreaterThanOrEqual(1);
    expect(confirmed).toBeLessThan(6);
    expect((await o.t.ok('sync.status', {}, o.clerk)).link).toBe('offline');

    puts.length = 0;
    expect(await o.sync.probe()).toBe(true);
    await o.sync.runOnce();
    expect(puts).toHaveLength(6 - confirmed);
    expect((await centralRows(o.officeId)).length).toBe(1);
  });

  it('flags an item whose page file is gone and keeps the others flowing', async () => {
    const o = await enrolledOffice();
    const broken = await o.sent();
    const fine = await o.sent();
    const sub = s.submission(o.t.db, broken.submissionId)!;
    const sha = (JSON.parse(sub.content).documents[0].pages[1] as { sha256: string }).sha256;
    const files = readdirSync(path.join(o.dir, 'pages'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.startsWith(sha));
    expect(files).toHaveLength(1);
    rmSync(path.join(files[0]!.parentPath, files[0]!.name));
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, broken.submissionId)).toMatchObject({ state: 'flagged', lastErrorCode: 'SYNC_PAGE_MISSING' });
    expect((await centralRows(o.officeId)).map((r) => r.submission_id)).toEqual([fine.submissionId]);
    const status = await o.t.ok('sync.status', {}, o.clerk);
    expect(status).toMatchObject({ flagged: 1, pending: 0, link: 'online' });
  });

  it('waits, marking nothing failed, while the central refuses the device; a new enrollment resumes', async () => {
    const o = await enrolledOffice();
    const a = await o.sent();
    await revokeDevice(sql, s.identity(o.t.db)!.deviceId);
    await o.sync.runOnce();
    const status = await o.t.ok('sync.status', {}, o.clerk);
    expect(status.link).toBe('refused');
    expect(status.lastError?.code).toBe('DEVICE_REVOKED');
    expect(s.outboxItem(o.t.db, a.submissionId)!.state).toBe('pending');

    const { code } = await issueEnrollmentCode(sql, o.officeId, 3_600_000, clock());
    await enrollConfirmed(o.t, proxy.url, code);
    await o.sync.runOnce();
    expect((await centralRows(o.officeId)).length).toBe(1);
  });

  it('refuses the device whose clock is far off, and says so', async () => {
    const o = await enrolledOffice();
    await o.sent();
    clock = () => new Date(o.t.hub.services.now().getTime() + 10 * 60_000);
    await o.sync.runOnce();
    const status = await o.t.ok('sync.status', {}, o.clerk);
    expect(status).toMatchObject({ link: 'refused', pending: 1 });
    expect(status.lastError?.code).toBe('CLOCK_SKEW');
    clock = () => o.t.hub.services.now();
    await o.t.ok('sync.retryNow', {}, o.clerk);
    await o.sync.runOnce();
    expect((await o.t.ok('sync.status', {}, o.clerk))).toMatchObject({ link: 'online', pending: 0 });
  });

  it('pulls the authority’s decisions and signed tariff tables', async () => {
    const o = await enrolledOffice();
    const a = await o.sent();
    const b = await o.sent();
    await o.sync.runOnce();
    await decide(sql, o.officeId, a.submissionId, 'accepted', null, clock());
    await decide(sql, o.officeId, b.submissionId, 'returned', 'دادخواست امضا ندارد', clock());
    await publishTariff(sql, { id: 'office-1406', title: 'تعرفه خدمات دفاتر ۱۴۰۶', effectiveFrom: '1406-01-01', source: 'بخشنامهٔ آزمایشی', items: { petition: 900_000 } }, clock());
    await o.sync.pull();
    const ra = await o.t.ok('request.get', { requestId: a.requestId }, o.clerk);
    const rb = await o.t.ok('request.get', { requestId: b.requestId }, o.clerk);
    expect(ra.status).toBe('accepted');
    expect(rb.status).toBe('returned');
    expect(rb.submission).toMatchObject({ authorityStatus: 'returned', authorityReason: 'دادخواست امضا ندارد' });
    const tables = (await o.t.ok('tariff.tables', {}, o.clerk)).tables;
    expect(tables.find((t) => t.id === 'office-1406')).toMatchObject({ addedBy: null, items: { petition: 900_000 } });
    // pulled again: nothing new, nothing applied twice
    await o.sync.pull();
    const decisions = (await o.t.ok('audit.list', {}, o.t.managerSession)).entries.filter((e) => e.action === 'authorityDecision');
    expect(decisions).toHaveLength(2);

    // a table whose signature does not verify is not used
    await publishTariff(sql, { id: 'office-1407', title: 'تعرفه ۱۴۰۷', effectiveFrom: '1407-01-01', source: 'آزمایشی', items: { petition: 1 } }, clock());
    await sql.query("UPDATE tariff SET body = jsonb_set(body, '{items,petition}', '2') WHERE body->>'id' = 'office-1407'");
    await o.sync.pull();
    expect((await o.t.ok('tariff.tables', {}, o.clerk)).tables.some((t) => t.id === 'office-1407')).toBe(false);
    expect((await o.t.ok('sync.status', {}, o.clerk)).lastError?.code).toBe('TARIFF_SIGNATURE_INVALID');
  });

  it('holds an enrollment for an office the central knows by another name and code until the manager confirms it', async () => {
    const o = await syncOffice();
    offices.push(o);
    clock = () => o.t.hub.services.now();
    const localName = toLatinDigits(hubOffice.name);
    const other = await createOffice(sql, { code: String(++officeCode), name: 'دفتر نمونه' });
    const first = await o.t.ok('sync.enroll', { centralUrl: proxy.url, code: (await issueEnrollmentCode(sql, other.id, 3_600_000, clock())).code }, o.t.managerSession);
    expect(first.enrolled).toBe(false);
    expect(first.pendingEnrollment).toMatchObject({ central: { name: 'دفتر نمونه', code: String(officeCode) }, local: { name: localName, code: '1234' } });
    expect(s.identity(o.t.db)).toBeNull();
    // a clerk may not confirm; a stale token is refused plainly
    const byClerk = await o.t.call('sync.confirmEnrollment', { token: first.pendingEnrollment!.token }, o.clerk);
    expect(!byClerk.ok && byClerk.error.code).toBe('FORBIDDEN');
    const stale = await o.t.call('sync.confirmEnrollment', { token: '00000000-0000-4000-8000-000000000000' }, o.t.managerSession);
    expect(!stale.ok && stale.error.code).toBe('SYNC_ENROLLMENT_NOT_PENDING');
    // let go: nothing saved
    const cancelled = await o.t.ok('sync.cancelEnrollment', { token: first.pendingEnrollment!.token }, o.t.managerSession);
    expect(cancelled).toMatchObject({ enrolled: false, pendingEnrollment: null });
    // asked again and kept after seeing both: saved, with the confirmation in the audit trail
    const again = await o.t.ok('sync.enroll', { centralUrl: proxy.url, code: (await issueEnrollmentCode(sql, other.id, 3_600_000, clock())).code }, o.t.managerSession);
    const kept = await o.t.ok('sync.confirmEnrollment', { token: again.pendingEnrollment!.token }, o.t.managerSession);
    expect(kept).toMatchObject({ enrolled: true, officeName: 'دفتر نمونه', officeCode: String(officeCode), pendingEnrollment: null });
    const audit = o.t.db.prepare("SELECT detail FROM audit_log WHERE action = 'deviceEnrolled'").all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([expect.objectContaining({ confirmedOverLocalOffice: { name: localName, code: '1234' } })]);
    // a pending enrollment expires after a quarter of an hour
    const third = await o.t.ok('sync.enroll', { centralUrl: proxy.url, code: (await issueEnrollmentCode(sql, other.id, 3_600_000, clock())).code }, o.t.managerSession);
    expect(third.pendingEnrollment).not.toBeNull();
    o.t.advance(16 * 60_000);
    expect((await o.t.ok('sync.status', {}, o.t.managerSession)).pendingEnrollment).toBeNull();
  });

  it('enrolls at once when the central knows the office by its own name and code', async () => {
    const same = await pgliteSql();
    const app2 = await createCentralApp({ sql: same, now: () => new Date() });
    await app2.listen({ host: '127.0.0.1', port: 0 });
    try {
      const o = await syncOffice();
      offices.push(o);
      const central = await createOffice(same, { code: '1234', name: hubOffice.name });
      const { code } = await issueEnrollmentCode(same, central.id, 3_600_000, new Date());
      const url = `http://127.0.0.1:${(app2.server.address() as { port: number }).port}`;
      const status = await o.t.ok('sync.enroll', { centralUrl: url, code }, o.t.managerSession);
      expect(status).toMatchObject({ enrolled: true, pendingEnrollment: null, officeCode: '1234' });
    } finally {
      await app2.close();
      await same.close();
    }
  }, 60_000);

  it('queues before enrollment and refuses a wrong enrollment code clearly', async () => {
    const o = await syncOffice();
    offices.push(o);
    const a = await o.sent();
    expect((await o.t.ok('sync.status', {}, o.clerk))).toMatchObject({ enrolled: false, link: 'unenrolled', pending: 1 });
    const wrong = await o.t.call('sync.enroll', { centralUrl: proxy.url, code: 'AAAA-BBBB-CCCC' }, o.t.managerSession);
    expect(!wrong.ok && wrong.error.code).toBe('SYNC_ENROLLMENT_CODE_INVALID');
    const byClerk = await o.t.call('sync.enroll', { centralUrl: proxy.url, code: 'AAAA-BBBB-CCCC' }, o.clerk);
    expect(!byClerk.ok && byClerk.error.code).toBe('FORBIDDEN');
    proxy.set({ mode: 'refuse' });
    proxy.cutAll();
    const down = await o.t.call('sync.enroll', { centralUrl: proxy.url, code: 'AAAA-BBBB-CCCC' }, o.t.managerSession);
    expect(!down.ok && down.error.code).toBe('SYNC_CENTRAL_UNREACHABLE');
    proxy.set({ mode: 'pass' });
    clock = () => o.t.hub.services.now();
    const central = await createOffice(sql, { code: String(++officeCode), name: 'دفتر دیرثبت' });
    const { code } = await issueEnrollmentCode(sql, central.id, 3_600_000, clock());
    await enrollConfirmed(o.t, proxy.url, code);
    await o.sync.runOnce();
    expect((await o.t.ok('request.get', { requestId: a.requestId }, o.clerk)).status).toBe('submitted');
  });
});
