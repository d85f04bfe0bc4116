/**
 * Follow-up of a returned request (رفع نقص) end to end at the hub: the authority returns a filing
 * (the reference central, PGlite, over real HTTP through the TCP fault proxy), staff see it listed,
 * open a remedy request with only the new pages, and the outbox sends it as a supplement to the same
 * tracking code — exactly once, whatever happens to the reply. See docs/SYNC.md § Follow-up.
 */
import { filingReceiptData } from '../../hub/filingReceipt/filingReceipts';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCentralApp } from '../../central/app';
import { createOffice, decide, issueEnrollmentCode } from '../../central/admin';
import { pgliteSql, type Sql } from '../../central/sql';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { enrollConfirmed, syncOffice, type SyncTestHub } from '../support/sync';
import * as s from '../../db/sync';

let sql: Sql;
let app: FastifyInstance;
let proxy: FaultProxy;
let clock: () => Date = () => new Date();
let afterCommit: ((submissionId: string) => void) | null = null;
const offices: SyncTestHub[] = [];
let officeCode = 70_000;

beforeAll(async () => {
  sql = await pgliteSql();
  app = await createCentralApp({ sql, now: () => clock(), hooks: { afterSubmitCommit: (id) => afterCommit?.(id) } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (app.server.address() as { port: number }).port } });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await app?.close();
  await sql?.close();
});

