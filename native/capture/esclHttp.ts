/**
 * One HTTP exchange with a scanner over node:http: a bound on time, a cap on the answer's size, the
 * AbortSignal, and a failure that says what went wrong (refused, timeout, reset, too large, aborted)
 * so the driver can tell "not there" from "gone mid-batch". One connection per request
 * (`agent: false`): scanners keep few sockets and drop idle ones.
 */
import http from 'node:http';
import https from 'node:https';

export type HttpFailureKind = 'refused' | 'timeout' | 'reset' | 'tooLarge' | 'aborted';

export class HttpFailure extends Error {
  readonly kind: HttpFailureKind;
  constructor(kind: HttpFailureKind, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HttpFailure';
    this.kind = kind;
  }
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpExchange {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly body?: string;
  readonly contentType?: string;
  /** extra request headers (the Dynamic Web TWAIN Service takes its licence key in one) */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /**
   * https without checking the certificate. Only for a service on this PC's loopback address whose
   * certificate is its vendor's own (the Dynamic Web TWAIN Service on 127.0.0.1:18623); refused for
   * any other host.
   */
  readonly loopbackTls?: boolean;
  readonly signal?: AbortSignal;
}

const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

export function exchange(ex: HttpExchange): Promise<HttpAnswer> {
  const secure = ex.url.protocol === 'https:' && ex.loopbackTls === true;
  if (ex.url.protocol !== 'http:' && !secure) return Promise.reject(new TypeError(`only http: is supported, not ${ex.url.protocol}`));
  if (secure && !isLoopback(ex.url.hostname)) return Promise.reject(new TypeError(`unchecked https only on the loopback address, not ${ex.url.hostname}`));
  const payload = ex.body === undefined ? undefined : Buffer.from(ex.body, 'utf8');
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const settle = (result: { answer: HttpAnswer } | { error: HttpFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ex.signal?.removeEventListener('abort', onAbort);
      if ('answer' in result) resolve(result.answer);
      else {
        req.destroy();
        reject(result.error);
      }
    };
    const where = `${ex.method} ${ex.url.pathname}`;
    const fail = (kind: HttpFailureKind, message: string, cause?: unknown) =>
      settle({ error: new HttpFailure(kind, `${where}: ${message}`, cause) });
    const onAbort = () => fail('aborted', 'aborted');

    const headers: http.OutgoingHttpHeaders = { accept: '*/*', ...ex.headers };
    if (payload) {
      headers['content-type'] = ex.contentType ?? 'text/xml';
      headers['content-length'] = payload.length;
    }
    const req = secure
      ? https.request(ex.url, { method: ex.method, agent: false, headers, rejectUnauthorized: false })
      : http.request(ex.url, { method: ex.method, agent: false, headers });
    const timer = setTimeout(() => fail('timeout', `no complete answer within ${ex.timeoutMs} ms`), ex.timeoutMs);
    if (ex.signal?.aborted) {
      queueMicrotask(onAbort);
    } else ex.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (err: NodeJS.ErrnoException) => {
      fail(err.code && REFUSED.has(err.code) ? 'refused' : 'reset', err.message, err);
    });
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > ex.maxBytes) {
        fail('tooLarge', `answer of ${declared} bytes is over ${ex.maxBytes}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > ex.maxBytes) fail('tooLarge', `answer longer than ${ex.maxBytes} bytes`);
        else chunks.push(chunk);
      });
      res.on('end', () => settle({ answer: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } }));
      res.on('error', (err) => fail('reset', err.message, err));
      res.on('close', () => {
        if (!res.complete) fail('reset', 'connection closed in the middle of the answer');
      });
    });
    req.end(payload);
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
