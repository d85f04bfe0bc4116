/**
 * Statistics for the central (ماده ۳۵ ب) end to end: the reference central asks the office for a
 * period by a due instant; the hub pulls the request like decisions and tariffs, the manager sees it
 * with its days left, sends it (queued while the link is down, delivered with the next pull), and the
 * central stores the package — on time, or marked late.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCentralApp } from '../../central/app';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { requestStatistics } from '../../central/statistics';
import { pgliteSql, type Sql } from '../../central/sql';
import { enrollConfirmed, syncOffice, type SyncTestHub } from '../support/sync';

const DAY = 86_400_000;
let sql: Sql;
let app: FastifyInstance;
let url: string;
let port: number;
let o: SyncTestHub;
let officeId: string;

async function listen(): Promise<void> {
  app = await createCentralApp({ sql, now: () => o?.t.hub.services.now() ?? new Date() });
  await app.listen({ host: '127.0.0.1', port });
  port = (app.server.address() as { port: number }).port;
  url = `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  sql = await pgliteSql();
  port = 0;
  await listen();
  o = await syncOffice({ sync: { timeoutMs: 3000 } });
  const office = await createOffice(sql, { code: '7002', name: 'دفتر ۷۰۰۲' });
  officeId = office.id;
  const { code } = await issueEnrollmentCode(sql, office.id, 3_600_000, o.t.hub.services.now());
  await enrollConfirmed(o.t, url, code);
}, 60_000);

afterAll(async () => {
  o?.t.close();
  if (o) rmSync(o.dir, { recursive: true, force: true });
  await app?.close();
  await sql?.close();
});

const stored = async (requestId: string) =>
  (await sql.query<{ late: boolean | null; period_from: string; received: boolean }>('SELECT late, period_from, body IS NOT NULL AS received FROM statistics_request WHERE request_id = $1', [requestId])).rows[0];

describe('statistics requests from the central', () => {
  it('pulls a request, shows its days left, sends the package in time, and the central stores it', async () => {
    const now = o.t.hub.services.now();
    const requestId = randomUUID();
    await requestStatistics(sql, { requestId, officeId, from: '1405-08-01', to: '1405-08-30', dueAt: new Date(now.getTime() + 3 * DAY) });
    await o.sync.pull();
    const listed = await o.t.ok('statistics.requests', {}, o.t.managerSession);
    expect(listed.requests).toEqual([expect.objectContaining({ id: requestId, from: '1405-08-01', to: '1405-08-30', state: 'waiting', late: false, daysLeft: 3 })]);
    // pulled again: stored once
    await o.sync.pull();
    expect((await o.t.ok('statistics.requests', {}, o.t.managerSession)).requests).toHaveLength(1);

    const sent = await o.t.ok('statistics.send', { requestId }, o.t.managerSession);
    expect(sent.request).toMatchObject({ state: 'sent', late: false, lastError: null });
    expect(await stored(requestId)).toEqual({ late: false, period_from: '1405-08-01', received: true });
    const again = await o.t.call('statistics.send', { requestId }, o.t.managerSession);
    expect(!again.ok && again.error.code).toBe('STATISTICS_ALREADY_SENT');
    const unknown = await o.t.call('statistics.send', { requestId: randomUUID() }, o.t.managerSession);
    expect(!unknown.ok && unknown.error.code).toBe('STATISTICS_REQUEST_UNKNOWN');
    const actions = (await o.t.ok('audit.list', { limit: 100 }, o.t.managerSession)).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['statisticsRequested', 'statisticsQueued', 'statisticsSent']));
  });

  it('queues the package while the central is away, delivers it with the next pull, and a late one is stored as late', async () => {
    const requestId = randomUUID();
    await requestStatistics(sql, { requestId, officeId, from: '1405-09-01', to: '1405-09-05', dueAt: new Date(o.t.hub.services.now().getTime() + DAY) });
    await o.sync.pull();
    await app.close();
    const queued = await o.t.ok('statistics.send', { requestId }, o.t.managerSession);
    expect(queued.request).toMatchObject({ state: 'queued', late: false });
    // two days pass: past due while the link was down
    o.t.advance(2 * DAY);
    const manager = (await o.t.ok('auth.login', { username: 'maryam', password: 'Sabz-Kuh-1403' })).session;
    const waiting = (await o.t.ok('statistics.requests', {}, manager)).requests.find((r) => r.id === requestId)!;
    expect(waiting).toMatchObject({ state: 'queued', late: true, daysLeft: -1 });
    await listen();
    expect(await o.sync.probe()).toBe(true);
    await o.sync.pull();
    const after = (await o.t.ok('statistics.requests', {}, manager)).requests.find((r) => r.id === requestId)!;
    expect(after).toMatchObject({ state: 'sent', late: true });
    expect(await stored(requestId)).toMatchObject({ late: true, received: true });
    // the package is the one made when the manager pressed «ارسال»
    const body = (await sql.query<{ body: { from: string; to: string; generatedAt: string } }>('SELECT body FROM statistics_request WHERE request_id = $1', [requestId])).rows[0]!.body;
    expect(body).toMatchObject({ from: '1405-09-01', to: '1405-09-05', generatedAt: queued.request.queuedAt });
  });
});
