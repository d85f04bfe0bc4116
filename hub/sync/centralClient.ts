/**
 * The hub's HTTP client for the central system (core/sync/protocol.ts): every call but enrollment is
 * signed with the device's Ed25519 key; every answer is validated before anything is believed.
 *
 * Failures come out as one error type the outbox can sort (`CentralError.disposition`): the network
 * (refused, reset, timed out, garbage answer) is always `retry`; an HTTP error is sorted by
 * `dispositionOf`, with `Retry-After` read when present.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import * as p from '../../core/sync/protocol';
import { sha256Hex } from '../capture/pageStore';

export { sha256Hex };

export class CentralError extends Error {
  override readonly name = 'CentralError';
  constructor(
    /** a protocol error code, or NETWORK / TIMEOUT / BAD_RESPONSE for trouble below HTTP */
    readonly code: string,
    message: string,
    readonly status: number | null,
    readonly disposition: p.Disposition,
    /** from a `Retry-After` header, ms from now */
    readonly retryAfterMs: number | null = null,
    /** the central's clock, when it answered at all */
    readonly serverTime: string | null = null,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  baseUrl: string;
  deviceId: string;
  privateKey: KeyObject;
  /** time allowed for a small call (ms); a blob upload gets this plus time for its bytes */
  timeoutMs?: number;
  /** the slowest link an upload is given time for (bytes/s) before it counts as hung */
  minBytesPerS?: number;
  now?: () => Date;
  /** aborts every call in flight (the hub closing) */
  signal?: AbortSignal;
}

const b64u = (b: Buffer) => b.toString('base64url');

/** An Ed25519 public key as the protocol carries it (its 32 raw bytes, base64url). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

export function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

export function privateKeyFromDer(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export function signText(key: KeyObject, text: string): string {
  return b64u(sign(null, Buffer.from(text, 'utf8'), key));
}

export function verifyText(publicKey: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function retryAfterMs(value: string | null, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value.trim()), 24 * 3600) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

interface Answer {
  status: number;
  body: Buffer;
  headers: Headers;
}

async function exchange(url: string, init: RequestInit, timeoutMs: number, now: () => Date, cancel?: AbortSignal): Promise<Answer> {
  let res: Response;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    res = await fetch(url, { ...init, signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new CentralError('TIMEOUT', `no answer within ${timeoutMs} ms`, null, 'retry');
    throw new CentralError('NETWORK', e.cause?.code ?? String(err), null, 'retry');
  }
  let body: Buffer;
  try {
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'TIMEOUT' : 'NETWORK';
    throw new CentralError(code, `the answer was cut off: ${e.cause?.code ?? String(err)}`, res.status, 'retry');
  }
  if (res.status >= 400) {
    let code: string | null = null;
    let message = `HTTP ${res.status}`;
    try {
      const parsed = p.syncErrorBody.safeParse(JSON.parse(body.toString('utf8')));
      if (parsed.success) ({ code, message } = parsed.data.error);
    } catch {
      // not JSON: a proxy's error page; the status decides
    }
    throw new CentralError(
      code ?? `HTTP_${res.status}`,
      message,
      res.status,
      p.dispositionOf(res.status, code),
      retryAfterMs(res.headers.get('retry-after'), now()),
      res.headers.get(p.headers.serverTime),
    );
  }
  return { status: res.status, body, headers: res.headers };
}

function parseAnswer<T extends z.ZodType>(schema: T, a: Answer): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(a.body.toString('utf8'));
  } catch {
    throw new CentralError('BAD_RESPONSE', 'the central answered with something that is not JSON', a.status, 'retry');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CentralError('BAD_RESPONSE', 'the central answered outside the protocol', a.status, 'retry');
  return parsed.data;
}

function baseOf(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Enrollment: the one call a device makes before it has an identity (not signed). */
export async function enroll(baseUrl: string, body: p.EnrollRequest, timeoutMs = 15_000, now: () => Date = () => new Date()): Promise<p.EnrollResponse> {
  const a = await exchange(
    `${baseOf(baseUrl)}/v1/enroll`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    timeoutMs,
    now,
  );
  return parseAnswer(p.enrollResponse, a);
}

