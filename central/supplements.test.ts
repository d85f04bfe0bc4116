import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, submitResponse, syncErrorBody, type Manifest } from '../core/sync/protocol';
import { decide } from './admin';
import { createCentralApp } from './app';
import { publicKeyFromBase64url, verifyUtf8 } from './signing';
import type { Sql } from './sql';
import { enrollTestDevice, injectClient, signManifest, testBackends, testManifest, testPage, type TestDevice } from '../test/support/central';

describe.each(testBackends())('supplements (رفع نقص) on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let a: TestDevice;
  let b: TestDevice;

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

  async function page(device: TestDevice) {
    const p = testPage();
    const res = await injectClient(app, device)('PUT', `/v1/blobs/${p.sha256}`, { body: p.data });
    expect(res.status).toBe(201);
    return p;
  }

  async function put(device: TestDevice, manifest: Manifest) {
    return injectClient(app, device)('PUT', `/v1/submissions/${manifest.submissionId}`, { body: { manifest, signature: signManifest(device.privateKey, manifest) } });
  }

  /** A filing of `device`'s office, receipted; returned by the authority when `returned`. */
  async function filing(device: TestDevice, returned = true): Promise<{ submissionId: string; trackingCode: string }> {
    const submissionId = randomUUID();
    const res = await put(device, testManifest(device, submissionId, [await page(device)]));
    expect(res.status).toBe(201);
    const trackingCode = submitResponse.parse(res.json()).receipt.trackingCode;
    if (returned) await decide(sql, device.officeId, submissionId, 'returned', 'پیوست ناخوانا');
    return { submissionId, trackingCode };
  }

  async function supplementManifest(device: TestDevice, of: { submissionId: string; trackingCode: string }, supplementId = randomUUID()): Promise<Manifest> {
    const pages = [await page(device), await page(device)];
    return { ...testManifest(device, supplementId, pages), service: 'remedy', instance: null, deadline: null, supplementOf: of };
  }

  const rows = async (table: 'supplement' | 'submission', officeId: string) =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE office_id = $1`, [officeId])).rows[0]!.n;

  it('receipts a supplement under the returned filing’s own tracking code, signed by the central', async () => {
    const of = await filing(a);
    const manifest = await supplementManifest(a, of);
    const res = await put(a, manifest);
    expect(res.status).toBe(201);
    const answer = submitResponse.parse(res.json());
    expect(answer.receipt).toMatchObject({ submissionId: manifest.submissionId, trackingCode: of.trackingCode, pages: 2, officeId: a.officeId });
    expect(answer.created).toBe(true);
    const { rows: key } = await sql.query<{ public_key: string }>('SELECT public_key FROM server_key');
    expect(verifyUtf8(publicKeyFromBase64url(key[0]!.public_key), canonicalJson(answer.receipt), answer.signature)).toBe(true);
    // a supplement is not a new filing: no submission row, no new tracking code
    const { rows: held } = await sql.query<{ submission_id: string; tracking_code: string }>('SELECT submission_id, tracking_code FROM supplement WHERE office_id = $1 AND supplement_id = $2', [a.officeId, manifest.submissionId]);
    expect(held).toEqual([{ submission_id: of.submissionId, tracking_code: of.trackingCode }]);
    const { rows: sub } = await sql.query('SELECT 1 FROM submission WHERE submission_id = $1', [manifest.submissionId]);
    expect(sub).toHaveLength(0);
  });

  it('is idempotent by its id: a replay gets the same receipt bytes, twenty at once make one row', async () => {
    const of = await filing(a);
    const manifest = await supplementManifest(a, of);
    const answers = await Promise.all(Array.from({ length: 20 }, () => put(a, manifest)));
    expect(answers.map((r) => r.status).sort((x, y) => x - y)).toEqual([...Array<number>(19).fill(200), 201]);
    const receipts = new Set(answers.map((r) => JSON.stringify(submitResponse.parse(r.json()).receipt)));
    expect(receipts.size).toBe(1);
    const { rows: n } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM supplement WHERE supplement_id = $1', [manifest.submissionId]);
    expect(n[0]!.n).toBe(1);
    // the hub that lost the answer asks for it
    const got = await injectClient(app, a)('GET', `/v1/submissions/${manifest.submissionId}`);
    expect(got.status).toBe(200);
    expect(submitResponse.parse(got.json()).receipt.trackingCode).toBe(of.trackingCode);
  });

  it('refuses a supplement for another office’s filing, and stores nothing', async () => {
    const ofB = await filing(b);
    const before = await rows('supplement', a.officeId);
    const res = await put(a, await supplementManifest(a, ofB));
    expect([res.status, errorCode(res.body)]).toEqual([422, 'SUPPLEMENT_FOREIGN']);
    // its own submission id with another office's tracking code is foreign too
    const ofA = await filing(a);
    const mixed = await put(a, await supplementManifest(a, { submissionId: ofA.submissionId, trackingCode: ofB.trackingCode }));
    expect([mixed.status, errorCode(mixed.body)]).toEqual([422, 'SUPPLEMENT_FOREIGN']);
    expect(await rows('supplement', a.officeId)).toBe(before);
  });

  it('refuses a supplement for a filing not returned (undecided or accepted), and a second one for the same return', async () => {
    const undecided = await filing(a, false);
    const r1 = await put(a, await supplementManifest(a, undecided));
    expect([r1.status, errorCode(r1.body)]).toEqual([409, 'SUPPLEMENT_NOT_RETURNED']);
    await decide(sql, a.officeId, undecided.submissionId, 'accepted');
    const r2 = await put(a, await supplementManifest(a, undecided));
    expect([r2.status, errorCode(r2.body)]).toEqual([409, 'SUPPLEMENT_NOT_RETURNED']);

    const of = await filing(a);
    expect((await put(a, await supplementManifest(a, of))).status).toBe(201);
    const before = await rows('supplement', a.officeId);
    const second = await put(a, await supplementManifest(a, of));
    expect([second.status, errorCode(second.body)]).toEqual([409, 'SUPPLEMENT_NOT_RETURNED']);
    expect(await rows('supplement', a.officeId)).toBe(before);
    // returned again after the supplement: a new supplement answers the new return
    await decide(sql, a.officeId, of.submissionId, 'returned', 'امضا ندارد');
    expect((await put(a, await supplementManifest(a, of))).status).toBe(201);
  });

  it('refuses the same supplement id with another manifest', async () => {
    const of = await filing(a);
    const manifest = await supplementManifest(a, of);
    expect((await put(a, manifest)).status).toBe(201);
    const other = await put(a, { ...manifest, parties: [] });
    expect([other.status, errorCode(other.body)]).toEqual([409, 'SUBMISSION_CONFLICT']);
  });

  it('checks a supplement’s pages like a filing’s: none stored without them', async () => {
    const of = await filing(a);
    const missing = testPage();
    const manifest = { ...(await supplementManifest(a, of)), documents: [{ type: 'evidence', pages: [{ sha256: missing.sha256, bytes: missing.bytes, mime: 'image/jpeg' as const }] }] };
    const res = await put(a, manifest);
    expect([res.status, errorCode(res.body)]).toEqual([422, 'BLOB_MISSING']);
    const { rows: none } = await sql.query('SELECT 1 FROM supplement WHERE supplement_id = $1', [manifest.submissionId]);
    expect(none).toHaveLength(0);
  });
});
