/**
 * One JSON POST to a terminal's local HTTP service, reporting how far it got when it fails.
 *
 * Why not fetch: whether a sale may have charged the card depends on exactly that — a request that
 * never left (refused, no connection) charged nothing; one that was handed over in full and got no
 * answer may have. fetch reports both as the same abort. node:http shows the steps: the socket
 * connects, the request is flushed (`finish`), the answer arrives. One fresh connection per call
 * (`agent: false`): a kept-alive socket the service has already closed would fail after "sending"
 * and look like an in-doubt sale.
 */
import http from 'node:http';

/** How far a failed request got: `connect` and `send` mean the service cannot have acted on it. */
export type PostStage = 'connect' | 'send' | 'answer';

export class DevicePostError extends Error {
  readonly stage: PostStage;
  /** `timeout`: a bound ran out; `failed`: the connection failed or was closed; `tooLarge`: the answer exceeded the limit */
  readonly kind: 'timeout' | 'failed' | 'tooLarge';

  constructor(stage: PostStage, kind: DevicePostError['kind'], message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DevicePostError';
    this.stage = stage;
    this.kind = kind;
  }
}

export interface DevicePostOptions {
  /** bound on the whole call, connecting included */
  timeoutMs: number;
  /** bound on connecting alone (a switched-off PC may drop the SYN instead of refusing) */
  connectTimeoutMs: number;
  /** answers longer than this are refused (default 64 KiB; a terminal's answer is a few hundred bytes) */
  maxAnswerBytes?: number;
}

export interface DeviceAnswer {
  status: number;
  text: string;
}

const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024;

export function postJson(url: URL, body: unknown, options: DevicePostOptions): Promise<DeviceAnswer> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const maxBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  if (url.protocol !== 'http:') throw new TypeError(`only http: is supported, not ${url.protocol}`);

  return new Promise<DeviceAnswer>((resolve, reject) => {
    let stage: PostStage = 'connect';
    let settled = false;

    const settle = (result: { answer: DeviceAnswer } | { error: DevicePostError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(connecting);
      if ('answer' in result) resolve(result.answer);
      else {
        req.destroy();
        reject(result.error);
      }
    };
    const fail = (kind: DevicePostError['kind'], message: string, cause?: unknown) =>
      settle({ error: new DevicePostError(stage, kind, `${url.origin}${url.pathname}: ${message} (${stage})`, cause) });

    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': payload.length,
        accept: 'application/json',
      },
    });

    const overall = setTimeout(() => fail('timeout', `no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    const connecting = setTimeout(
      () => fail('timeout', `no connection within ${options.connectTimeoutMs} ms`),
      Math.min(options.connectTimeoutMs, options.timeoutMs),
    );

    const onConnected = () => {
      clearTimeout(connecting);
      if (stage === 'connect') stage = 'send';
    };
    req.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', onConnected);
      else onConnected();
    });
    // `finish`: every byte of the request has been handed to the operating system (which implies a
    // connection: a connecting socket holds writes back). From here on the service may act on it.
    req.on('finish', () => {
      stage = 'answer';
    });
    req.on('error', (err) => fail('failed', err.message, err));
    req.on('response', (res) => {
      stage = 'answer';
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail('tooLarge', `answer longer than ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      res.on('end', () => settle({ answer: { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') } }));
      res.on('error', (err) => fail('failed', err.message, err));
      res.on('close', () => {
        if (!res.complete) fail('failed', 'connection closed in the middle of the answer');
      });
    });
    req.end(payload);
  });
}
