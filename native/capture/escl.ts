/**
 * eSCL (AirScan, "Mopria scan") over HTTP: capabilities, status, a scan job, and its pages one at a
 * time from NextDocument. The device id is the eSCL root URL, e.g. `http://192.168.1.20/eSCL`.
 *
 * NextDocument: 200 a page · 503 not ready, retry after a short back-off · 404 the job is done ·
 * 409 jam or empty feeder (ScannerStatus's AdfState tells which) · 410 cancelled at the device.
 */
import { exchange, HttpFailure, type HttpAnswer } from './esclHttp';
import {
  ESCL_COLOR_OF,
  parseEsclCapabilities,
  parseEsclStatus,
  scanSettingsXml,
  toScannerCapabilities,
  type EsclCapabilities,
  type EsclInputCaps,
  type EsclStatus,
} from './esclXml';
import { ScannerError, scanSettingsSchema, type RawPage, type RawPageMime, type ScanSettings, type ScannerCapabilities, type ScannerDevice, type ScannerDriver, type ScannerErrorCode } from './types';
import { sleep } from './sleep';

export interface EsclDriverOptions {
  /** devices known without discovery (manual addresses, saved settings) */
  readonly devices?: readonly ScannerDevice[];
  /** e.g. `(signal) => discoverEsclScanners({ timeoutMs: 3000, signal })` */
  readonly discover?: (signal?: AbortSignal) => Promise<ScannerDevice[]>;
  /** bound on each request other than a page (default 10 s) */
  readonly requestTimeoutMs?: number;
  /** bound on one NextDocument answer, the page included (default 120 s) */
  readonly pageTimeoutMs?: number;
  /** how long a page may stay "not ready" (503) before TIMEOUT (default 120 s) */
  readonly notReadyLimitMs?: number;
  /** first back-off after a 503, doubled up to 2 s (default 250 ms) */
  readonly retryDelayMs?: number;
  /** formats asked for, first offered wins (default JPEG, then PNG) */
  readonly formats?: readonly ('image/jpeg' | 'image/png')[];
}

/** Answers are capped: a page at 64 MB, XML at 1 MB. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;
export const MAX_XML_BYTES = 1024 * 1024;


/** The eSCL root as a URL without a trailing slash; only http. */
export function esclRoot(deviceId: string): URL {
  let url: URL;
  try {
    url = new URL(deviceId);
  } catch {
    throw new ScannerError('DEVICE_NOT_FOUND', `not an eSCL address: ${deviceId}`);
  }
  if (url.protocol === 'https:') throw new ScannerError('UNSUPPORTED', 'eSCL over https is not supported yet; use the http address');
  if (url.protocol !== 'http:' || url.username || url.password) throw new ScannerError('DEVICE_NOT_FOUND', `not an eSCL address: ${deviceId}`);
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

function under(root: URL, rest: string): URL {
  const url = new URL(root.href);
  url.pathname = `${root.pathname}/${rest}`;
  return url;
}

/** What a failed request means, before the job exists (`setup`) or during it (`batch`). */
function fromHttp(err: unknown, phase: 'setup' | 'batch'): ScannerError {
  if (err instanceof ScannerError) return err;
  if (err instanceof HttpFailure) {
    const code: ScannerErrorCode =
      err.kind === 'aborted'
        ? 'CANCELLED'
        : err.kind === 'timeout'
          ? 'TIMEOUT'
          : err.kind === 'tooLarge'
            ? 'BAD_DATA'
            : phase === 'batch'
              ? 'DEVICE_GONE'
              : 'DEVICE_NOT_FOUND';
    return new ScannerError(code, err.message, { cause: err });
  }
  return new ScannerError('BAD_DATA', err instanceof Error ? err.message : String(err), { cause: err });
}

function pageMime(answer: HttpAnswer): RawPageMime | null {
  const b = answer.body;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 4 && (b.subarray(0, 4).equals(Buffer.from('II*\0', 'latin1')) || b.subarray(0, 4).equals(Buffer.from('MM\0*', 'latin1')))) {
    return 'image/tiff';
  }
  return null;
}

export class EsclDriver implements ScannerDriver {
  readonly kind = 'escl' as const;
  readonly #o: EsclDriverOptions;

  constructor(options: EsclDriverOptions = {}) {
    this.#o = options;
  }

