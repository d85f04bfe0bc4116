import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, headers, submitResponse, syncErrorBody, tariffsResponse } from '../core/sync/protocol';
import { createOffice, decide, issueEnrollmentCode, publishTariff, revokeDevice } from './admin';
import { createCentralApp } from './app';
import { benchCentralSubmissions } from './bench';
import { centralMigrations, migrate } from './migrations';
import { publicKeyFromBase64url, sha256hex, verifyUtf8 } from './signing';
import type { Sql } from './sql';
import { enrollTestDevice, fetchClient, injectClient, newDeviceKeys, signManifest, signedHeaders, testBackends, testManifest, testPage, type TestDevice } from '../test/support/central';

describe.each(testBackends())('central on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let firstMigrations: number[][];
  let a: TestDevice;
  let b: TestDevice;
  let callA: ReturnType<typeof injectClient>;
  let callB: ReturnType<typeof injectClient>;

  beforeAll(async () => {
    sql = await backend.open();
    // two nodes starting together on an empty database
    firstMigrations = (await Promise.all([migrate(sql), migrate(sql)])).map((r) => r.applied);
    app = await createCentralApp({ sql });
    a = await enrollTestDevice(app, sql);
    b = await enrollTestDevice(app, sql);
    callA = injectClient(app, a);
    callB = injectClient(app, b);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  const errorCode = (body: string) => syncErrorBody.parse(JSON.parse(body)).error.code;

  async function putPage(call = callA, page = testPage()) {
    const res = await call('PUT', `/v1/blobs/${page.sha256}`, { body: page.data });
    expect(res.status).toBe(201);
    return page;
  }

  async function submit(device: TestDevice, submissionId: string, pages: { sha256: string; bytes: number }[], call = injectClient(app, device)) {
    const manifest = testManifest(device, submissionId, pages);
    return call('PUT', `/v1/submissions/${submissionId}`, { body: { manifest, signature: signManifest(device.privateKey, manifest) } });
  }

  async function submissionRows(submissionId: string): Promise<number> {
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM submission WHERE submission_id = $1', [submissionId]);
    return rows[0]!.n;
  }

  describe('migrations', () => {
    it('apply once when two nodes start together, and running them again changes nothing', async () => {
      expect(firstMigrations.flat()).toEqual(centralMigrations.map((m) => m.version));
      expect((await migrate(sql)).applied).toEqual([]);
    });

    it('refuse a database newer than the code', async () => {
      await expect(migrate(sql, [])).rejects.toThrow(/newer than this server/);
    });

    it('key every office-owned table by office first, so it can be distributed by office', async () => {
      const { rows } = await sql.query<{ table_name: string; column_name: string }>(
        `SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
         JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
         WHERE c.constraint_type = 'PRIMARY KEY' AND k.ordinal_position = 1 AND k.table_schema = current_schema()`,
      );
      const leading = Object.fromEntries(rows.map((r) => [r.table_name, r.column_name]));
      for (const table of ['device', 'blob', 'submission', 'status_update', 'inquiry_log', 'supplement']) expect(leading[table]).toBe('office_id');
    });
  });

  describe('enrollment', () => {
    it('takes a code once: the second device with the same code is refused', async () => {
      const office = await createOffice(sql, { code: '4401', name: 'دفتر ۴۴۰۱' });
      const { code } = await issueEnrollmentCode(sql, office.id, 60_000);
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const enroll = (publicKey: string) => app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey, deviceName: 'counter', softwareVersion: '0.1.0' } });
      const first = await enroll(newDeviceKeys().publicKey);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ officeId: office.id, officeCode: '4401' });
      const again = await enroll(newDeviceKeys().publicKey);
      expect(again.statusCode).toBe(403);
      expect(errorCode(again.body)).toBe('ENROLLMENT_CODE_INVALID');
      const { rows } = await sql.query('SELECT code_sha256 FROM enrollment_code WHERE office_id = $1', [office.id]);
      expect(JSON.stringify(rows)).not.toContain(code);
    });

    it('enrolls exactly one device when five race with one code', async () => {
      const office = await createOffice(sql, { code: '4404', name: 'دفتر ۴۴۰۴' });
      const { code } = await issueEnrollmentCode(sql, office.id, 60_000);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey: newDeviceKeys().publicKey, deviceName: 'x', softwareVersion: '1' } })),
      );
      expect(answers.map((r) => r.statusCode).sort((x, y) => x - y)).toEqual([201, 403, 403, 403, 403]);
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM device WHERE office_id = $1', [office.id]);
      expect(rows[0]!.n).toBe(1);
    });

    it('refuses a public key that is already enrolled', async () => {
      const office = await createOffice(sql, { code: '4403', name: 'دفتر ۴۴۰۳' });
      const { code } = await issueEnrollmentCode(sql, office.id, 60_000);
      const res = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey: a.publicKey, deviceName: 'x', softwareVersion: '1' } });
      expect([res.statusCode, errorCode(res.body)]).toEqual([400, 'BAD_REQUEST']);
    });

    it('refuses an expired code and an unknown one', async () => {
      const office = await createOffice(sql, { code: '4402', name: 'دفتر ۴۴۰۲' });
      const { code } = await issueEnrollmentCode(sql, office.id, 60_000, new Date(Date.now() - 120_000));
      for (const c of [code, 'ZZZZ-ZZZZ-ZZZZ']) {
        const res = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code: c, publicKey: newDeviceKeys().publicKey, deviceName: 'x', softwareVersion: '1' } });
        expect(res.statusCode).toBe(403);
        expect(errorCode(res.body)).toBe('ENROLLMENT_CODE_INVALID');
      }
    });
  });

  describe('signed requests', () => {
    it('serve a correctly signed device and stamp the server time on every answer', async () => {
      const res = await callA('GET', '/v1/status?after=0');
      expect(res.status).toBe(200);
      expect(Date.parse(String(res.headers[headers.serverTime]))).not.toBeNaN();
      const health = await app.inject({ method: 'GET', url: '/v1/health' });
      expect(health.json()).toMatchObject({ ok: true });
      expect(health.headers[headers.serverTime]).toBeDefined();
      const missing = await app.inject({ method: 'GET', url: '/v1/status' });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers[headers.serverTime]).toBeDefined();
      const nowhere = await app.inject({ method: 'GET', url: '/v1/nowhere' });
      expect([nowhere.statusCode, errorCode(nowhere.body)]).toEqual([404, 'NOT_FOUND']);
    });

    it('work the same over real HTTP', async () => {
      const node = await createCentralApp({ sql });
      try {
        await node.listen({ port: 0, host: '127.0.0.1' });
        const { port } = node.server.address() as { port: number };
        const call = fetchClient(`http://127.0.0.1:${port}`, a);
        const page = testPage();
        expect((await call('PUT', `/v1/blobs/${page.sha256}`, { body: page.data })).status).toBe(201);
        const res = await call('GET', '/v1/status?after=0&limit=5');
        expect(res.status).toBe(200);
        expect(res.headers[headers.serverTime]).toBeDefined();
      } finally {
        await node.close();
      }
    });

    it('refuse a signature by another key, and an unknown device', async () => {
      const forged = await injectClient(app, { deviceId: a.deviceId, privateKey: newDeviceKeys().privateKey })('GET', '/v1/status');
      expect([forged.status, errorCode(forged.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const unknown = await injectClient(app, { deviceId: randomUUID(), privateKey: a.privateKey })('GET', '/v1/status');
      expect([unknown.status, errorCode(unknown.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const page = testPage();
      const upload = await injectClient(app, { deviceId: randomUUID(), privateKey: a.privateKey })('PUT', `/v1/blobs/${page.sha256}`, { body: page.data });
      expect([upload.status, errorCode(upload.body)]).toEqual([401, 'UNAUTHENTICATED']);
      expect((await callA('HEAD', `/v1/blobs/${page.sha256}`)).status).toBe(404);
    });

    it('refuse a clock ten minutes off, naming the server time', async () => {
      const res = await callA('GET', '/v1/status', { time: new Date(Date.now() - 10 * 60_000).toISOString() });
      expect([res.status, errorCode(res.body)]).toEqual([401, 'CLOCK_SKEW']);
      expect(res.json().error.message).toMatch(/server time \d{4}-\d\d-\d\dT/);
    });

    it('refuse a tampered body and a tampered path', async () => {
      const page = testPage();
      const h = signedHeaders(a, 'POST', '/v1/blobs/missing', JSON.stringify({ sha256: [page.sha256] }));
      const body = await app.inject({ method: 'POST', url: '/v1/blobs/missing', headers: { ...h, 'content-type': 'application/json' }, payload: JSON.stringify({ sha256: ['0'.repeat(64)] }) });
      expect([body.statusCode, errorCode(body.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const p = signedHeaders(a, 'GET', '/v1/status?after=0');
      const path = await app.inject({ method: 'GET', url: '/v1/status?after=5', headers: p });
      expect([path.statusCode, errorCode(path.body)]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('refuse a revoked device with 403', async () => {
      const c = await enrollTestDevice(app, sql);
      expect((await injectClient(app, c)('GET', '/v1/status')).status).toBe(200);
      expect(await revokeDevice(sql, c.deviceId)).toBe(true);
      const res = await injectClient(app, c)('GET', '/v1/status');
      expect([res.status, errorCode(res.body)]).toEqual([403, 'DEVICE_REVOKED']);
    });
  });

  describe('blobs', () => {
    it('store a page once: 201, then 200 on a re-put; HEAD and missing agree', async () => {
      const page = testPage();
      expect((await callA('HEAD', `/v1/blobs/${page.sha256}`)).status).toBe(404);
      expect((await callA('POST', '/v1/blobs/missing', { body: { sha256: [page.sha256] } })).json()).toEqual({ missing: [page.sha256] });
      const first = await callA('PUT', `/v1/blobs/${page.sha256}`, { body: page.data });
      expect([first.status, first.json()]).toEqual([201, { sha256: page.sha256, bytes: page.bytes, created: true }]);
      const again = await callA('PUT', `/v1/blobs/${page.sha256}`, { body: page.data });
      expect([again.status, again.json().created]).toEqual([200, false]);
      expect((await callA('HEAD', `/v1/blobs/${page.sha256}`)).status).toBe(200);
      expect((await callA('POST', '/v1/blobs/missing', { body: { sha256: [page.sha256] } })).json()).toEqual({ missing: [] });
    });

    it('are invisible to another office', async () => {
      const page = await putPage();
      expect((await callB('HEAD', `/v1/blobs/${page.sha256}`)).status).toBe(404);
      expect((await callB('POST', '/v1/blobs/missing', { body: { sha256: [page.sha256] } })).json()).toEqual({ missing: [page.sha256] });
    });

    it('refuse bytes that do not hash to their name, and a wrong content type', async () => {
      const page = testPage();
      const res = await callA('PUT', `/v1/blobs/${page.sha256}`, { body: Buffer.from('other bytes') });
      expect([res.status, errorCode(res.body)]).toEqual([422, 'DIGEST_MISMATCH']);
      const typed = await callA('PUT', `/v1/blobs/${page.sha256}`, { body: page.data, contentType: 'image/jpeg' });
      expect([typed.status, errorCode(typed.body)]).toEqual([400, 'BAD_REQUEST']);
      expect((await callA('HEAD', `/v1/blobs/${page.sha256}`)).status).toBe(404);
    });

    it('refuse a page over the limit with 413', async () => {
      const small = await createCentralApp({ sql, limits: { blobBytes: 1024 } });
      try {
        const data = Buffer.alloc(4096, 7);
        const res = await injectClient(small, a)('PUT', `/v1/blobs/${sha256hex(data)}`, { body: data });
        expect([res.status, errorCode(res.body)]).toEqual([413, 'TOO_LARGE']);
      } finally {
        await small.close();
      }
    });
  });

  describe('submissions', () => {
    it('answer a tracking code and a receipt that verifies with the server key', async () => {
      const pages = [await putPage(), await putPage()];
      const id = randomUUID();
      const res = await submit(a, id, pages);
      expect(res.status).toBe(201);
      const answer = submitResponse.parse(res.json());
      expect(answer.created).toBe(true);
      expect(answer.receipt).toMatchObject({ officeId: a.officeId, submissionId: id, pages: 2 });
      expect(answer.receipt.trackingCode).toMatch(/^[1-9]\d{15}$/);
      expect(verifyUtf8(publicKeyFromBase64url(a.enrollment.serverPublicKey), canonicalJson(answer.receipt), answer.signature)).toBe(true);
      const fetched = await callA('GET', `/v1/submissions/${id}`);
      expect(submitResponse.parse(fetched.json()).receipt).toEqual(answer.receipt);
      expect((await callB('GET', `/v1/submissions/${id}`)).status).toBe(404);
    });

    it('answer a replay with the identical receipt, created false, and keep one row', async () => {
      const pages = [await putPage()];
      const id = randomUUID();
      const manifest = testManifest(a, id, pages);
      const body = { manifest, signature: signManifest(a.privateKey, manifest) };
      const first = await callA('PUT', `/v1/submissions/${id}`, { body });
      const replay = await callA('PUT', `/v1/submissions/${id}`, { body });
      expect([first.status, replay.status]).toEqual([201, 200]);
      expect(replay.body).toBe(first.body.replace('"created":true', '"created":false'));
      expect(await submissionRows(id)).toBe(1);
    });

    it('refuse the same id with another manifest: 409', async () => {
      const pages = [await putPage()];
      const id = randomUUID();
      expect((await submit(a, id, pages)).status).toBe(201);
      const other = await submit(a, id, [...pages, await putPage()]);
      expect([other.status, errorCode(other.body)]).toEqual([409, 'SUBMISSION_CONFLICT']);
      expect(await submissionRows(id)).toBe(1);
    });

    it('refuse a manifest naming a page never uploaded, storing nothing', async () => {
      const lost = testPage();
      const id = randomUUID();
      const res = await submit(a, id, [await putPage(), lost]);
      expect([res.status, errorCode(res.body)]).toEqual([422, 'BLOB_MISSING']);
      expect(res.json().error.message).toContain(lost.sha256);
      expect(await submissionRows(id)).toBe(0);
      // another office's copy of the page does not count
      const theirs = await putPage(callB);
      expect(errorCode((await submit(a, randomUUID(), [theirs])).body)).toBe('BLOB_MISSING');
    });

    it('refuse a manifest signed by another key and one naming another office', async () => {
      const pages = [await putPage()];
      const id = randomUUID();
      const manifest = testManifest(a, id, pages);
      const forged = await callA('PUT', `/v1/submissions/${id}`, { body: { manifest, signature: signManifest(newDeviceKeys().privateKey, manifest) } });
      expect([forged.status, errorCode(forged.body)]).toEqual([422, 'MANIFEST_SIGNATURE_INVALID']);
      const elsewhere = { ...manifest, officeId: b.officeId };
      const mismatch = await callA('PUT', `/v1/submissions/${id}`, { body: { manifest: elsewhere, signature: signManifest(a.privateKey, elsewhere) } });
      expect([mismatch.status, errorCode(mismatch.body)]).toEqual([422, 'MANIFEST_MISMATCH']);
      const otherId = await callA('PUT', `/v1/submissions/${randomUUID()}`, { body: { manifest, signature: signManifest(a.privateKey, manifest) } });
      expect(errorCode(otherId.body)).toBe('MANIFEST_MISMATCH');
      expect(await submissionRows(id)).toBe(0);
    });

    it('give twenty concurrent submits of one submission one row and one tracking code', async () => {
      const pages = [await putPage(), await putPage()];
      const id = randomUUID();
      const manifest = testManifest(a, id, pages);
      const body = { manifest, signature: signManifest(a.privateKey, manifest) };
      const answers = await Promise.all(Array.from({ length: 20 }, () => callA('PUT', `/v1/submissions/${id}`, { body })));
      expect(answers.map((r) => r.status).sort((x, y) => x - y)).toEqual([...Array<number>(19).fill(200), 201]);
      expect(new Set(answers.map((r) => submitResponse.parse(r.json()).receipt.trackingCode)).size).toBe(1);
      expect(await submissionRows(id)).toBe(1);
    });

    it('serve the same submission from a second node on the same database', async () => {
      const id = randomUUID();
      const manifest = testManifest(a, id, [await putPage()]);
      const body = { manifest, signature: signManifest(a.privateKey, manifest) };
      const first = await callA('PUT', `/v1/submissions/${id}`, { body });
      const second = await createCentralApp({ sql });
      try {
        const callSecond = injectClient(second, a);
        const fetched = await callSecond('GET', `/v1/submissions/${id}`);
        expect(fetched.status).toBe(200);
        expect(fetched.json().receipt).toEqual(first.json().receipt);
        const replay = await callSecond('PUT', `/v1/submissions/${id}`, { body });
        expect(replay.body).toBe(first.body.replace('"created":true', '"created":false'));
      } finally {
        await second.close();
      }
    });
  });

  describe('garbage', () => {
    it('answers 400 to a body that is not JSON, JSON nested 10,000 deep, or a wrong content type, and keeps serving', async () => {
      const id = randomUUID();
      const url = `/v1/submissions/${id}`;
      const notJson = await callA('PUT', url, { body: '{"manifest": nope', contentType: 'application/json' });
      const deep = await callA('PUT', url, { body: '['.repeat(10_000) + ']'.repeat(10_000), contentType: 'application/json' });
      const wrongType = await callA('PUT', url, { body: 'manifest=1', contentType: 'application/x-www-form-urlencoded' });
      const noBody = await callA('PUT', url);
      const badUtf8 = await callA('PUT', url, { body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), contentType: 'application/json' });
      const enroll = await app.inject({ method: 'POST', url: '/v1/enroll', headers: { 'content-type': 'application/json' }, payload: '{"a":'.repeat(5000) });
      for (const res of [notJson, deep, wrongType, noBody, badUtf8]) expect([res.status, errorCode(res.body)]).toEqual([400, 'BAD_REQUEST']);
      expect([enroll.statusCode, errorCode(enroll.body)]).toEqual([400, 'BAD_REQUEST']);
      expect(await submissionRows(id)).toBe(0);
      expect((await app.inject({ method: 'GET', url: '/v1/health' })).statusCode).toBe(200);
      expect((await callA('GET', '/v1/status?after=-1')).status).toBe(400);
      expect((await callA('HEAD', '/v1/blobs/not-a-digest')).status).toBe(400);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After once an office spends its minute', async () => {
      const limited = await createCentralApp({ sql, limits: { perOfficePerMinute: 3 } });
      try {
        const call = injectClient(limited, a);
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push(await call('GET', '/v1/status'));
        expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
        expect(errorCode(statuses[3]!.body)).toBe('RATE_LIMITED');
        expect(Number(statuses[3]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        // another office has its own budget
        expect((await injectClient(limited, b)('GET', '/v1/status')).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('pull', () => {
    it('gives the status updates after a cursor, of the caller office only', async () => {
      const ids = [randomUUID(), randomUUID()];
      for (const id of ids) expect((await submit(a, id, [await putPage()])).status).toBe(201);
      const start = (await callA('GET', '/v1/status')).json().next as number;
      const s1 = await decide(sql, a.officeId, ids[0]!, 'accepted');
      const s2 = await decide(sql, a.officeId, ids[1]!, 'returned', 'پیوست ناخوانا');
      const page = (await callA('GET', `/v1/status?after=${start}&limit=1`)).json();
      expect(page).toMatchObject({ updates: [{ seq: s1, submissionId: ids[0], status: 'accepted', reason: null }], next: s1 });
      const rest = (await callA('GET', `/v1/status?after=${page.next}`)).json();
      expect(rest).toMatchObject({ updates: [{ seq: s2, status: 'returned', reason: 'پیوست ناخوانا' }], next: s2 });
      expect((await callA('GET', `/v1/status?after=${s2}`)).json()).toEqual({ updates: [], next: s2 });
      expect((await callB('GET', `/v1/status?after=${start}`)).json().updates).toEqual([]);
    });

    it('gives tariff tables whose signatures verify with the server key', async () => {
      const table = { id: 'office-tariff-1405', title: 'تعرفه دفاتر ۱۴۰۵', effectiveFrom: '1405-01-01', source: 'مصوبه رئیس قوه قضائیه', items: { petition: 850_000 } };
      const published = await publishTariff(sql, table);
      const { tables } = tariffsResponse.parse((await callA('GET', `/v1/tariffs?after=${published.version - 1}`)).json());
      expect(tables).toHaveLength(1);
      const t = tables[0]!;
      expect(t.table).toEqual(table);
      const key = publicKeyFromBase64url(a.enrollment.serverPublicKey);
      expect(verifyUtf8(key, canonicalJson({ version: t.version, table: t.table, publishedAt: t.publishedAt }), t.signature)).toBe(true);
      expect((await callA('GET', `/v1/tariffs?after=${published.version}`)).json()).toEqual({ tables: [] });
    });
  });

  describe('fault hooks', () => {
    it('run afterSubmitCommit once the row is committed, and answer injected faults before anything else', async () => {
      const seen: { id: string; created: boolean; rows: number }[] = [];
      let fail = true;
      const faulty = await createCentralApp({
        sql,
        hooks: {
          afterSubmitCommit: async (id, created) => {
            seen.push({ id, created, rows: await submissionRows(id) });
          },
          faultFor: (req) => (fail && req.method === 'PUT' && req.url.startsWith('/v1/submissions/') ? { status: 503, code: 'UNAVAILABLE', retryAfterS: 7 } : null),
        },
      });
      try {
        const id = randomUUID();
        const pages = [await putPage()];
        const refused = await submit(a, id, pages, injectClient(faulty, a));
        expect([refused.status, errorCode(refused.body), refused.headers['retry-after']]).toEqual([503, 'UNAVAILABLE', '7']);
        expect(refused.headers[headers.serverTime]).toBeDefined();
        expect(await submissionRows(id)).toBe(0);
        fail = false;
        expect((await submit(a, id, pages, injectClient(faulty, a))).status).toBe(201);
        expect(seen).toEqual([{ id, created: true, rows: 1 }]);
      } finally {
        await faulty.close();
      }
    });
  });

  describe('database trouble', () => {
    it('answers 503 UNAVAILABLE with Retry-After while the database refuses connections, then serves again', async () => {
      let failing = false;
      const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
      const flaky: Sql = {
        query: <T,>(text: string, params?: unknown[]) => (failing ? refused() : sql.query<T>(text, params)),
        tx: (fn) => (failing ? refused() : sql.tx(fn)),
        close: async () => {},
      };
      const node = await createCentralApp({ sql: flaky });
      try {
        failing = true;
        const res = await injectClient(node, a)('GET', '/v1/status');
        expect([res.status, errorCode(res.body), res.headers['retry-after']]).toEqual([503, 'UNAVAILABLE', '5']);
        expect((await node.inject({ method: 'GET', url: '/v1/health' })).statusCode).toBe(503);
        failing = false;
        expect((await injectClient(node, a)('GET', '/v1/status')).status).toBe(200);
      } finally {
        await node.close();
      }
    });
  });

  describe('bench', () => {
    it('submits over real HTTP and reports rate and latency percentiles', async () => {
      const result = await benchCentralSubmissions({ sql, devices: 2, pagesPerSubmission: 2, seconds: 0.5 });
      expect(result.central_submissions_per_s).toBeGreaterThan(0);
      expect(result.p99_ms).toBeGreaterThanOrEqual(result.p50_ms);
    });
  });

  describe('openapi', () => {
    it('is generated from the protocol schemas', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toContain('/v1/submissions/{submissionId}');
      expect(JSON.stringify(doc.paths['/v1/submissions/{submissionId}'].put.requestBody)).toContain('"submissionId"');
    });
  });
});