afterEach(() => {
  afterCommit = null;
  proxy.set({ mode: 'pass', latencyMs: 0, bandwidthBytesPerS: null });
  proxy.resetAfterBytes(null);
  for (const o of offices.splice(0)) {
    o.t.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

async function enrolledOffice() {
  const o = await syncOffice({ sync: { backoff: { baseMs: 1000, capMs: 60_000 }, timeoutMs: 3000, concurrency: 1 } });
  offices.push(o);
  clock = () => o.t.hub.services.now();
  const central = await createOffice(sql, { code: String(++officeCode), name: `دفتر ${officeCode}` });
  const { code } = await issueEnrollmentCode(sql, central.id, 3_600_000, clock());
  await enrollConfirmed(o.t, proxy.url, code);
  return { ...o, officeId: central.id };
}

/** A filing delivered and returned by the authority with `reason`, pulled by the hub. */
async function returnedFiling(o: Awaited<ReturnType<typeof enrolledOffice>>, reason = 'پیوست شمارهٔ ۲ ناخواناست') {
  const a = await o.sent();
  await o.sync.runOnce();
  await decide(sql, o.officeId, a.submissionId, 'returned', reason, clock());
  await o.sync.pull();
  const trackingCode = s.submission(o.t.db, a.submissionId)!.trackingCode!;
  return { ...a, trackingCode };
}

const supplements = async (officeId: string) =>
  (await sql.query<{ supplement_id: string; submission_id: string; tracking_code: string; pages: number }>('SELECT supplement_id, submission_id, tracking_code, pages FROM supplement WHERE office_id = $1', [officeId])).rows;
const filings = async (officeId: string) => (await sql.query('SELECT submission_id FROM submission WHERE office_id = $1', [officeId])).rows;
const audit = async (o: SyncTestHub, action: string) => (await o.t.ok('audit.list', {}, o.t.managerSession)).entries.filter((e) => e.action === action);

describe('follow-up of a returned request (رفع نقص)', () => {
  it('lists the returned filing with its reason, opens a linked remedy request charged per new page, and sends it as a supplement to the same tracking code', async () => {
    const o = await enrolledOffice();
    const a = await returnedFiling(o);
    const listed = await o.t.ok('followUp.returned', {}, o.clerk);
    expect(listed.items).toEqual([expect.objectContaining({ requestId: a.requestId, trackingCode: a.trackingCode, reason: 'پیوست شمارهٔ ۲ ناخواناست', followUp: null, service: 'petition' })]);
    // the list identifies, it does not disclose: no whole name (ماده ۳۸ ب)
    expect(listed.items[0]!.applicantName).not.toContain('رضایی');

    const remedy = await o.t.ok('followUp.start', { requestId: a.requestId, counterId: 1 }, o.clerk);
    expect(remedy).toMatchObject({ service: 'remedy', status: 'draft', followUpOf: { requestId: a.requestId, trackingCode: a.trackingCode, reason: 'پیوست شمارهٔ ۲ ناخواناست' } });
    expect((await o.t.ok('followUp.returned', {}, o.clerk)).items[0]!.followUp).toMatchObject({ requestId: remedy.id, status: 'draft' });
    expect(await audit(o, 'followUpStarted')).toEqual([expect.objectContaining({ subject: `request:${remedy.id}`, reason: 'پیوست شمارهٔ ۲ ناخواناست' })]);

    // only the two new pages: scanned, reviewed by the applicant, matched, and paid as two attachment pages
    const sent = await o.sendRemedy(remedy.id, 2);
    const view = await o.t.ok('request.get', { requestId: sent.requestId }, o.clerk);
    const extraPage = (await o.t.ok('tariff.tables', {}, o.clerk)).tables.find((t) => t.id === view.quote!.tableId)!.items.extraPage!;
    expect(view.quote!.lines.map((l) => [l.code, l.quantity, l.unitRials])).toEqual([
      ['extraPage', 1, extraPage],
      ['extraPage', 1, extraPage],
    ]);
    expect(view.quote!.totals.payableRials).toBe(2 * extraPage);
    expect(view.status).toBe('readyToSend');
    expect(JSON.parse(s.submission(o.t.db, sent.submissionId)!.content).supplementOf).toEqual({ submissionId: a.submissionId, trackingCode: a.trackingCode });

    await o.sync.runOnce();
    const delivered = await o.t.ok('request.get', { requestId: sent.requestId }, o.clerk);
    expect(delivered.status).toBe('submitted');
    expect(delivered.submission).toMatchObject({ state: 'delivered', trackingCode: a.trackingCode });
    // its filing receipt says what it answers: the returned request and the case's tracking code
    const returnedRequest = await o.t.ok('request.get', { requestId: a.requestId }, o.clerk);
    expect(filingReceiptData(o.t.db, sent.requestId)).toMatchObject({ variant: 'final', remedyOf: { requestYear: returnedRequest.year, requestNumber: returnedRequest.number, trackingCode: a.trackingCode } });
    expect(filingReceiptData(o.t.db, a.requestId)).not.toHaveProperty('remedyOf');
    expect(await supplements(o.officeId)).toEqual([{ supplement_id: sent.submissionId, submission_id: a.submissionId, tracking_code: a.trackingCode, pages: 2 }]);
    expect(await filings(o.officeId)).toHaveLength(1);
    expect((await o.t.ok('followUp.returned', {}, o.clerk)).items[0]!.followUp).toMatchObject({ requestId: sent.requestId, status: 'submitted' });

    // the authority decides again on the filing: the remedy request follows, and the return leaves the list
    await decide(sql, o.officeId, a.submissionId, 'accepted', null, clock());
    await o.sync.pull();
    expect((await o.t.ok('request.get', { requestId: sent.requestId }, o.clerk)).status).toBe('accepted');
    expect((await o.t.ok('followUp.returned', {}, o.clerk)).items).toEqual([]);
  });

  it('sends a supplement exactly once when the reply after the central’s commit is lost', async () => {
    const o = await enrolledOffice();
    const a = await returnedFiling(o);
    const sent = await o.followedUp(a.requestId);
    let lose = true;
    afterCommit = (id) => {
      if (id === sent.submissionId && lose) {
        lose = false;
        throw new Error('the central died after its commit');
      }
    };
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, sent.submissionId)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await supplements(o.officeId)).toHaveLength(1);
    o.t.advance(60_000);
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, sent.submissionId)).toBeNull();
    expect(await supplements(o.officeId)).toHaveLength(1);
    expect((await o.t.ok('request.get', { requestId: sent.requestId }, o.clerk)).submission!.trackingCode).toBe(a.trackingCode);
    const deliveredEntries = (await audit(o, 'submissionDelivered')).filter((e) => e.detail.submissionId === sent.submissionId);
    expect(deliveredEntries).toEqual([expect.objectContaining({ detail: expect.objectContaining({ replay: true, trackingCode: a.trackingCode }) })]);
  });

  it('sends a supplement exactly once when the link is cut while the manifest is on its way', async () => {
    const o = await enrolledOffice();
    const a = await returnedFiling(o);
    const sent = await o.followedUp(a.requestId);
    // the pages go up; then every connection is reset a few hundred bytes in, the manifest's included
    const sub = s.submission(o.t.db, sent.submissionId)!;
    afterCommit = (id) => {
      if (id === sent.submissionId) proxy.cutAll();
    };
    await o.sync.runOnce();
    expect(sub.pages).toBe(2);
    // the central committed, the hub never heard: the item is still queued
    expect(s.outboxItem(o.t.db, sent.submissionId)).toMatchObject({ state: 'pending' });
    expect(await supplements(o.officeId)).toHaveLength(1);
    afterCommit = null;
    o.t.advance(60_000);
    expect(await o.sync.probe()).toBe(true);
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, sent.submissionId)).toBeNull();
    expect(await supplements(o.officeId)).toHaveLength(1);
    expect((await o.t.ok('request.get', { requestId: sent.requestId }, o.clerk)).status).toBe('submitted');
  });

  it('refuses to follow up a request that was not returned, with a code, audited, nothing opened', async () => {
    const o = await enrolledOffice();
    const undelivered = await o.sent();
    const delivered = await o.sent();
    await o.sync.runOnce();
    const accepted = await o.sent();
    await o.sync.runOnce();
    await decide(sql, o.officeId, accepted.submissionId, 'accepted', null, clock());
    await o.sync.pull();
    const before = (await o.t.ok('request.atCounter', { counterId: 1 }, o.clerk)).requests.length;
    for (const requestId of [undelivered.requestId, delivered.requestId, accepted.requestId, '99999999-9999-4999-8999-999999999999']) {
      const res = await o.t.call('followUp.start', { requestId, counterId: 1 }, o.clerk);
      expect(!res.ok && res.error.code).toBe('FOLLOW_UP_NOT_RETURNED');
    }
    expect((await o.t.ok('request.atCounter', { counterId: 1 }, o.clerk)).requests.length).toBe(before);
    expect(await audit(o, 'followUpRefused')).toHaveLength(4);
    expect(await audit(o, 'followUpStarted')).toHaveLength(0);
  });

  it('refuses a second follow-up of the same return while one is under way', async () => {
    const o = await enrolledOffice();
    const a = await returnedFiling(o);
    const first = await o.t.ok('followUp.start', { requestId: a.requestId, counterId: 1 }, o.clerk);
    const second = await o.t.call('followUp.start', { requestId: a.requestId, counterId: 1 }, o.clerk);
    expect(!second.ok && second.error.code).toBe('FOLLOW_UP_EXISTS');
    expect((await audit(o, 'followUpRefused'))[0]!.detail).toMatchObject({ code: 'FOLLOW_UP_EXISTS', remedyRequestId: first.id });
    // a remedy request is not itself followed up
    const remedyOfRemedy = await o.t.call('followUp.start', { requestId: first.id, counterId: 1 }, o.clerk);
    expect(!remedyOfRemedy.ok && remedyOfRemedy.error.code).toBe('FOLLOW_UP_NOT_RETURNED');
    // nor is a remedy opened bare, without the filing it answers
    const bare = await o.t.call('request.open', { counterId: 1, service: 'remedy' }, o.clerk);
    expect(!bare.ok && bare.error.code).toBe('FOLLOW_UP_NOT_RETURNED');
  });

  it('has a supplement for another office’s tracking code refused by the central: rejected to a person, audited, nothing stored there', async () => {
    const other = await enrolledOffice();
    const foreign = await returnedFiling(other);
    const o = await enrolledOffice();
    const a = await returnedFiling(o);
    const sent = await o.followedUp(a.requestId);
    // the frozen supplement names a filing of the other office (a corrupted or forged link)
    o.t.db.prepare('UPDATE submission SET content = json_set(content, \'$.supplementOf.trackingCode\', ?) WHERE id = ?').run(foreign.trackingCode, sent.submissionId);
    await o.sync.runOnce();
    expect(s.outboxItem(o.t.db, sent.submissionId)).toMatchObject({ state: 'rejected', lastErrorCode: 'SUPPLEMENT_FOREIGN' });
    expect(await supplements(o.officeId)).toEqual([]);
    expect(await supplements(other.officeId)).toEqual([]);
    expect((await audit(o, 'submissionRejected')).map((e) => e.detail.code)).toEqual(['SUPPLEMENT_FOREIGN']);
    expect((await o.t.ok('request.get', { requestId: sent.requestId }, o.clerk)).status).toBe('readyToSend');
  });

  it('refuses «ارسال» of a remedy whose filing is no longer returned, audited, nothing queued', async () => {
    const o = await enrolledOffice();
    const a = await returnedFiling(o);
    const remedy = await o.t.ok('followUp.start', { requestId: a.requestId, counterId: 1 }, o.clerk);
    // the authority accepted the filing meanwhile
    s.setAuthorityStatus(o.t.db, a.submissionId, 'accepted', null, clock().toISOString());
    const before = (await audit(o, 'submissionQueued')).length;
    await expect(o.sendRemedy(remedy.id)).rejects.toThrow(/FOLLOW_UP_NOT_RETURNED/);
    expect((await audit(o, 'submissionQueued')).length).toBe(before);
    expect(await audit(o, 'followUpRefused')).toHaveLength(1);
    expect((await o.t.ok('request.get', { requestId: remedy.id }, o.clerk)).status).toBe('originalsMatched');
  });
});
