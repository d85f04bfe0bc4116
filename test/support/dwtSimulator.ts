/**
 * A stand-in for the Dynamic Web TWAIN Service's RESTful API on 127.0.0.1, speaking its wire format
 * as Dynamsoft's reference documents it (native/capture/dwt.ts names the sources): the scanner list,
 * scan jobs with the licence in the DWT-PRODUCT-KEY header, next-page (200 image / 204 done / 410
 * deleted), the job status, DELETE, and the `Error` body `{ code, message, statusCode }`.
 *
 * Faults are scripted per simulator: a feeder with N sheets, a jam after some pages (the job turns
 * `faulted` with -1020 and next-page answers 204, or next-page itself answers the error), a scanner
 * held by another program (423, -1004), keys that are valid / expired / anything else invalid.
 * Everything it was asked is recorded so tests can check that every job was deleted.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface DwtSimScanner {
  readonly name: string;
  /** DWT ScannerType: 0x10 TWAIN, 0x20 WIA, 0x40 TWAIN x64 */
  readonly type: number;
}

export interface DwtSimulatorOptions {
  readonly scanners?: readonly DwtSimScanner[];
  /** the sheets each job delivers (the feeder's stack, or the one flatbed page), as PNG or JPEG */
  readonly pages?: readonly { data: Buffer; mime: 'image/png' | 'image/jpeg' }[];
  readonly validKeys?: readonly string[];
  readonly expiredKeys?: readonly string[];
  /** after this many pages the feeder jams */
  readonly jamAfter?: number;
  /** how the jam is told: the job's status (`status`, default) or an Error answer to next-page (`answer`) */
  readonly jamReportedBy?: 'status' | 'answer';
  /** another program holds the scanner: POST jobs answers 423 */
  readonly busy?: boolean;
  /** each page takes this long to "scan" (ms) */
  readonly pageDelayMs?: number;
  /** serve https with this key and certificate (as the service does on 18623) */
  readonly tls?: { key: string; cert: string };
}

export interface DwtSimRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

interface Job {
  readonly id: string;
  readonly config: Record<string, unknown>;
  delivered: number;
  status: 'running' | 'completed' | 'faulted' | 'canceled';
  code: number;
  message: string;
  deleted: boolean;
}

export interface DwtSimulator {
  /** the REST root, e.g. http://127.0.0.1:40123/api */
  readonly url: string;
  readonly requests: DwtSimRequest[];
  /** job ids created, and those deleted */
  readonly created: string[];
  readonly deleted: string[];
  /** the parsed body of every POST jobs */
  readonly jobBodies: Record<string, unknown>[];
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
const error = (res: http.ServerResponse, status: number, code: number, message: string) => json(res, status, { code, message, statusCode: status });

/** The `device` string DWT returns: JSON with base64 names (shape as in the reference's example). */
function deviceString(s: DwtSimScanner): string {
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  return JSON.stringify({ deviceInfo: { Manufacturer: b64('Sim'), ProductName: b64(s.name), ProtocolMajor: 2, ProtocolMinor: 1 }, deviceType: s.type, name: b64(s.name) });
}

export async function startDwtSimulator(options: DwtSimulatorOptions = {}): Promise<DwtSimulator> {
  const scanners = options.scanners ?? [{ name: 'Canon DR-C225 TWAIN', type: 0x10 }];
  const pages = options.pages ?? [];
  const jobs = new Map<string, Job>();
  const requests: DwtSimRequest[] = [];
  const created: string[] = [];
  const deleted: string[] = [];
  const jobBodies: Record<string, unknown>[] = [];

  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body });
      void handle(req.method ?? '', url, req.headers, body, res);
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);

  async function handle(method: string, url: URL, headers: http.IncomingHttpHeaders, body: string, res: http.ServerResponse): Promise<void> {
    const p = url.pathname;
    if (p === '/api/server/version' && method === 'GET') return json(res, 200, { version: '19.1.0', compatible: true });
    if (p === '/api/device/scanners' && method === 'GET') {
      const type = Number(url.searchParams.get('type') ?? 0x10 | 0x20 | 0x40 | 0x80 | 0x100);
      return json(
        res,
        200,
        scanners.filter((s) => (s.type & type) !== 0).map((s) => ({ name: s.name, type: s.type, device: deviceString(s) })),
      );
    }
    if (p === '/api/device/scanners/jobs' && method === 'POST') {
      const key = String(headers['dwt-product-key'] ?? '');
      if (options.expiredKeys?.includes(key)) return error(res, 403, -2326, 'The Dynamic Web TWAIN license expired.');
      if (!(options.validKeys ?? []).includes(key)) return error(res, 403, -2800, 'The current product key is empty or invalid. Please contact the site administrator.');
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return error(res, 400, -2113, 'The parameter is not valid.');
      }
      const known = scanners.some((s) => deviceString(s) === parsed.device);
      if (!known) return error(res, 400, -1003, 'Source Manager unable to find the specified Source');
      if (options.busy) return error(res, 423, -1004, 'Source is connected to maximum supported number of applications.');
      jobBodies.push(parsed);
      const id = randomUUID().toUpperCase();
      jobs.set(id, { id, config: (parsed.config ?? {}) as Record<string, unknown>, delivered: 0, status: 'running', code: 0, message: 'Successful', deleted: false });
      created.push(id);
      return json(res, 201, { jobuid: id, status: 'running', scanner: { name: scanners[0]!.name, type: scanners[0]!.type, device: parsed.device } });
    }
    const m = /^\/api\/device\/scanners\/jobs\/([^/]+)(\/next-page)?$/.exec(p);
    if (!m) return error(res, 405, -2112, 'This endpoint is not supported.');
    const job = jobs.get(decodeURIComponent(m[1]!));
    if (!job) return error(res, 404, -1034, 'The provided job UID is invalid.');
    if (method === 'DELETE') {
      if (job.deleted) return error(res, 410, -1034, 'Job already deleted.');
      job.deleted = true;
      if (job.status === 'running') job.status = 'canceled';
      deleted.push(job.id);
      res.writeHead(204).end();
      return;
    }
    if (job.deleted) return error(res, 410, -1034, 'Job was deleted.');
    if (!m[2] && method === 'GET') return json(res, 200, { status: job.status, code: job.code, message: job.message });
    if (m[2] && method === 'GET') {
      if (job.status !== 'running') return void res.writeHead(204).end();
      if (options.pageDelayMs) await new Promise((r) => setTimeout(r, options.pageDelayMs));
      if (job.deleted) return error(res, 410, -1034, 'Job was deleted.');
      const feeder = job.config.IfFeederEnabled === true;
      const limit = feeder ? pages.length : Math.min(1, pages.length);
      if (options.jamAfter !== undefined && job.delivered >= options.jamAfter) {
        job.status = 'faulted';
        job.code = -1020;
        job.message = 'The feeder is jammed';
        if (options.jamReportedBy === 'answer') return error(res, 500, -1020, 'The feeder is jammed');
        return void res.writeHead(204).end();
      }
      if (job.delivered >= limit) {
        job.status = 'completed';
        return void res.writeHead(204).end();
      }
      const page = pages[job.delivered]!;
      job.delivered++;
      res.writeHead(200, { 'content-type': page.mime, 'content-length': page.data.length });
      res.end(page.data);
      return;
    }
    return error(res, 405, -2112, 'This endpoint only supports GET, PATCH, DELETE.');
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/api`,
    requests,
    created,
    deleted,
    jobBodies,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