  get #requestTimeoutMs(): number {
    return this.#o.requestTimeoutMs ?? 10_000;
  }

  async listDevices(signal?: AbortSignal): Promise<ScannerDevice[]> {
    const found = this.#o.discover ? await this.#o.discover(signal) : [];
    const all = [...(this.#o.devices ?? []), ...found];
    return all.filter((d, i) => all.findIndex((e) => e.id === d.id) === i);
  }

  async #xml(url: URL, phase: 'setup' | 'batch', signal?: AbortSignal): Promise<string> {
    let answer: HttpAnswer;
    try {
      answer = await exchange({ method: 'GET', url, timeoutMs: this.#requestTimeoutMs, maxBytes: MAX_XML_BYTES, signal });
    } catch (err) {
      throw fromHttp(err, phase);
    }
    if (answer.status === 404 && phase === 'setup') throw new ScannerError('DEVICE_NOT_FOUND', `${url.pathname}: 404, not an eSCL scanner`);
    if (answer.status === 503) throw new ScannerError('DEVICE_BUSY', `${url.pathname}: 503`);
    if (answer.status !== 200) throw new ScannerError('BAD_DATA', `${url.pathname}: HTTP ${answer.status}`);
    return answer.body.toString('utf8');
  }

  async #esclCapabilities(root: URL, signal?: AbortSignal): Promise<EsclCapabilities> {
    const xml = await this.#xml(under(root, 'ScannerCapabilities'), 'setup', signal);
    try {
      return parseEsclCapabilities(xml);
    } catch (err) {
      throw new ScannerError('BAD_DATA', `unusable ScannerCapabilities: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities> {
    return toScannerCapabilities(await this.#esclCapabilities(esclRoot(deviceId), signal));
  }

  async status(deviceId: string, signal?: AbortSignal): Promise<EsclStatus> {
    return this.#status(esclRoot(deviceId), 'setup', signal);
  }

  async #status(root: URL, phase: 'setup' | 'batch', signal?: AbortSignal): Promise<EsclStatus> {
    const xml = await this.#xml(under(root, 'ScannerStatus'), phase, signal);
    try {
      return parseEsclStatus(xml);
    } catch (err) {
      throw new ScannerError('BAD_DATA', `unusable ScannerStatus: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /** 409: ask the device why. After at least one page an empty feeder is the end of the batch. */
  async #conflict(root: URL, pages: number, signal?: AbortSignal): Promise<ScannerError | 'done'> {
    let adfState: string | null = null;
    try {
      adfState = (await this.#status(root, 'batch', signal)).adfState;
    } catch (err) {
      return fromHttp(err, 'batch');
    }
    const s = (adfState ?? '').toLowerCase();
    if (s.includes('jam') || s.includes('mispick') || s.includes('multipick')) return new ScannerError('PAPER_JAM', `AdfState ${adfState ?? ''}`);
    if (s.includes('hatchopen') || s.includes('coveropen')) return new ScannerError('COVER_OPEN', `AdfState ${adfState ?? ''}`);
    if (s.includes('empty')) return pages > 0 ? 'done' : new ScannerError('FEEDER_EMPTY', `AdfState ${adfState ?? ''}`);
    return pages > 0 ? new ScannerError('DEVICE_GONE', `409 after ${pages} page(s), AdfState ${adfState ?? 'none'}`) : new ScannerError('UNSUPPORTED', `409, AdfState ${adfState ?? 'none'}`);
  }

  async #deleteJob(job: URL): Promise<void> {
    try {
      await exchange({ method: 'DELETE', url: job, timeoutMs: Math.min(this.#requestTimeoutMs, 5_000), maxBytes: MAX_XML_BYTES });
    } catch {
      // best effort: the device may be gone already
    }
  }

  async *scan(deviceId: string, settingsIn: ScanSettings, signal?: AbortSignal): AsyncGenerator<RawPage> {
    const parsed = scanSettingsSchema.safeParse(settingsIn);
    if (!parsed.success) throw new ScannerError('UNSUPPORTED', `invalid settings: ${parsed.error.message}`);
    const settings = parsed.data;
    const root = esclRoot(deviceId);
    const caps = await this.#esclCapabilities(root, signal);
    const input: EsclInputCaps | null = settings.source === 'flatbed' ? caps.platen : caps.adf;
    if (!input || (settings.source === 'adfDuplex' && !caps.adfDuplex)) {
      throw new ScannerError('UNSUPPORTED', `the device has no ${settings.source} source`);
    }
    if (!input.colorModes.includes(settings.colorMode)) throw new ScannerError('UNSUPPORTED', `no ${settings.colorMode} mode`);
    if (!input.resolutions.includes(settings.dpi)) throw new ScannerError('UNSUPPORTED', `no ${settings.dpi} dpi`);
    const format = (this.#o.formats ?? ['image/jpeg', 'image/png']).find((f) => input.formats.includes(f));
    if (!format) throw new ScannerError('UNSUPPORTED', 'the device offers neither JPEG nor PNG');

    const body = scanSettingsXml({
      inputSource: settings.source === 'flatbed' ? 'Platen' : 'Feeder',
      duplex: settings.source === 'adfDuplex',
      colorMode: ESCL_COLOR_OF[settings.colorMode],
      dpi: settings.dpi,
      format,
      width: input.maxWidth,
      height: input.maxHeight,
    });
    let created: HttpAnswer;
    try {
      created = await exchange({
        method: 'POST',
        url: under(root, 'ScanJobs'),
        body,
        contentType: 'text/xml',
        timeoutMs: this.#requestTimeoutMs,
        maxBytes: MAX_XML_BYTES,
        signal,
      });
    } catch (err) {
      throw fromHttp(err, 'setup');
    }
    if (created.status === 409) {
      const why = await this.#conflict(root, 0, signal);
      throw why === 'done' ? new ScannerError('FEEDER_EMPTY', 'feeder empty') : why;
    }
    if (created.status === 503) throw new ScannerError('DEVICE_BUSY', 'POST ScanJobs: 503');
    const location = created.headers.location;
    if (created.status !== 201 || !location) throw new ScannerError('BAD_DATA', `POST ScanJobs: HTTP ${created.status} without a job`);
    let job: URL;
    try {
      job = new URL(location, root);
    } catch {
      throw new ScannerError('BAD_DATA', `POST ScanJobs: bad Location ${location}`);
    }
    // a job must live on the same device: never follow a Location elsewhere
    if (job.origin !== root.origin) throw new ScannerError('BAD_DATA', `POST ScanJobs: Location on another host ${job.origin}`);
    job.pathname = job.pathname.replace(/\/+$/, '');
    const next = new URL(job.href);
    next.pathname = `${job.pathname}/NextDocument`;

    let index = 0;
    let finished = false;
    try {
      for (;;) {
        let notReadySince = 0;
        let delay = this.#o.retryDelayMs ?? 250;
        let answer: HttpAnswer;
        for (;;) {
          try {
            answer = await exchange({ method: 'GET', url: next, timeoutMs: this.#o.pageTimeoutMs ?? 120_000, maxBytes: MAX_PAGE_BYTES, signal });
          } catch (err) {
            throw fromHttp(err, 'batch');
          }
          if (answer.status !== 503) break;
          notReadySince ||= Date.now();
          if (Date.now() - notReadySince > (this.#o.notReadyLimitMs ?? 120_000)) {
            throw new ScannerError('TIMEOUT', `page ${index + 1} still not ready (503)`);
          }
          await sleep(delay, signal);
          if (signal?.aborted) throw new ScannerError('CANCELLED', `cancelled after ${index} page(s)`);
          delay = Math.min(delay * 2, 2_000);
        }
        if (answer.status === 200) {
          const mime = pageMime(answer);
          if (!mime) throw new ScannerError('BAD_DATA', `page ${index + 1} is not JPEG, PNG or TIFF`);
          yield { index, data: answer.body, mime, dpi: settings.dpi };
          index += 1;
          // a flatbed job is one page; some devices would answer 409 to the next request
          if (settings.source === 'flatbed') {
            finished = false;
            return;
          }
          continue;
        }
        if (answer.status === 404) {
          finished = true;
          if (index === 0) throw new ScannerError(settings.source === 'flatbed' ? 'BAD_DATA' : 'FEEDER_EMPTY', 'the job ended without a page');
          return;
        }
        if (answer.status === 409) {
          finished = true;
          const why = await this.#conflict(root, index, signal);
          if (why === 'done') return;
          throw why;
        }
        if (answer.status === 410) {
          finished = true;
          throw new ScannerError('CANCELLED', `cancelled at the device after ${index} page(s)`);
        }
        throw new ScannerError('BAD_DATA', `NextDocument: HTTP ${answer.status}`);
      }
    } finally {
      // aborted, failed, stopped by the caller, or a flatbed page taken: free the device
      if (!finished) await this.#deleteJob(job);
    }
  }
}
