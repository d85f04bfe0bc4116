/**
 * TWAIN and WIA scanners on a Windows counter PC, through the Dynamic Web TWAIN Service's RESTful API
 * (Dynamsoft). The service runs on the same PC, owns the TWAIN/WIA driver, and hands pages over HTTP:
 *
 *   GET    {root}/device/scanners                       → [{ name, type, device }]   (no licence needed)
 *   POST   {root}/device/scanners/jobs                  → 201 { jobuid, status }     header DWT-PRODUCT-KEY
 *   GET    {root}/device/scanners/jobs/{jobuid}/next-page?type=image/jpeg|image/png
 *                                                       → 200 image, 204 no more pages, 410 job deleted
 *   GET    {root}/device/scanners/jobs/{jobuid}         → { status: pending|running|completed|faulted|canceled, code, message }
 *   DELETE {root}/device/scanners/jobs/{jobuid}         → 204 (cancels a running job, frees the scanner)
 *
 * Errors come as JSON `{ code, message, statusCode }` with a negative service code. Used here: 403 on
 * POST = licence refused (-2326 / -2808 expired, anything else invalid or empty), 423 = "Source is
 * connected to maximum supported number of applications" (-1004: another program holds the scanner),
 * -1020 feeder jammed, -1021 double feed, -1023 device offline, -1032 cancelled at the device,
 * -2007 service busy, -1003 source not found.
 *
 * Sources (read, not copied):
 * - Dynamsoft, "RESTful API" reference, https://www.dynamsoft.com/web-twain/docs/info/api/restful.html
 *   (repository dynamsoft-docs/web-twain-docs, `_articles/info/api/restful.md`): endpoints, status
 *   codes, the `Scanner`, `CreateScanJobOptions`, `ScannerJob`, `ScannerJobInfo` and `Error` shapes,
 *   the default roots http://127.0.0.1:18622/api and https://127.0.0.1:18623/api.
 * - The same repository's `_articles/info/api/appendix.md`: the service's error-code list.
 * - The `config` keys of a job (`PixelType` 0 bw / 1 grey / 2 RGB, `Resolution`, `IfFeederEnabled`,
 *   `IfDuplexEnabled`, `XferCount`, `IfShowUI`) are DWT's scan-setup names, as in the reference's example.
 *
 * What the reference leaves open, and how this driver reads it: a job that stops on a fault (jam,
 * device gone) ends its pages like a finished one (204) and says why in its status (`faulted` with the
 * service code), so after 204 the driver asks the job's status; a `next-page` that answers an
 * `Error` body instead is mapped by the same codes. A feeder job with no page at all is FEEDER_EMPTY.
 * This was checked against test/support/dwtSimulator.ts, not against a real service (it needs Windows
 * and a paid licence); the first office with one should confirm the fault path.
 *
 * Both roots are spoken: http (18622, the default) and https (18623) — the latter only on this PC's
 * loopback address and without checking the certificate, which is Dynamsoft's own and in no store
 * Node reads; on 127.0.0.1 no one else is on the path.
 * The device id is the scanner's `name` (what the clerk picks); its `device` string is looked up again
 * at each scan, so a setting survives the service renumbering its sources.
 */
import { z } from 'zod';
import { exchange, HttpFailure, type HttpAnswer } from './esclHttp';
import { ScannerError, type RawPage, type RawPageMime, type ScanSettings, type ScannerCapabilities, type ScannerDevice, type ScannerDriver, type ScannerErrorCode } from './types';

export const DWT_DEFAULT_SERVICE_URL = 'http://127.0.0.1:18622/api';
export const DWT_DEFAULT_SERVICE_HTTPS_URL = 'https://127.0.0.1:18623/api';

/** DWT's ScannerType bits: TWAIN 0x10, WIA 0x20, TWAIN x64 0x40 (what a Windows counter PC has). */
export const DWT_WINDOWS_SCANNER_TYPES = 0x10 | 0x20 | 0x40;

/** Upper bound on one page (an A3 colour page at 600 dpi as PNG is well under this). */
export const DWT_MAX_PAGE_BYTES = 64 * 1024 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;

