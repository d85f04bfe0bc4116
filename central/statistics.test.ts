import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatisticsPackage } from '../core/report/statistics';
import { statisticsPutResponse, statisticsRequestsResponse, syncErrorBody } from '../core/sync/protocol';
import { createCentralApp } from './app';
import { requestStatistics } from './statistics';
import type { Sql } from './sql';
import { enrollTestDevice, injectClient, testBackends, type TestDevice } from '../test/support/central';

const emptyPackage = (from: string, to: string): StatisticsPackage => ({
  from,
  to,
  generatedAt: '2026-12-01T08:00:00.000Z',
  office: { name: 'دفتر', code: '1234' },
  services: { rows: [], total: { opened: 0, settled: 0, cancelled: 0, clerkError: 0, refused: 0 } },
  queue: { rows: [], total: { issued: 0, served: 0, noShow: 0, wait: { count: 0, p50: null, p90: null }, service: { count: 0, p50: null, p90: null } } },
  outOfTurn: { count: 0, byReason: [], rows: [] },
  refusals: { refused: 0, cancelled: 0, clerkError: 0, rows: [] },
  freeServices: { count: 0, exemptRials: 0, byCategory: [] },
  deadlines: { count: 0, byOutcome: [], rows: [] },
  satisfaction: { count: 0, averageX100: null, byScore: [0, 0, 0, 0, 0] },
});

describe.each(testBackends())('statistics requests (ماده ۳۵ ب) on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let a: TestDevice;
  let b: TestDevice;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    sql = await backend.open();
    app = await createCentralApp({ sql });
    a = await enrollTestDevice(app, sql);
    b = await enrollTestDevice(app, sql);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  const errorCode = (body: string) => syncErrorBody.parse(JSON.parse(body)).error.code;
  const put = (device: TestDevice, requestId: string, pkg: StatisticsPackage) => injectClient(app, device)('PUT', `/v1/statistics/${requestId}`, { body: { package: pkg } });

  it('lists only the office’s own requests by cursor, and stores a package once: on time, a replay, then late for another', async () => {
    const first = await requestStatistics(sql, { requestId: randomUUID(), officeId: a.officeId, from: '1405-08-01', to: '1405-08-30', dueAt: new Date(Date.now() + 96 * HOUR) });
    const second = await requestStatistics(sql, { requestId: randomUUID(), officeId: a.officeId, from: '1405-07-01', to: '1405-07-30', dueAt: new Date(Date.now() - HOUR) });
    await requestStatistics(sql, { requestId: randomUUID(), officeId: b.officeId, from: '1405-08-01', to: '1405-08-30', dueAt: new Date(Date.now() + 96 * HOUR) });

    const listed = statisticsRequestsResponse.parse((await injectClient(app, a)('GET', '/v1/statistics/requests?after=0')).json());
    expect(listed.requests.map((r) => r.requestId)).toEqual([first.requestId, second.requestId]);
    const after = statisticsRequestsResponse.parse((await injectClient(app, a)('GET', `/v1/statistics/requests?after=${first.seq}`)).json());
    expect(after.requests.map((r) => r.requestId)).toEqual([second.requestId]);

    const onTime = await put(a, first.requestId, emptyPackage('1405-08-01', '1405-08-30'));
    expect(onTime.status).toBe(201);
    const stored = statisticsPutResponse.parse(onTime.json());
    expect(stored).toMatchObject({ late: false, created: true });
    const replay = await put(a, first.requestId, emptyPackage('1405-08-01', '1405-08-30'));
    expect(replay.status).toBe(200);
    expect(statisticsPutResponse.parse(replay.json())).toEqual({ ...stored, created: false });

    const late = await put(a, second.requestId, emptyPackage('1405-07-01', '1405-07-30'));
    expect(late.status).toBe(201);
    expect(statisticsPutResponse.parse(late.json())).toMatchObject({ late: true, created: true });
  });

  it('refuses another office’s request, another period, another package for an answered request, and a malformed package', async () => {
    const r = await requestStatistics(sql, { requestId: randomUUID(), officeId: a.officeId, from: '1405-06-01', to: '1405-06-31', dueAt: new Date(Date.now() + 96 * HOUR) });
    const foreign = await put(b, r.requestId, emptyPackage('1405-06-01', '1405-06-31'));
    expect([foreign.status, errorCode(foreign.body)]).toEqual([404, 'NOT_FOUND']);
    const otherPeriod = await put(a, r.requestId, emptyPackage('1405-06-01', '1405-06-30'));
    expect([otherPeriod.status, errorCode(otherPeriod.body)]).toEqual([409, 'STATISTICS_CONFLICT']);
    expect((await put(a, r.requestId, emptyPackage('1405-06-01', '1405-06-31'))).status).toBe(201);
    const changed = { ...emptyPackage('1405-06-01', '1405-06-31'), generatedAt: '2026-12-03T08:00:00.000Z' };
    const again = await put(a, r.requestId, changed);
    expect([again.status, errorCode(again.body)]).toEqual([409, 'STATISTICS_CONFLICT']);
    const bad = await injectClient(app, a)('PUT', `/v1/statistics/${r.requestId}`, { body: { package: { from: '1405-06-01' } } });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, 'BAD_REQUEST']);
    const stored = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM statistics_request WHERE request_id = $1 AND body IS NOT NULL', [r.requestId]);
    expect(stored.rows[0]!.n).toBe(1);
  });
});
