/**
 * A small eSCL (AirScan) scanner on 127.0.0.1 for tests and web-mode demos. It speaks the wire
 * protocol as real devices do (checked with sane-airscan, an independent client): ScannerCapabilities
 * with `scan:`/`pwg:` prefixes, ScannerStatus, POST ScanJobs → 201 + Location, NextDocument until
 * 404, DELETE. Like a real scanner it renders each page at the requested region and resolution
 * (sharp), in the requested colour mode and format. Faults can be scripted: a jam or a vanishing
 * device after page k, 503 "not ready yet", an empty feeder, a cancel at the device.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import sharp from 'sharp';
import { ESCL_NS, PWG_NS, child, descendants, parseXml } from '../../native/capture/esclXml';
import { listenOn } from './listen';

export interface EsclSimulatorFaults {
  /** NextDocument answers 409 with AdfState ScannerAdfJam once this many pages were delivered */
  readonly jamAfterPage?: number;
  /** every socket is destroyed and the server closed once this many pages were delivered */
  readonly vanishAfterPage?: number;
  /** the first N NextDocument requests of every page answer 503 (the page is not ready) */
  readonly notReadyCount?: number;
  /** the feeder is empty: a Feeder job's first NextDocument answers 409 with ScannerAdfEmpty */
  readonly emptyFeeder?: boolean;
  /** the job is cancelled at the device panel after this many pages: NextDocument answers 410 */
  readonly cancelAfterPage?: number;
  /** when the feeder runs out, answer 409 (AdfState ScannerAdfEmpty) instead of 404, as some devices do */
  readonly endWith409?: boolean;
  /** an empty feeder is refused at POST ScanJobs (409) instead of at the first NextDocument */
  readonly emptyFeederAtPost?: boolean;
}

export interface EsclSimulatorOptions {
  /** the sheets in the feeder, in order; the platen scans the first one. PNG, JPEG, anything sharp reads. */
  readonly pages: readonly Buffer[];
  readonly makeAndModel?: string;
  /** the bed, in 1/300 inch (default A4: 2480 × 3508) */
  readonly maxWidth?: number;
  readonly maxHeight?: number;
  readonly resolutions?: readonly number[];
  readonly adf?: boolean;
  /** formats offered (default JPEG and PNG; sane-airscan picks PNG when it may) */
  readonly formats?: readonly ('image/jpeg' | 'image/png')[];
  readonly faults?: EsclSimulatorFaults;
  /** delay before each page is ready, ms (makes a batch slow enough to cancel) */
  readonly pageDelayMs?: number;
  /** the port on 127.0.0.1 (default 0: any free port) */
  readonly port?: number;
}

export interface EsclSimulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** What the simulator rendered for a page: the tests compare a client's output with it. */
export interface EsclServedPage {
  readonly jobId: string;
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly colorMode: string;
  readonly format: string;
  /** the raw pixels (before encoding), for comparing with what a client decoded */
  readonly pixels: Buffer;
  readonly channels: number;
}

export interface EsclSimulator {
  /** base URL of the eSCL root, `http://127.0.0.1:PORT/eSCL` */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly EsclSimulatorRequest[];
  readonly served: readonly EsclServedPage[];
  /** job ids a client DELETEd */
  readonly deletedJobs: readonly string[];
  /** the ScanSettings bodies clients POSTed */
  readonly postedSettings: readonly string[];
  close(): Promise<void>;
}

interface Job {
  readonly id: string;
  readonly feeder: boolean;
  readonly colorMode: string;
  readonly format: string;
  readonly dpi: number;
  readonly width: number;
  readonly height: number;
  delivered: number;
  notReadyLeft: number;
  readyAt: number;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
}

const COLOR_MODES = ['RGB24', 'Grayscale8', 'BlackAndWhite1'];

function inputCapsXml(tag: string, o: Required<Pick<EsclSimulatorOptions, 'maxWidth' | 'maxHeight' | 'resolutions' | 'formats'>>): string {
  const resolutions = o.resolutions
    .map((r) => `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`)
    .join('');
  return [
    `<scan:${tag}>`,
    '<scan:MinWidth>16</scan:MinWidth>',
    `<scan:MaxWidth>${o.maxWidth}</scan:MaxWidth>`,
    '<scan:MinHeight>16</scan:MinHeight>',
    `<scan:MaxHeight>${o.maxHeight}</scan:MaxHeight>`,
    '<scan:MaxScanRegions>1</scan:MaxScanRegions>',
    '<scan:SettingProfiles><scan:SettingProfile>',
    `<scan:ColorModes>${COLOR_MODES.map((m) => `<scan:ColorMode>${m}</scan:ColorMode>`).join('')}</scan:ColorModes>`,
    '<scan:DocumentFormats>',
    o.formats.map((f) => `<pwg:DocumentFormat>${f}</pwg:DocumentFormat><scan:DocumentFormatExt>${f}</scan:DocumentFormatExt>`).join(''),
    '</scan:DocumentFormats>',
    `<scan:SupportedResolutions><scan:DiscreteResolutions>${resolutions}</scan:DiscreteResolutions></scan:SupportedResolutions>`,
    '</scan:SettingProfile></scan:SettingProfiles>',
    '<scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>TextAndGraphic</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents>',
    `<scan:MaxOpticalXResolution>${Math.max(...o.resolutions)}</scan:MaxOpticalXResolution>`,
    `<scan:MaxOpticalYResolution>${Math.max(...o.resolutions)}</scan:MaxOpticalYResolution>`,
    `</scan:${tag}>`,
  ].join('');
}

