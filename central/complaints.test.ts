import { createCipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../core/sync/protocol';
import { createCentralApp } from './app';
import { readComplaints } from './complaints';
import { publicKeyFromBase64url, verifyUtf8 } from './signing';
import type { Sql } from './sql';
import { enrollTestDevice, injectClient, testBackends, type TestDevice } from '../test/support/central';

/** Seals as docs/SYNC-PROTOCOL.md § Complaints says, written here from the text (the hub's own is hub/complaint/seal.ts). */
function seal(id: string, key: p.ComplaintKey, plain: p.ComplaintPlaintext): p.SealedComplaint {
  const eph = generateKeyPairSync('x25519');
  const recipient = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: key.publicKey }, format: 'jwk' });
  const epk = eph.publicKey.export({ format: 'jwk' }).x!;
  const salt = Buffer.concat([Buffer.from(epk, 'base64url'), Buffer.from(key.publicKey, 'base64url')]);
  const aesKey = Buffer.from(hkdfSync('sha256', diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), salt, p.COMPLAINT_HKDF_INFO, 32));
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, nonce);
  cipher.setAAD(Buffer.from(p.complaintAad(id, key.keyId), 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: 1, alg: p.COMPLAINT_SEAL_ALG, keyId: key.keyId, epk, nonce: nonce.toString('base64url'), ct: ct.toString('base64url') };
}

const newId = () => randomBytes(16).toString('hex');

describe.each(testBackends())('anonymous complaints (ماده ۲۰) on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let a: TestDevice;
  let b: TestDevice;
  let key: p.ComplaintKey;

  beforeAll(async () => {
    sql = await backend.open();
    app = await createCentralApp({ sql });
    a = await enrollTestDevice(app, sql);
    b = await enrollTestDevice(app, sql);
    const res = await injectClient(app, a)('GET', '/v1/complaint-key');
    expect(res.status).toBe(200);
    key = p.complaintKey.parse(res.json());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  it('migration 5 adds complaint_key and complaint; the complaint keeps its day, not an instant', async () => {
    const { rows } = await sql.query<{ version: number }>('SELECT version FROM schema_migrations WHERE name = $1', ['complaints']);
    expect(rows.map((r) => Number(r.version))).toEqual([5]);
    const cols = await sql.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'complaint' AND table_schema = current_schema() ORDER BY ordinal_position",
    );
    expect(cols.rows.map((c) => `${c.column_name}:${c.data_type}`)).toEqual(['office_id:uuid', 'id:text', 'key_id:text', 'received_on:date', 'sealed:text']);
  });

  it('publishes one X25519 key, the same to every office, signed with the key enrollment handed out', async () => {
    const again = p.complaintKey.parse((await injectClient(app, b)('GET', '/v1/complaint-key')).json());
    expect(again).toEqual(key);
    const server = publicKeyFromBase64url(a.enrollment.serverPublicKey);
    expect(verifyUtf8(server, p.complaintKeySigned(key), key.signature)).toBe(true);
    expect(verifyUtf8(server, p.complaintKeySigned({ ...key, publicKey: b.publicKey }), key.signature)).toBe(false);
    // an unsigned caller gets nothing
    expect((await app.inject({ method: 'GET', url: '/v1/complaint-key' })).statusCode).toBe(401);
  });

  it('stores a sealed complaint once (a replay is 200), refuses other bytes under the same id, and only the Center opens it', async () => {
    const id = newId();
    const sealed = seal(id, key, { v: 1, day: '1405-09-16', text: 'متصدی باجهٔ ۲ بی‌نوبت کار راه انداخت.' });
    const put = (body: unknown, who = a, at = id) => injectClient(app, who)('PUT', `/v1/complaints/${at}`, { body });
    const first = await put(sealed);
    expect(first.status).toBe(201);
    expect(p.complaintPutResponse.parse(first.json())).toEqual({ complaintId: id, received: true });
    expect((await put(sealed)).status).toBe(200);
    expect((await put(seal(id, key, { v: 1, day: '1405-09-16', text: 'متن دیگر برای همان شناسه' }))).status).toBe(409);
    // another office may use the same random id: complaints are the office's own
    expect((await put(sealed, b)).status).toBe(201);
    // bad input: a key never published, a malformed id, not the protocol's shape
    expect((await put({ ...sealed, keyId: '0123456789abcdef' }, a, newId())).status).toBe(409);
    expect((await put(sealed, a, 'not-an-id')).status).toBe(400);
    expect((await put({ ...sealed, extra: 1 }, a, newId())).status).toBe(400);

    const opened = await readComplaints(sql, a.officeId);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.complaint).toEqual({ v: 1, day: '1405-09-16', text: 'متصدی باجهٔ ۲ بی‌نوبت کار راه انداخت.' });
    expect(opened[0]!.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('cannot be opened under another id (the id is bound into the seal)', async () => {
    const id = newId();
    const sealed = seal(id, key, { v: 1, day: '1405-09-16', text: 'شکایت آزمایشی دوم' });
    const other = newId();
    expect((await injectClient(app, a)('PUT', `/v1/complaints/${other}`, { body: sealed })).status).toBe(201);
    await expect(readComplaints(sql, a.officeId)).rejects.toThrow();
    await sql.query('DELETE FROM complaint WHERE id = $1', [other]);
  });
});