export class CentralClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly minBytesPerS: number;
  private readonly now: () => Date;

  constructor(private readonly options: ClientOptions) {
    this.base = baseOf(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.minBytesPerS = options.minBytesPerS ?? 32 * 1024;
    this.now = options.now ?? (() => new Date());
  }

  private async call(method: string, pathAndQuery: string, body: Buffer | null, contentType: string | null, timeoutMs = this.timeoutMs): Promise<Answer> {
    const time = this.now().toISOString();
    const bytes = body ?? Buffer.alloc(0);
    const signature = signText(this.options.privateKey, p.requestSigningInput(method, pathAndQuery, time, sha256Hex(bytes)));
    const headers: Record<string, string> = { [p.headers.device]: this.options.deviceId, [p.headers.time]: time, [p.headers.signature]: signature };
    if (contentType) headers['content-type'] = contentType;
    const init: RequestInit = { method, headers };
    if (body) init.body = body as unknown as NonNullable<RequestInit['body']>;
    return exchange(`${this.base}${pathAndQuery}`, init, timeoutMs, this.now, this.options.signal);
  }

  private json(method: string, path: string, value: unknown): Promise<Answer> {
    return this.call(method, path, Buffer.from(JSON.stringify(value), 'utf8'), 'application/json');
  }

  /** Is the central there at all (unsigned, cheap): the watchdog's probe while offline. */
  async health(): Promise<void> {
    await exchange(`${this.base}/v1/health`, { method: 'GET' }, Math.min(this.timeoutMs, 10_000), this.now, this.options.signal);
  }

  /** Which of these pages the central lacks. */
  async missing(sha256: string[]): Promise<string[]> {
    return parseAnswer(p.blobCheckResponse, await this.json('POST', '/v1/blobs/missing', { sha256 })).missing;
  }

  async putBlob(sha256: string, data: Buffer): Promise<p.BlobPutResponse> {
    const timeout = this.timeoutMs + Math.ceil((data.length / this.minBytesPerS) * 1000);
    return parseAnswer(p.blobPutResponse, await this.call('PUT', `/v1/blobs/${sha256}`, data, 'application/octet-stream', timeout));
  }

  /** An inquiry to the judiciary's registries, answered at once (idempotent by its id). */
  async inquire(body: p.InquiryRequest): Promise<p.InquiryResponse> {
    return parseAnswer(p.inquiryResponse, await this.json('POST', '/v1/inquiries', body));
  }

  /** Sends the signed manifest; the raw JSON bytes are ours, so what was signed is what is sent. */
  async submit(submissionId: string, manifestJson: string, signature: string): Promise<p.SubmitResponse> {
    const body = Buffer.from(`{"manifest":${manifestJson},"signature":${JSON.stringify(signature)}}`, 'utf8');
    return parseAnswer(p.submitResponse, await this.call('PUT', `/v1/submissions/${submissionId}`, body, 'application/json'));
  }

  async status(after: number, limit = 500): Promise<z.output<typeof p.statusResponse>> {
    return parseAnswer(p.statusResponse, await this.call('GET', `/v1/status?after=${after}&limit=${limit}`, null, null));
  }

  /** The key the Center publishes for sealing complaints (its signature is checked by the caller). */
  async complaintKey(): Promise<p.ComplaintKey> {
    return parseAnswer(p.complaintKey, await this.call('GET', '/v1/complaint-key', null, null));
  }

  /** Delivers a sealed complaint (idempotent by its random id). */
  async putComplaint(id: string, sealedJson: string): Promise<z.output<typeof p.complaintPutResponse>> {
    return parseAnswer(p.complaintPutResponse, await this.call('PUT', `/v1/complaints/${id}`, Buffer.from(sealedJson, 'utf8'), 'application/json'));
  }

  async tariffs(after: number): Promise<z.output<typeof p.tariffsResponse>> {
    return parseAnswer(p.tariffsResponse, await this.call('GET', `/v1/tariffs?after=${after}`, null, null));
  }

  /** The central's statistics requests to this office after the cursor (ماده ۳۵ ب). */
  async statisticsRequests(after: number): Promise<z.output<typeof p.statisticsRequestsResponse>> {
    return parseAnswer(p.statisticsRequestsResponse, await this.call('GET', `/v1/statistics/requests?after=${after}`, null, null));
  }

  /** The package for one request: the JSON text as stored when it was queued is what is sent. */
  async putStatistics(requestId: string, packageJson: string): Promise<p.StatisticsPutResponse> {
    const body = Buffer.from(`{"package":${packageJson}}`, 'utf8');
    return parseAnswer(p.statisticsPutResponse, await this.call('PUT', `/v1/statistics/${requestId}`, body, 'application/json'));
  }
}