export interface DwtDriverOptions {
  /** Dynamsoft's product key (an office setting); without it nothing can scan */
  readonly licenceKey?: string;
  /** the service's REST root (default DWT_DEFAULT_SERVICE_URL) */
  readonly serviceUrl?: string;
  /** bound on each request but the page wait (default 10 s) */
  readonly requestTimeoutMs?: number;
  /** bound on one `next-page`: it answers only once the page is scanned (default 120 s) */
  readonly pageTimeoutMs?: number;
  /** the ScannerType bits listed (default TWAIN, TWAIN x64 and WIA) */
  readonly scannerTypes?: number;
  readonly maxPageBytes?: number;
}

const scannerSchema = z.object({ name: z.string().min(1).max(500), type: z.number().int(), device: z.string().max(64 * 1024) });
const scannerListSchema = z.array(scannerSchema).max(500);
const jobSchema = z.object({ jobuid: z.string().regex(/^[A-Za-z0-9-]{1,100}$/), status: z.string().optional() });
const jobInfoSchema = z.object({ status: z.string(), code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() });
const errorSchema = z.object({ code: z.number().int(), message: z.string().optional(), statusCode: z.number().int().optional() });

/** Service error codes (appendix "Error List") and what they mean for the clerk. */
const SERVICE_CODES: ReadonlyMap<number, ScannerErrorCode> = new Map([
  [-1003, 'DEVICE_NOT_FOUND'], // Source Manager unable to find the specified Source
  [-1004, 'DEVICE_BUSY'], // Source is connected to maximum supported number of applications
  [-2007, 'DEVICE_BUSY'], // the system is busy
  [-1020, 'PAPER_JAM'], // the feeder is jammed
  [-1021, 'PAPER_JAM'], // the feeder detected multiple pages
  [-1023, 'DEVICE_GONE'], // the device went offline prior to or during this operation
  [-1032, 'CANCELLED'], // user cancelled the operation
  [-2325, 'LICENCE_INVALID'],
  [-2370, 'LICENCE_INVALID'],
  [-2396, 'LICENCE_INVALID'],
  [-2546, 'LICENCE_INVALID'],
  [-2800, 'LICENCE_INVALID'], // what POST jobs answers with 403 for an empty or invalid key
  [-2326, 'LICENCE_EXPIRED'],
  [-2808, 'LICENCE_EXPIRED'],
]);

const PIXEL_TYPE = { bw: 0, grey: 1, color: 2 } as const;

/**
 * The settings a TWAIN/WIA source takes through DWT. The device's own list needs a pending job, which
 * locks the scanner, so it is not asked; a setting the source lacks is left to its TWAIN driver.
 */
const DWT_CAPABILITIES: ScannerCapabilities = {
  sources: ['flatbed', 'adf', 'adfDuplex'],
  colorModes: ['color', 'grey', 'bw'],
  resolutions: [100, 150, 200, 300, 400, 600],
  maxWidthMm: 216,
  maxHeightMm: 356,
};

export class DwtDriver implements ScannerDriver {
  readonly kind = 'dwt' as const;
  readonly #root: string;
  readonly #o: DwtDriverOptions;

  constructor(options: DwtDriverOptions = {}) {
    this.#o = options;
    this.#root = (options.serviceUrl ?? DWT_DEFAULT_SERVICE_URL).replace(/\/+$/, '');
    const url = new URL(this.#root);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not an http(s) service address: ${this.#root}`);
  }

  #url(path: string): URL {
    return new URL(`${this.#root}/${path}`);
  }

