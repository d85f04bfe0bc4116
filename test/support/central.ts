/**
 * Test helpers for the central and for anyone testing against it (the hub's sync fault tests):
 * database backends, device keys, signed requests over app.inject or real HTTP. Tests only.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { canonicalJson, enrollResponse, headers, requestSigningInput, type EnrollResponse, type Manifest } from '../../core/sync/protocol';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { pgSql, pgliteSql, type Sql } from '../../central/sql';
import { publicKeyToBase64url, sha256hex, signUtf8 } from '../../central/signing';

// ---------------------------------------------------------------------------------------------
// Backends

export interface TestBackend {
  name: 'pglite' | 'postgresql';
  /** a fresh, empty database of its own (PGlite in memory; a new schema on the PostgreSQL server) */
  open(): Promise<Sql>;
}

/** PGlite always; real PostgreSQL when DAFTARYAR_TEST_PG_URL names one (.ci/run starts one). */
export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: () => pgliteSql() }];
  const url = process.env.DAFTARYAR_TEST_PG_URL;
  if (url) backends.push({ name: 'postgresql', open: () => openTestSchema(url) });
  else console.info('central: DAFTARYAR_TEST_PG_URL is not set; the PostgreSQL run is skipped (PGlite only)');
  return backends;
}

/** A schema of its own on a shared server, so parallel test files never see each other's rows. */
export async function openTestSchema(url: string, poolSize = 10): Promise<Sql> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sql = pgSql({ connectionString: url, options: `-c search_path=${schema}` }, poolSize);
  return {
    ...sql,
    async close() {
      await sql.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await sql.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Devices and signing

export interface DeviceKeys {
  privateKey: KeyObject;
  /** base64url of the raw Ed25519 public key, as enrollment takes it */
  publicKey: string;
}

export function newDeviceKeys(): DeviceKeys {
  const pair = generateKeyPairSync('ed25519');
  return { privateKey: pair.privateKey, publicKey: publicKeyToBase64url(pair.publicKey) };
}

export interface TestDevice extends DeviceKeys {
  officeId: string;
  deviceId: string;
  enrollment: EnrollResponse;
}

/** The three request headers a device sends; `time` defaults to now. */
export function signedHeaders(
  device: { deviceId: string; privateKey: KeyObject },
  method: string,
  pathAndQuery: string,
  body: Uint8Array | string = '',
  time: string = new Date().toISOString(),
): Record<string, string> {
  const signature = signUtf8(device.privateKey, requestSigningInput(method, pathAndQuery, time, sha256hex(body)));
  return { [headers.device]: device.deviceId, [headers.time]: time, [headers.signature]: signature };
}

export function signManifest(privateKey: KeyObject, manifest: Manifest): string {
  return signUtf8(privateKey, canonicalJson(manifest));
}

/** Creates an office (a random code unless given), issues a code and enrolls a new device with it. */
export async function enrollTestDevice(app: FastifyInstance, sql: Sql, office?: { code?: string; name?: string }): Promise<TestDevice> {
  const created = await createOffice(sql, { code: office?.code ?? String(100_000 + Math.floor(Math.random() * 899_999_999)), name: office?.name ?? 'دفتر آزمایشی' });
  const { code } = await issueEnrollmentCode(sql, created.id, 3_600_000);
  const keys = newDeviceKeys();
  const res = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey: keys.publicKey, deviceName: 'counter-1', softwareVersion: '0.1.0' } });
  if (res.statusCode !== 201) throw new Error(`enrollment failed: ${res.statusCode} ${res.body}`);
  const enrollment = enrollResponse.parse(res.json());
  return { ...keys, officeId: enrollment.officeId, deviceId: enrollment.deviceId, enrollment };
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface SignedAnswer {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  body: string;
  json(): any;
}

export interface SignedRequestOptions {
  /** a JSON value, or raw bytes sent as application/octet-stream */
  body?: unknown;
  contentType?: string;
  time?: string;
}

function encode(options: SignedRequestOptions): { bytes: Buffer | undefined; contentType: string | undefined } {
  if (options.body === undefined) return { bytes: undefined, contentType: options.contentType };
  if (Buffer.isBuffer(options.body) || options.body instanceof Uint8Array) return { bytes: Buffer.from(options.body), contentType: options.contentType ?? 'application/octet-stream' };
  return { bytes: Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body), 'utf8'), contentType: options.contentType ?? 'application/json' };
}

/** Signed requests through app.inject (no socket). */
export function injectClient(app: FastifyInstance, device: { deviceId: string; privateKey: KeyObject }) {
  return async (method: string, url: string, options: SignedRequestOptions = {}): Promise<SignedAnswer> => {
    const { bytes, contentType } = encode(options);
    const h = signedHeaders(device, method, url, bytes ?? '', options.time);
    if (contentType) h['content-type'] = contentType;
    const res = await app.inject({ method: method as 'GET', url, headers: h, ...(bytes ? { payload: bytes } : {}) });
    return { status: res.statusCode, headers: res.headers, body: res.body, json: () => JSON.parse(res.body) };
  };
}

/** Signed requests over real HTTP (a listening app, or any central). */
export function fetchClient(baseUrl: string, device: { deviceId: string; privateKey: KeyObject }) {
  return async (method: string, url: string, options: SignedRequestOptions = {}): Promise<SignedAnswer> => {
    const { bytes, contentType } = encode(options);
    const h = signedHeaders(device, method, url, bytes ?? '', options.time);
    if (contentType) h['content-type'] = contentType;
    const res = await fetch(baseUrl + url, { method, headers: h, ...(bytes ? { body: new Uint8Array(bytes) } : {}) });
    const body = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body, json: () => JSON.parse(body) };
  };
}

// ---------------------------------------------------------------------------------------------
// Manifests

export function testPage(text = randomUUID()): { data: Buffer; sha256: string; bytes: number } {
  const data = Buffer.from(`page ${text}`, 'utf8');
  return { data, sha256: sha256hex(data), bytes: data.length };
}

export function testManifest(device: { officeId: string; deviceId: string }, submissionId: string, pages: { sha256: string; bytes: number }[]): Manifest {
  return {
    v: 1,
    submissionId,
    officeId: device.officeId,
    deviceId: device.deviceId,
    request: { id: randomUUID(), year: 1405, number: 12 },
    service: 'petition',
    instance: 'first',
    queuedAt: '2026-11-28T10:00:00.000Z',
    deadline: '1405/09/10',
    applicant: { kind: 'natural', name: 'علی رضایی', id: '0012345679' },
    parties: [{ role: 'defendant', name: 'شرکت نمونه' }],
    fees: { officeTariffRials: 850_000, judicialCostRials: 1_200_000, payableRials: 2_050_000, settlement: 'paid' },
    documents: [{ type: 'petition', pages: pages.map((p) => ({ sha256: p.sha256, bytes: p.bytes, mime: 'image/jpeg' as const })) }],
  };
}