export async function startEsclSimulator(options: EsclSimulatorOptions): Promise<EsclSimulator> {
  const geometry = {
    maxWidth: options.maxWidth ?? 2480,
    maxHeight: options.maxHeight ?? 3508,
    resolutions: options.resolutions ?? [75, 100, 150, 200, 300, 600],
    formats: options.formats ?? ['image/jpeg', 'image/png'],
  };
  const faults = options.faults ?? {};
  const hasAdf = options.adf ?? true;
  const requests: EsclSimulatorRequest[] = [];
  const served: EsclServedPage[] = [];
  const deletedJobs: string[] = [];
  const postedSettings: string[] = [];
  const jobs = new Map<string, Job>();
  const sockets = new Set<Socket>();
  let adfState = options.pages.length > 0 && !faults.emptyFeeder ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty';
  let vanished = false;
  let base = '';

  const capabilitiesXml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scan:ScannerCapabilities xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">`,
    '<pwg:Version>2.63</pwg:Version>',
    `<pwg:MakeAndModel>${options.makeAndModel ?? 'Daftaryar eSCL Simulator'}</pwg:MakeAndModel>`,
    '<pwg:SerialNumber>SIM0001</pwg:SerialNumber>',
    '<scan:UUID>4509a320-00a0-008f-00b6-00559a327d32</scan:UUID>',
    `<scan:Platen>${inputCapsXml('PlatenInputCaps', geometry)}</scan:Platen>`,
    hasAdf
      ? `<scan:Adf>${inputCapsXml('AdfSimplexInputCaps', geometry)}<scan:FeederCapacity>50</scan:FeederCapacity>` +
        '<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption></scan:AdfOptions></scan:Adf>'
      : '',
    '</scan:ScannerCapabilities>',
  ].join('\n');

  const statusXml = () => {
    const busy = [...jobs.values()].some((j) => j.state === 'Processing');
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<scan:ScannerStatus xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">`,
      '<pwg:Version>2.63</pwg:Version>',
      `<pwg:State>${busy ? 'Processing' : 'Idle'}</pwg:State>`,
      hasAdf ? `<scan:AdfState>${adfState}</scan:AdfState>` : '',
      '<scan:Jobs>',
      ...[...jobs.values()].map(
        (j) =>
          `<scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobUuid>${j.id}</pwg:JobUuid>` +
          `<pwg:JobState>${j.state}</pwg:JobState><pwg:ImagesCompleted>${j.delivered}</pwg:ImagesCompleted></scan:JobInfo>`,
      ),
      '</scan:Jobs>',
      '</scan:ScannerStatus>',
    ].join('\n');
  };

  const vanish = () => {
    vanished = true;
    server.close();
    for (const s of sockets) s.destroy();
  };

  async function renderPage(job: Job, source: Buffer): Promise<{ body: Buffer; page: EsclServedPage }> {
    const width = Math.max(1, Math.round((job.width * job.dpi) / 300));
    const height = Math.max(1, Math.round((job.height * job.dpi) / 300));
    let img = sharp(source).resize(width, height, { fit: 'fill' }).removeAlpha();
    if (job.colorMode !== 'RGB24') img = img.greyscale();
    if (job.colorMode === 'BlackAndWhite1') img = img.threshold(128);
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    let encoder = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).withDensity(job.dpi);
    // a grey page stays one channel in the file, as a scanner sends it
    if (info.channels === 1) encoder = encoder.toColourspace('b-w');
    const body = job.format === 'image/png' ? await encoder.png().toBuffer() : await encoder.jpeg({ quality: 90 }).toBuffer();
    const page: EsclServedPage = {
      jobId: job.id,
      index: job.delivered,
      width: info.width,
      height: info.height,
      colorMode: job.colorMode,
      format: job.format,
      pixels: data,
      channels: info.channels,
    };
    return { body, page };
  }

  function readSettings(xml: string): Omit<Job, 'id' | 'delivered' | 'notReadyLeft' | 'state' | 'readyAt'> | null {
    try {
      const doc = parseXml(xml);
      if (doc.name !== 'ScanSettings') return null;
      const region = descendants(doc, 'ScanRegion')[0];
      const format = child(doc, 'DocumentFormatExt')?.text ?? child(doc, 'DocumentFormat')?.text ?? 'image/jpeg';
      const dpi = Number(child(doc, 'XResolution')?.text ?? 300);
      const colorMode = child(doc, 'ColorMode')?.text ?? 'RGB24';
      const width = Number(child(region, 'Width')?.text ?? geometry.maxWidth);
      const height = Number(child(region, 'Height')?.text ?? geometry.maxHeight);
      const feeder = (child(doc, 'InputSource')?.text ?? 'Platen') === 'Feeder';
      if (!(geometry.formats as readonly string[]).includes(format) || !COLOR_MODES.includes(colorMode) || !geometry.resolutions.includes(dpi)) return null;
      if (!(width > 0 && width <= geometry.maxWidth && height > 0 && height <= geometry.maxHeight)) return null;
      if (feeder && !hasAdf) return null;
      return { feeder, colorMode, format, dpi, width, height };
    } catch {
      return null;
    }
  }

  async function nextDocument(job: Job, res: http.ServerResponse): Promise<number> {
    if (job.state === 'Canceled') return send(res, 410);
    const limit = job.feeder ? options.pages.length : Math.min(1, options.pages.length);
    if (job.feeder && faults.emptyFeeder && job.delivered === 0) {
      job.state = 'Aborted';
      return send(res, 409);
    }
    if (job.feeder && faults.jamAfterPage !== undefined && job.delivered >= faults.jamAfterPage) {
      adfState = 'ScannerAdfJam';
      job.state = 'Aborted';
      return send(res, 409);
    }
    if (faults.cancelAfterPage !== undefined && job.delivered >= faults.cancelAfterPage) {
      job.state = 'Canceled';
      return send(res, 410);
    }
    if (job.delivered >= limit) {
      job.state = 'Completed';
      if (job.feeder) adfState = 'ScannerAdfEmpty';
      return send(res, job.feeder && faults.endWith409 ? 409 : 404);
    }
    if (job.notReadyLeft > 0 || Date.now() < job.readyAt) {
      if (job.notReadyLeft > 0) job.notReadyLeft -= 1;
      return send(res, 503, undefined, { 'retry-after': '1' });
    }
    const source = options.pages[job.delivered];
    if (!source) return send(res, 404);
    const { body, page } = await renderPage(job, source);
    served.push(page);
    job.delivered += 1;
    job.notReadyLeft = faults.notReadyCount ?? 0;
    job.readyAt = Date.now() + (options.pageDelayMs ?? 0);
    if (job.feeder && job.delivered >= options.pages.length) adfState = 'ScannerAdfEmpty';
    return send(res, 200, body, { 'content-type': job.format });
  }

  function send(res: http.ServerResponse, status: number, body?: Buffer | string, headers: http.OutgoingHttpHeaders = {}): number {
    const data = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    res.writeHead(status, { 'content-length': data.length, ...headers });
    res.end(data);
    return status;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    if (req.method === 'GET' && p === '/eSCL/ScannerCapabilities') return send(res, 200, capabilitiesXml, { 'content-type': 'text/xml' });
    if (req.method === 'GET' && p === '/eSCL/ScannerStatus') return send(res, 200, statusXml(), { 'content-type': 'text/xml' });
    if (req.method === 'POST' && p === '/eSCL/ScanJobs') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > 64 * 1024) return send(res, 413);
        chunks.push(chunk as Buffer);
      }
      const xml = Buffer.concat(chunks).toString('utf8');
      postedSettings.push(xml);
      const settings = readSettings(xml);
      if (!settings) return send(res, 409);
      if (settings.feeder && faults.emptyFeeder && faults.emptyFeederAtPost) return send(res, 409);
      if ([...jobs.values()].some((j) => j.state === 'Processing')) return send(res, 503);
      const id = randomUUID();
      jobs.set(id, { id, ...settings, delivered: 0, notReadyLeft: faults.notReadyCount ?? 0, readyAt: 0, state: 'Processing' });
      return send(res, 201, undefined, { location: `${base}/eSCL/ScanJobs/${id}` });
    }
    const m = /^\/eSCL\/ScanJobs\/([0-9a-f-]+)(\/NextDocument)?$/.exec(p);
    const job = m?.[1] ? jobs.get(m[1]) : undefined;
    if (m && !job) return send(res, 404);
    if (job && req.method === 'GET' && m?.[2]) return nextDocument(job, res);
    if (job && req.method === 'DELETE' && !m?.[2]) {
      deletedJobs.push(job.id);
      if (job.state === 'Processing') job.state = 'Canceled';
      return send(res, 200);
    }
    return send(res, 404);
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const deliveredNow = Math.max(0, ...[...jobs.values()].map((j) => j.delivered));
    if (faults.vanishAfterPage !== undefined && deliveredNow >= faults.vanishAfterPage && path.endsWith('/NextDocument')) {
      requests.push({ method: req.method ?? '', path, status: 0 });
      vanish();
      return;
    }
    handle(req, res).then(
      (status) => requests.push({ method: req.method ?? '', path, status }),
      () => {
        requests.push({ method: req.method ?? '', path, status: 500 });
        if (!res.headersSent) send(res, 500);
        else res.destroy();
      },
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOn(server, options.port ?? 0);
  base = `http://127.0.0.1:${port}`;

  return {
    url: `${base}/eSCL`,
    port,
    requests,
    served,
    deletedJobs,
    postedSettings,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (vanished) resolve();
        else server.close(() => resolve());
      }),
  };
}