  get #requestTimeoutMs(): number {
    return this.#o.requestTimeoutMs ?? 10_000;
  }

  /** One request; transport failures become ScannerErrors (`jobStarted`: a job exists, so a lost service is DEVICE_GONE, not DRIVER_MISSING). */
  async #call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    opts: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number; maxBytes?: number; signal?: AbortSignal | undefined; jobStarted?: boolean } = {},
  ): Promise<HttpAnswer> {
    try {
      return await exchange({
        method,
        url: this.#url(path),
        ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body), contentType: 'application/json' }),
        ...(opts.headers ? { headers: opts.headers } : {}),
        timeoutMs: opts.timeoutMs ?? this.#requestTimeoutMs,
        maxBytes: opts.maxBytes ?? MAX_JSON_BYTES,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(this.#root.startsWith('https:') ? { loopbackTls: true } : {}),
      });
    } catch (err) {
      if (err instanceof TypeError) throw new ScannerError('UNSUPPORTED', err.message, { cause: err });
      if (!(err instanceof HttpFailure)) throw err;
      switch (err.kind) {
        case 'aborted':
          throw new ScannerError('CANCELLED', 'cancelled', { cause: err });
        case 'timeout':
          throw new ScannerError('TIMEOUT', `the Dynamic Web TWAIN Service did not answer ${method} ${path} in time`, { cause: err });
        case 'tooLarge':
          throw new ScannerError('BAD_DATA', `the Dynamic Web TWAIN Service sent too much for ${method} ${path}`, { cause: err });
        case 'refused':
          throw new ScannerError(opts.jobStarted ? 'DEVICE_GONE' : 'DRIVER_MISSING', `the Dynamic Web TWAIN Service does not answer at ${this.#root}`, { cause: err });
        case 'reset':
          throw new ScannerError(opts.jobStarted ? 'DEVICE_GONE' : 'BAD_DATA', `the Dynamic Web TWAIN Service dropped ${method} ${path}`, { cause: err });
      }
    }
  }

  async listDevices(signal?: AbortSignal): Promise<ScannerDevice[]> {
    return (await this.#scanners(signal)).map((s) => ({ driver: 'dwt' as const, id: s.name, label: s.name }));
  }

  async #scanners(signal?: AbortSignal): Promise<z.infer<typeof scannerListSchema>> {
    const types = this.#o.scannerTypes ?? DWT_WINDOWS_SCANNER_TYPES;
    const answer = await this.#call('GET', `device/scanners?type=${types}`, { signal });
    if (answer.status === 404) throw new ScannerError('DRIVER_MISSING', `${this.#root} is not the Dynamic Web TWAIN Service (HTTP 404)`);
    if (answer.status !== 200) throw serviceError(answer, 'DRIVER_MISSING', 'listing scanners');
    return parseJson(answer, scannerListSchema, 'the scanner list');
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities> {
    await this.#find(deviceId, signal);
    return DWT_CAPABILITIES;
  }

  async #find(deviceId: string, signal?: AbortSignal): Promise<z.infer<typeof scannerSchema>> {
    const found = (await this.#scanners(signal)).find((s) => s.name === deviceId);
    if (!found) throw new ScannerError('DEVICE_NOT_FOUND', `the Dynamic Web TWAIN Service lists no scanner named ${JSON.stringify(deviceId)}`);
    return found;
  }

  async *scan(deviceId: string, settings: ScanSettings, signal?: AbortSignal): AsyncGenerator<RawPage> {
    const key = this.#o.licenceKey?.trim();
    if (!key) throw new ScannerError('LICENCE_MISSING', 'no Dynamic Web TWAIN licence key is configured');
    const scanner = await this.#find(deviceId, signal);
    const feeder = settings.source !== 'flatbed';
    const created = await this.#call('POST', 'device/scanners/jobs', {
      headers: { 'DWT-PRODUCT-KEY': key },
      body: {
        autoRun: true,
        device: scanner.device,
        // seconds: a TWAIN step (open, acquire) that hangs fails instead of holding the scanner
        scannerFailureTimeout: Math.ceil((this.#o.pageTimeoutMs ?? 120_000) / 1000),
        config: {
          IfShowUI: false,
          PixelType: PIXEL_TYPE[settings.colorMode],
          Resolution: settings.dpi,
          IfFeederEnabled: feeder,
          IfDuplexEnabled: settings.source === 'adfDuplex',
          XferCount: feeder ? -1 : 1,
          IfCloseSourceAfterAcquire: true,
        },
      },
      signal,
    });
    if (created.status !== 201 && created.status !== 200) throw serviceError(created, 'DEVICE_ERROR', 'creating the scan job');
    const job = parseJson(created, jobSchema, 'the new scan job');
    const jobPath = `device/scanners/jobs/${encodeURIComponent(job.jobuid)}`;
    const type = settings.colorMode === 'bw' ? 'image/png' : 'image/jpeg';
    let index = 0;
    try {
      for (;;) {
        const answer = await this.#call('GET', `${jobPath}/next-page?type=${encodeURIComponent(type)}`, {
          timeoutMs: this.#o.pageTimeoutMs ?? 120_000,
          maxBytes: this.#o.maxPageBytes ?? DWT_MAX_PAGE_BYTES,
          signal,
          jobStarted: true,
        });
        if (answer.status === 200) {
          yield { index, data: answer.body, mime: pageMime(answer), dpi: settings.dpi };
          index++;
          continue;
        }
        if (answer.status === 204) {
          await this.#checkEnd(jobPath, index, feeder, signal);
          return;
        }
        if (answer.status === 410) throw new ScannerError('CANCELLED', 'the scan job was deleted at the Dynamic Web TWAIN Service');
        if (answer.status === 404) throw new ScannerError('DEVICE_GONE', 'the Dynamic Web TWAIN Service no longer knows the scan job (restarted?)');
        throw serviceError(answer, 'DEVICE_ERROR', `page ${index + 1}`);
      }
    } finally {
      // Always: a finished job too, so the service frees the scanner and drops the pages it kept.
      await this.#call('DELETE', jobPath, { timeoutMs: Math.min(this.#requestTimeoutMs, 5_000), jobStarted: true }).catch(() => undefined);
    }
  }

  /** After 204: a faulted job says why in its status; a feeder job with no page found no paper. */
  async #checkEnd(jobPath: string, pages: number, feeder: boolean, signal?: AbortSignal): Promise<void> {
    const answer = await this.#call('GET', jobPath, { signal, jobStarted: true });
    if (answer.status === 200) {
      const info = parseJson(answer, jobInfoSchema, 'the scan job status');
      if (info.status === 'faulted') {
        const code = SERVICE_CODES.get(Number(info.code)) ?? 'DEVICE_ERROR';
        throw new ScannerError(code, `the scan job stopped after ${pages} page(s): ${info.code ?? '?'} ${info.message ?? ''}`.trim());
      }
      if (info.status === 'canceled') throw new ScannerError('CANCELLED', 'the scan job was cancelled at the scanner');
    }
    if (pages === 0) {
      if (feeder) throw new ScannerError('FEEDER_EMPTY', 'the feeder gave no page');
      throw new ScannerError('DEVICE_ERROR', 'the scanner ended the job without a page');
    }
  }
}

