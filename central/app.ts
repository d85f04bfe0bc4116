import { randomInt, type KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import {
  MAX_BLOB_BYTES,
  MAX_CLOCK_SKEW_MS,
  MAX_JSON_BYTES,
  PROTOCOL_VERSION,
  blobCheckRequest,
  canonicalJson,
  complaintId,
  sealedComplaint,
  enrollRequest,
  headers,
  inquiryRequest,
  instant,
  requestSigningInput,
  sha256Hex,
  STATISTICS_MAX_BYTES,
  statisticsPut,
  submitRequest,
  syncErrorCodes,
  uuid,
  type EnrollResponse,
  type ReceiptBody,
  type SyncErrorCode,
} from '../core/sync/protocol';
import { enrollmentCodeHash } from './admin';
import { InquiryConflictError, answerInquiry, inquiryResponseText } from './inquiries';
import { migrate } from './migrations';
import { StatisticsRefused, statisticsRequestsAfter, storeStatistics } from './statistics';
import { SupplementRefused, storeSupplement, supplementReceipt } from './supplements';
import { openApiDocument } from './openapi';
import type { Sql } from './sql';
import { loadServerKey, publicKeyFromBase64url, sha256hex, signUtf8, verifyUtf8 } from './signing';
import { loadComplaintKey, receiveComplaint } from './complaints';

export interface CentralLimits {
  /** signed requests per office per minute (a token bucket per office, per node) */
  perOfficePerMinute: number;
  /** largest page file accepted */
  blobBytes: number;
}

export interface InjectedFault {
  status: number;
  code: string;
  retryAfterS?: number;
}

/** For fault tests: what happens between the commit and the answer, and answers forced per request. */
export interface CentralHooks {
  afterSubmitCommit?(submissionId: string, created: boolean): void | Promise<void>;
  faultFor?(req: FastifyRequest): InjectedFault | null;
}

export interface CentralOptions {
  sql: Sql;
  now?: () => Date;
  limits?: Partial<CentralLimits>;
  hooks?: CentralHooks;
  logger?: FastifyServerOptions['logger'];
}

export const defaultLimits: CentralLimits = { perOfficePerMinute: 3000, blobBytes: MAX_BLOB_BYTES };

/** An answer of the protocol's error table; anything else thrown becomes 500 INTERNAL. */
export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

interface DeviceRow {
  office_id: string;
  id: string;
  public_key: string;
  revoked_at: unknown;
}

/** Every route but the public ones; an unknown route answers 404 without asking who calls. */
function needsDevice(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  return route !== undefined && !PUBLIC_ROUTES.has(route);
}

interface AuthenticatedDevice {
  officeId: string;
  deviceId: string;
  publicKey: KeyObject;
}

/** Deeper JSON than any protocol body is refused before JSON.parse sees it. */
const MAX_JSON_DEPTH = 32;
/** Routes anyone may call: enrollment's credential is its one-time code. */
const PUBLIC_ROUTES = new Set(['/v1/enroll', '/v1/health', '/v1/openapi.json']);

/**
 * The reference central server (docs/SYNC-PROTOCOL.md). Stateless over its database: any number
 * of these behind a load balancer serve the same offices. Applies pending migrations first.
 */
export async function createCentralApp(options: CentralOptions): Promise<FastifyInstance> {
  const { sql } = options;
  const now = options.now ?? (() => new Date());
  const limits = { ...defaultLimits, ...options.limits };
  const hooks = options.hooks ?? {};
  await migrate(sql);
  const serverKey = await sql.tx((q) => loadServerKey(q));

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_JSON_BYTES, return503OnClosing: true });
  const devices = new WeakMap<FastifyRequest, AuthenticatedDevice>();
  const keyCache = new Map<string, KeyObject>();
  const buckets = new Map<string, { tokens: number; at: number }>();

  // Every body arrives as raw bytes: the request signature covers them exactly, and each route
  // decides itself what content type it takes (a wrong one is 400, never 415 or 500).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onSend', async (_req, reply) => {
    reply.header(headers.serverTime, now().toISOString());
  });

  app.addHook('onRequest', async (req, reply) => {
    const fault = hooks.faultFor?.(req);
    if (!fault) return;
    if (fault.retryAfterS !== undefined) reply.header('retry-after', String(fault.retryAfterS));
    return reply.code(fault.status).send({ error: { code: fault.code, message: 'fault injected for a test' } });
  });

  // Who is calling is settled from the headers before a body is read (an unknown device's 25 MB
  // upload is refused at once); the signature, which covers the body, once it has arrived.
  const callers = new WeakMap<FastifyRequest, { row: DeviceRow; time: string; signature: string }>();

  app.addHook('onRequest', async (req) => {
    if (!needsDevice(req)) return;
    const deviceId = single(req.headers[headers.device]);
    const time = single(req.headers[headers.time]);
    const signature = single(req.headers[headers.signature]);
    if (!deviceId || !time || !signature || !uuid.safeParse(deviceId).success || !instant.safeParse(time).success) {
      throw new SyncError('UNAUTHENTICATED', `signed requests carry ${headers.device}, ${headers.time} (UTC ISO-8601) and ${headers.signature}`);
    }
    const serverTime = now();
    const skew = Date.parse(time) - serverTime.getTime();
    if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
      throw new SyncError('CLOCK_SKEW', `device time ${time} is ${Math.round(skew / 1000)} s off the server time ${serverTime.toISOString()}`);
    }
    const { rows } = await sql.query<DeviceRow>('SELECT office_id, id, public_key, revoked_at FROM device WHERE id = $1', [deviceId]);
    if (!rows[0]) throw new SyncError('UNAUTHENTICATED', 'unknown device');
    callers.set(req, { row: rows[0], time, signature });
  });

  app.addHook('preHandler', async (req) => {
    if (!needsDevice(req)) return;
    const caller = callers.get(req);
    if (!caller) throw new SyncError('UNAUTHENTICATED', 'not authenticated');
    const { row, time, signature } = caller;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const input = requestSigningInput(req.method, req.url, time, sha256hex(body));
    const publicKey = devicePublicKey(row.public_key);
    if (!verifyUtf8(publicKey, input, signature)) throw new SyncError('UNAUTHENTICATED', 'the request signature does not verify');
    if (row.revoked_at !== null) throw new SyncError('DEVICE_REVOKED', 'this device was revoked; enroll it again');
    takeToken(row.office_id);
    devices.set(req, { officeId: row.office_id, deviceId: row.id, publicKey });
  });

  function devicePublicKey(text: string): KeyObject {
    let key = keyCache.get(text);
    if (!key) {
      if (keyCache.size >= 10_000) keyCache.clear();
      key = publicKeyFromBase64url(text);
      keyCache.set(text, key);
    }
    return key;
  }

  function takeToken(officeId: string): void {
    const t = Date.now();
    const rate = limits.perOfficePerMinute / 60_000;
    const bucket = buckets.get(officeId) ?? { tokens: limits.perOfficePerMinute, at: t };
    bucket.tokens = Math.min(limits.perOfficePerMinute, bucket.tokens + (t - bucket.at) * rate);
    bucket.at = t;
    buckets.set(officeId, bucket);
    if (bucket.tokens < 1) {
      throw new SyncError('RATE_LIMITED', `at most ${limits.perOfficePerMinute} requests a minute per office`, Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)));
    }
    bucket.tokens -= 1;
  }

  const deviceOf = (req: FastifyRequest): AuthenticatedDevice => {
    const device = devices.get(req);
    if (!device) throw new SyncError('UNAUTHENTICATED', 'not authenticated');
    return device;
  };

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof SyncError) return sendError(reply, err.code, err.message, err.retryAfterS);
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'TOO_LARGE', 'the body is larger than this endpoint accepts');
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, 'BAD_REQUEST', String(e.message ?? 'bad request').slice(0, 300));
    if (databaseUnavailable(e.code)) {
      req.log.warn({ err }, 'central: database unavailable');
      return sendError(reply, 'UNAVAILABLE', 'the database is unavailable; try again', 5);
    }
    req.log.error({ err }, 'central: unexpected error');
    return sendError(reply, 'INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));

  // -------------------------------------------------------------------------------------------
  // Enrollment

  app.post('/v1/enroll', async (req, reply) => {
    const body = jsonBody(req, enrollRequest);
    const at = now().toISOString();
    const answer = await sql.tx(async (q): Promise<EnrollResponse> => {
      const { rows } = await q.query<{ office_id: string; code: string; name: string }>(
        `SELECT e.office_id, o.code, o.name FROM enrollment_code e JOIN office o ON o.id = e.office_id
         WHERE e.code_sha256 = $1 AND e.used_at IS NULL AND e.expires_at > $2 FOR UPDATE OF e`,
        [enrollmentCodeHash(body.code), at],
      );
      const office = rows[0];
      if (!office) throw new SyncError('ENROLLMENT_CODE_INVALID', 'the enrollment code is unknown, used or expired');
      const taken = await q.query('SELECT 1 FROM device WHERE public_key = $1', [body.publicKey]);
      if (taken.rows.length > 0) throw new SyncError('BAD_REQUEST', 'this public key is already enrolled');
      // ON CONFLICT: the same key enrolling twice at once with two codes finds nothing inserted
      const { rows: created } = await q.query<{ id: string }>(
        `INSERT INTO device (office_id, id, public_key, name, software_version, enrolled_at)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
        [office.office_id, body.publicKey, body.deviceName, body.softwareVersion, at],
      );
      if (!created[0]) throw new SyncError('BAD_REQUEST', 'this public key is already enrolled');
      const deviceId = created[0].id;
      await q.query('UPDATE enrollment_code SET used_at = $2, device_id = $3 WHERE code_sha256 = $1', [enrollmentCodeHash(body.code), at, deviceId]);
      return { officeId: office.office_id, officeCode: office.code, officeName: office.name, deviceId, serverPublicKey: serverKey.publicKeyText, enrolledAt: at };
    });
    return reply.code(201).send(answer);
  });

  // -------------------------------------------------------------------------------------------
  // Blobs

  app.head('/v1/blobs/:sha256', async (req, reply) => {
    const { officeId } = deviceOf(req);
    const digest = param(req, 'sha256', sha256Hex);
    const { rows } = await sql.query<{ bytes: number }>('SELECT bytes FROM blob WHERE office_id = $1 AND sha256 = $2', [officeId, digest]);
    if (rows.length === 0) return reply.code(404).send();
    return reply.code(200).send();
  });

  app.post('/v1/blobs/missing', async (req) => {
    const { officeId } = deviceOf(req);
    const { sha256 } = jsonBody(req, blobCheckRequest);
    const { rows } = await sql.query<{ sha256: string }>('SELECT sha256 FROM blob WHERE office_id = $1 AND sha256 = ANY($2::text[])', [officeId, sha256]);
    const have = new Set(rows.map((r) => r.sha256));
    return { missing: [...new Set(sha256)].filter((d) => !have.has(d)) };
  });

  app.put('/v1/blobs/:sha256', { bodyLimit: limits.blobBytes }, async (req, reply) => {
    const { officeId } = deviceOf(req);
    const digest = param(req, 'sha256', sha256Hex);
    if (contentType(req) !== 'application/octet-stream') throw new SyncError('BAD_REQUEST', 'a page is sent as application/octet-stream');
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (sha256hex(data) !== digest) throw new SyncError('DIGEST_MISMATCH', `the bytes received hash to ${sha256hex(data)}, not ${digest}`);
    const { rows } = await sql.query(
      'INSERT INTO blob (office_id, sha256, bytes, data, stored_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING sha256',
      [officeId, digest, data.length, data, now().toISOString()],
    );
    const created = rows.length === 1;
    return reply.code(created ? 201 : 200).send({ sha256: digest, bytes: data.length, created });
  });

  // -------------------------------------------------------------------------------------------
  // Submissions

  app.put('/v1/submissions/:submissionId', async (req, reply) => {
    const device = deviceOf(req);
    const submissionId = param(req, 'submissionId', uuid).toLowerCase();
    const { manifest, signature } = jsonBody(req, submitRequest);
    if (manifest.officeId.toLowerCase() !== device.officeId || manifest.deviceId.toLowerCase() !== device.deviceId || manifest.submissionId.toLowerCase() !== submissionId) {
      throw new SyncError('MANIFEST_MISMATCH', 'the manifest names another office, device or submission than the request');
    }
    const manifestText = canonicalJson(manifest);
    if (!verifyUtf8(device.publicKey, manifestText, signature)) {
      throw new SyncError('MANIFEST_SIGNATURE_INVALID', "the manifest signature does not verify with this device's key");
    }
    const manifestSha256 = sha256hex(manifestText);
    const pages = manifest.documents.flatMap((d) => d.pages);
    const digests = [...new Set(pages.map((p) => p.sha256))];

    const answer = await sql.tx(async (q) => {
      const { rows: blobs } = await q.query<{ sha256: string; bytes: number }>(
        'SELECT sha256, bytes FROM blob WHERE office_id = $1 AND sha256 = ANY($2::text[])',
        [device.officeId, digests],
      );
      const stored = new Map(blobs.map((b) => [b.sha256, Number(b.bytes)]));
      const missing = [...new Set(pages.filter((p) => stored.get(p.sha256) !== p.bytes).map((p) => p.sha256))];
      if (missing.length > 0) {
        const listed = missing.slice(0, 12).join(', ') + (missing.length > 12 ? ` and ${missing.length - 12} more` : '');
        throw new SyncError('BLOB_MISSING', `pages missing or of another size: ${listed}`);
      }
      if (manifest.supplementOf) {
        return storeSupplement(q, {
          officeId: device.officeId,
          deviceId: device.deviceId,
          supplementId: submissionId,
          supplementOf: manifest.supplementOf,
          manifest,
          manifestText,
          manifestSha256,
          pages: pages.length,
          receivedAt: now().toISOString(),
          serverKey: serverKey.privateKey,
        }).catch((err: unknown) => {
          if (err instanceof SupplementRefused) throw new SyncError(err.code, err.message);
          throw err;
        });
      }
      for (let attempt = 0; attempt < 8; attempt++) {
        const receipt: ReceiptBody = {
          v: PROTOCOL_VERSION,
          officeId: device.officeId,
          submissionId,
          trackingCode: newTrackingCode(),
          manifestSha256,
          pages: pages.length,
          receivedAt: now().toISOString(),
        };
        const receiptSignature = signUtf8(serverKey.privateKey, canonicalJson(receipt));
        // no conflict target: a clash on the submission (a replay) and on the tracking code
        // (a fresh draw) both come back as «nothing inserted»; the SELECT tells them apart
        const inserted = await q.query(
          `INSERT INTO submission (office_id, submission_id, device_id, manifest, manifest_sha256, tracking_code, pages, deadline, received_at, receipt, receipt_signature)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING submission_id`,
          [device.officeId, submissionId, device.deviceId, manifestText, manifestSha256, receipt.trackingCode, receipt.pages, manifest.deadline, receipt.receivedAt, canonicalJson(receipt), receiptSignature],
        );
        if (inserted.rows.length === 1) return { receipt, signature: receiptSignature, created: true };
        const { rows } = await q.query<{ manifest_sha256: string; receipt: ReceiptBody; receipt_signature: string }>(
          'SELECT manifest_sha256, receipt, receipt_signature FROM submission WHERE office_id = $1 AND submission_id = $2',
          [device.officeId, submissionId],
        );
        const existing = rows[0];
        if (existing) {
          if (existing.manifest_sha256 !== manifestSha256) throw new SyncError('SUBMISSION_CONFLICT', 'this submission id is on record with another manifest');
          return { receipt: existing.receipt, signature: existing.receipt_signature, created: false };
        }
      }
      throw new Error('no free tracking code after 8 draws');
    });
    await hooks.afterSubmitCommit?.(submissionId, answer.created);
    return sendReceipt(reply, answer.receipt, answer.signature, answer.created);
  });

  app.get('/v1/submissions/:submissionId', async (req, reply) => {
    const { officeId } = deviceOf(req);
    const submissionId = param(req, 'submissionId', uuid);
    const { rows } = await sql.query<{ receipt: ReceiptBody; receipt_signature: string }>(
      'SELECT receipt, receipt_signature FROM submission WHERE office_id = $1 AND submission_id = $2',
      [officeId, submissionId],
    );
    const found = rows[0] ?? (await supplementReceipt(sql, officeId, submissionId));
    if (!found) throw new SyncError('NOT_FOUND', 'no such submission');
    return sendReceipt(reply, found.receipt, found.receipt_signature, false);
  });

  // -------------------------------------------------------------------------------------------
  // Pull

  const statusQuery = z.object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
  app.get('/v1/status', async (req) => {
    const { officeId } = deviceOf(req);
    const { after, limit } = queryOf(req, statusQuery);
    const { rows } = await sql.query<{ seq: string | number; submission_id: string; status: 'accepted' | 'returned'; reason: string | null; at: Date | string }>(
      'SELECT seq, submission_id, status, reason, at FROM status_update WHERE office_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [officeId, after, limit],
    );
    const updates = rows.map((r) => ({ seq: Number(r.seq), submissionId: r.submission_id, status: r.status, reason: r.reason, at: new Date(r.at).toISOString() }));
    return { updates, next: updates.length > 0 ? updates[updates.length - 1]!.seq : after };
  });

  const tariffQuery = z.object({ after: z.coerce.number().int().min(0).max(2_000_000_000).default(0) }).strict();
  app.get('/v1/tariffs', async (req) => {
    deviceOf(req);
    const { after } = queryOf(req, tariffQuery);
    const { rows } = await sql.query<{ version: number; body: unknown; published_at: Date | string; signature: string }>(
      'SELECT version, body, published_at, signature FROM tariff WHERE version > $1 ORDER BY version LIMIT 100',
      [after],
    );
    return { tables: rows.map((r) => ({ version: Number(r.version), table: r.body, publishedAt: new Date(r.published_at).toISOString(), signature: r.signature })) };
  });

  // -------------------------------------------------------------------------------------------
  // Statistics (ماده ۳۵ ب): the office's requests by cursor, and its package for one of them

  const statisticsQuery = z.object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0) }).strict();
  app.get('/v1/statistics/requests', async (req) => {
    const { officeId } = deviceOf(req);
    const { after } = queryOf(req, statisticsQuery);
    return { requests: await statisticsRequestsAfter(sql, officeId, after) };
  });

  app.put('/v1/statistics/:requestId', { bodyLimit: STATISTICS_MAX_BYTES }, async (req, reply) => {
    const { officeId } = deviceOf(req);
    const requestId = param(req, 'requestId', uuid).toLowerCase();
    const body = jsonBody(req, statisticsPut);
    const stored = await sql
      .tx((q) => storeStatistics(q, officeId, requestId, body.package, now()))
      .catch((err: unknown) => {
        if (err instanceof StatisticsRefused) throw new SyncError(err.code, err.message);
        throw err;
      });
    return reply.code(stored.created ? 201 : 200).send({ requestId, ...stored });
  });

  // -------------------------------------------------------------------------------------------
  // Inquiries (ماده ۳۸ ج): answered at once from the registries, logged in the same transaction

  app.post('/v1/inquiries', async (req, reply) => {
    const device = deviceOf(req);
    const inquiry = jsonBody(req, inquiryRequest);
    const { response } = await sql
      .tx((q) => answerInquiry(q, device, inquiry, now()))
      .catch((err: unknown) => {
        if (err instanceof InquiryConflictError) throw new SyncError('INQUIRY_CONFLICT', err.message);
        throw err;
      });
    return reply.code(200).type('application/json; charset=utf-8').send(inquiryResponseText(response));
  });

  // -------------------------------------------------------------------------------------------
  // Anonymous complaints (ماده ۲۰): the key to seal them with, and the intake (central/complaints.ts)

  app.get('/v1/complaint-key', async (req) => {
    deviceOf(req);
    return (await sql.tx((q) => loadComplaintKey(q, serverKey, now()))).published;
  });

  app.put('/v1/complaints/:complaintId', async (req, reply) => {
    const { officeId } = deviceOf(req);
    const id = param(req, 'complaintId', complaintId);
    const sealed = jsonBody(req, sealedComplaint);
    const stored = await receiveComplaint(sql, officeId, id, sealed, now());
    if (!stored) throw new SyncError('COMPLAINT_CONFLICT', 'this complaint id holds other sealed bytes, or names a key this central never published');
    return reply.code(stored.created ? 201 : 200).send({ complaintId: id, received: true });
  });

  // -------------------------------------------------------------------------------------------
  // Public

  app.get('/v1/health', async (_req, reply) => {
    try {
      await sql.query('SELECT 1');
    } catch {
      throw new SyncError('UNAVAILABLE', 'the database does not answer', 5);
    }
    return reply.send({ ok: true, time: now().toISOString() });
  });

  const openapi = openApiDocument();
  app.get('/v1/openapi.json', async () => openapi);

  return app;
}

// ---------------------------------------------------------------------------------------------

function sendError(reply: FastifyReply, code: SyncErrorCode, message: string, retryAfterS?: number): FastifyReply {
  if (retryAfterS !== undefined) reply.header('retry-after', String(retryAfterS));
  return reply.code(syncErrorCodes[code]).send({ error: { code, message: message.slice(0, 1000) } });
}

/**
 * A database that cannot answer now but will (connection lost or refused, too many connections,
 * shutting down, a deadlock or serialization failure): 503 with Retry-After, not 500.
 */
function databaseUnavailable(code: string | undefined): boolean {
  if (!code) return false;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '40001', '40P01'].includes(code) || /^(08|53|57P)/.test(code);
}

/** Keys in code-point order, the same bytes on the first answer and every replay. */
function sendReceipt(reply: FastifyReply, receipt: ReceiptBody, signature: string, created: boolean): FastifyReply {
  const r: ReceiptBody = { v: receipt.v, officeId: receipt.officeId, submissionId: receipt.submissionId, trackingCode: receipt.trackingCode, manifestSha256: receipt.manifestSha256, pages: receipt.pages, receivedAt: receipt.receivedAt };
  return reply
    .code(created ? 201 : 200)
    .type('application/json; charset=utf-8')
    .send(`{"created":${created},"receipt":${canonicalJson(r)},"signature":${JSON.stringify(signature)}}`);
}

/** 16 digits, the first never 0 (randomInt's range is below 2^48, hence the pieces). */
export function newTrackingCode(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 100_000)).padStart(5, '0')}${String(randomInt(0, 100_000)).padStart(5, '0')}${String(randomInt(0, 100_000)).padStart(5, '0')}`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

function contentType(req: FastifyRequest): string {
  return (single(req.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
}

function param<T>(req: FastifyRequest, name: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse((req.params as Record<string, unknown>)[name]);
  if (!result.success) throw new SyncError('BAD_REQUEST', `invalid ${name} in the path`);
  return result.data;
}

function queryOf<T>(req: FastifyRequest, schema: z.ZodType<T>): T {
  const result = schema.safeParse(req.query ?? {});
  if (!result.success) throw new SyncError('BAD_REQUEST', `invalid query: ${describe(result.error)}`);
  return result.data;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as JSON of the schema, or 400: never parsed before the signature was checked. */
function jsonBody<T>(req: FastifyRequest, schema: z.ZodType<T>): T {
  if (contentType(req) !== 'application/json') throw new SyncError('BAD_REQUEST', 'the body must be application/json');
  if (!Buffer.isBuffer(req.body)) throw new SyncError('BAD_REQUEST', 'the body is empty');
  let value: unknown;
  try {
    const text = utf8.decode(req.body);
    if (jsonDepth(text) > MAX_JSON_DEPTH) throw new SyncError('BAD_REQUEST', `JSON nested deeper than ${MAX_JSON_DEPTH}`);
    value = JSON.parse(text);
  } catch (err) {
    if (err instanceof SyncError) throw err;
    throw new SyncError('BAD_REQUEST', 'the body is not JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new SyncError('BAD_REQUEST', `the body does not match the protocol: ${describe(result.error)}`);
  return result.data;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Deepest bracket nesting outside strings; stops counting once past the limit. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