function pageMime(answer: HttpAnswer): RawPageMime {
  const declared = String(answer.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const b = answer.body;
  const isPng = b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  if (declared === 'image/png' && isPng) return 'image/png';
  if ((declared === 'image/jpeg' || declared === 'image/jpg') && isJpeg) return 'image/jpeg';
  throw new ScannerError('BAD_DATA', `the Dynamic Web TWAIN Service sent a page that is not the image it says (${declared || 'no content type'}, ${b.length} bytes)`);
}

function parseJson<T>(answer: HttpAnswer, schema: z.ZodType<T>, what: string): T {
  const type = String(answer.headers['content-type'] ?? '').toLowerCase();
  if (!type.includes('json')) throw new ScannerError('BAD_DATA', `${what} came as ${type || 'no content type'}, not JSON`);
  let value: unknown;
  try {
    value = JSON.parse(answer.body.toString('utf8'));
  } catch (err) {
    throw new ScannerError('BAD_DATA', `${what} is not valid JSON`, { cause: err });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ScannerError('BAD_DATA', `${what} has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** An error answer: the service's code when its body is a DWT `Error`, else by HTTP status. */
function serviceError(answer: HttpAnswer, fallback: ScannerErrorCode, what: string): ScannerError {
  let body: z.infer<typeof errorSchema> | undefined;
  try {
    const parsed = errorSchema.safeParse(JSON.parse(answer.body.toString('utf8')));
    if (parsed.success) body = parsed.data;
  } catch {
    body = undefined;
  }
  const detail = `${what}: HTTP ${answer.status}${body ? ` ${body.code} ${body.message ?? ''}` : ''}`.trim();
  const byCode = body ? SERVICE_CODES.get(body.code) : undefined;
  if (byCode) return new ScannerError(byCode, detail);
  if (answer.status === 403) return new ScannerError('LICENCE_INVALID', detail);
  if (answer.status === 423) return new ScannerError('DEVICE_BUSY', detail);
  if (answer.status === 400) return new ScannerError('UNSUPPORTED', detail);
  if (!body) return new ScannerError('BAD_DATA', `${detail} (not a Dynamic Web TWAIN error)`);
  return new ScannerError(fallback, detail);
}
