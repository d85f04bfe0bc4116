import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDwtSimulator, type DwtSimulator, type DwtSimulatorOptions } from '../../test/support/dwtSimulator';
import { DWT_DEFAULT_SERVICE_HTTPS_URL, DWT_DEFAULT_SERVICE_URL, DwtDriver } from './dwt';
import type { RawPage, ScanSettings } from './types';

const KEY = 't0068UQAAAGoodKey';
const SCANNER = 'Canon DR-C225 TWAIN';
const ADF: ScanSettings = { source: 'adf', dpi: 300, colorMode: 'grey' };
const FLATBED: ScanSettings = { source: 'flatbed', dpi: 200, colorMode: 'color' };

let sheets: { data: Buffer; mime: 'image/jpeg' }[] = [];
beforeAll(async () => {
  // Five different grey sheets, so a repeated or reordered page would show.
  sheets = await Promise.all(
    [20, 70, 120, 170, 220].map(async (v) => ({
      data: await sharp({ create: { width: 40, height: 56, channels: 3, background: { r: v, g: v, b: v } } }).jpeg().toBuffer(),
      mime: 'image/jpeg' as const,
    })),
  );
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function sim(options: DwtSimulatorOptions = {}): Promise<DwtSimulator> {
  const s = await startDwtSimulator({ validKeys: [KEY], pages: sheets, ...options });
  closers.push(() => s.close());
  return s;
}

async function collect(pages: AsyncIterable<RawPage>): Promise<{ pages: RawPage[]; error: unknown }> {
  const got: RawPage[] = [];
  try {
    for await (const p of pages) got.push(p);
    return { pages: got, error: undefined };
  } catch (error) {
    return { pages: got, error };
  }
}

/** A server on a private port that does `handler`, for the misbehaving-service cases. */
async function rogue(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

async function closedPort(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}/api`;
}

describe('DwtDriver against the Dynamic Web TWAIN Service simulator', () => {
  it('defaults to the http root Dynamsoft documents', () => {
    expect(DWT_DEFAULT_SERVICE_URL).toBe('http://127.0.0.1:18622/api');
    expect(DWT_DEFAULT_SERVICE_HTTPS_URL).toBe('https://127.0.0.1:18623/api');
  });

  it('speaks https on the loopback address (a self-signed certificate, as the service has), and refuses unchecked https elsewhere', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drv-dwt-tls-'));
    closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const s = await sim({ tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') } });
    expect(s.url).toMatch(/^https:/);
    const d = new DwtDriver({ serviceUrl: s.url, licenceKey: KEY });
    expect(await d.listDevices()).toHaveLength(1);
    const r = await collect(d.scan(SCANNER, FLATBED));
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(1);
    expect(s.deleted).toEqual(s.created);
    await expect(new DwtDriver({ serviceUrl: 'https://192.0.2.1:18623/api' }).listDevices()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('lists the TWAIN and WIA scanners by name, asking for those types only', async () => {
    const s = await sim({ scanners: [{ name: SCANNER, type: 0x10 }, { name: 'WIA-HP ScanJet', type: 0x20 }, { name: 'eSCL thing', type: 0x200 }] });
    const devices = await new DwtDriver({ serviceUrl: s.url }).listDevices();
    expect(devices).toEqual([
      { driver: 'dwt', id: SCANNER, label: SCANNER },
      { driver: 'dwt', id: 'WIA-HP ScanJet', label: 'WIA-HP ScanJet' },
    ]);
    expect(s.requests[0]!.path).toBe('/api/device/scanners?type=112');
  });

  it('streams an ADF batch of 5 pages in order, sends the settings and the key, and deletes the job', async () => {
    const s = await sim({ pageDelayMs: 30 });
    const driver = new DwtDriver({ serviceUrl: s.url, licenceKey: KEY });
    const seen: number[] = [];
    const pages: RawPage[] = [];
    for await (const p of driver.scan(SCANNER, ADF)) {
      // streaming: page n arrives before page n+1 is asked for
      seen.push(s.requests.filter((r) => r.path.includes('/next-page')).length);
      pages.push(p);
    }
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(pages.map((p) => p.data)).toEqual(sheets.map((x) => x.data));
    expect(pages.every((p) => p.mime === 'image/jpeg' && p.dpi === 300)).toBe(true);
    const post = s.requests.find((r) => r.method === 'POST')!;
    expect(post.headers['dwt-product-key']).toBe(KEY);
    expect(post.headers['content-type']).toBe('application/json');
    expect(s.jobBodies[0]).toMatchObject({
      autoRun: true,
      config: { PixelType: 1, Resolution: 300, IfFeederEnabled: true, IfDuplexEnabled: false, IfShowUI: false, XferCount: -1 },
    });
    expect(String(s.jobBodies[0]!.device)).toContain('"deviceType":16');
    expect(s.requests.filter((r) => r.path.includes('/next-page')).every((r) => r.path.endsWith('type=image%2Fjpeg'))).toBe(true);
    expect(s.deleted).toEqual(s.created);
    expect(s.created).toHaveLength(1);
  });

  it('asks for duplex and colour, and for PNG in black and white', async () => {
    const s = await sim();
    const d = new DwtDriver({ serviceUrl: s.url, licenceKey: KEY });
    await collect(d.scan(SCANNER, { source: 'adfDuplex', dpi: 600, colorMode: 'color' }));
    expect(s.jobBodies[0]).toMatchObject({ config: { PixelType: 2, Resolution: 600, IfDuplexEnabled: true } });
    const bw = await sim({ pages: [{ data: await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer(), mime: 'image/png' }] });
    const r = await collect(new DwtDriver({ serviceUrl: bw.url, licenceKey: KEY }).scan(SCANNER, { source: 'flatbed', dpi: 300, colorMode: 'bw' }));
    expect(r.error).toBeUndefined();
    expect(r.pages.map((p) => p.mime)).toEqual(['image/png']);
    expect(bw.jobBodies[0]).toMatchObject({ config: { PixelType: 0, IfFeederEnabled: false, XferCount: 1 } });
    expect(bw.requests.some((q) => q.path.endsWith('next-page?type=image%2Fpng'))).toBe(true);
  });

  it('a flatbed job gives one page', async () => {
    const s = await sim();
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, FLATBED));
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(1);
    expect(s.deleted).toEqual(s.created);
  });

  it('an empty feeder is FEEDER_EMPTY, and the job is deleted', async () => {
    const s = await sim({ pages: [] });
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF));
    expect(r.error).toMatchObject({ name: 'ScannerError', code: 'FEEDER_EMPTY' });
    expect(s.deleted).toEqual(s.created);
  });

  it('a jam after 2 pages (told by the job status) is PAPER_JAM with the 2 pages kept', async () => {
    const s = await sim({ jamAfter: 2 });
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF));
    expect(r.pages.map((p) => p.data)).toEqual(sheets.slice(0, 2).map((x) => x.data));
    expect(r.error).toMatchObject({ code: 'PAPER_JAM' });
    expect(s.deleted).toEqual(s.created);
  });

  it('a jam told by an Error answer to next-page is PAPER_JAM too', async () => {
    const s = await sim({ jamAfter: 3, jamReportedBy: 'answer' });
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF));
    expect(r.pages).toHaveLength(3);
    expect(r.error).toMatchObject({ code: 'PAPER_JAM' });
    expect(s.deleted).toEqual(s.created);
  });

  it('a scanner held by another program (423) is DEVICE_BUSY', async () => {
    const s = await sim({ busy: true });
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF));
    expect(r.error).toMatchObject({ code: 'DEVICE_BUSY' });
    expect(s.created).toEqual([]);
  });

  it('licence: none → LICENCE_MISSING without asking; refused → LICENCE_INVALID; expired → LICENCE_EXPIRED', async () => {
    const s = await sim({ expiredKeys: ['old-trial'] });
    const none = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: '  ' }).scan(SCANNER, ADF));
    expect(none.error).toMatchObject({ code: 'LICENCE_MISSING' });
    expect(s.requests).toEqual([]);
    const wrong = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: 'not-a-key' }).scan(SCANNER, ADF));
    expect(wrong.error).toMatchObject({ code: 'LICENCE_INVALID' });
    const expired = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: 'old-trial' }).scan(SCANNER, ADF));
    expect(expired.error).toMatchObject({ code: 'LICENCE_EXPIRED' });
    expect(s.created).toEqual([]);
  });

  it('a scanner the service does not list is DEVICE_NOT_FOUND', async () => {
    const s = await sim();
    const d = new DwtDriver({ serviceUrl: s.url, licenceKey: KEY });
    await expect(d.capabilities('Nope')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect((await collect(d.scan('Nope', ADF))).error).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    await expect(d.capabilities(SCANNER)).resolves.toMatchObject({ sources: ['flatbed', 'adf', 'adfDuplex'] });
  });

  it('abort in the middle of the batch → CANCELLED, and the job is still deleted', async () => {
    const s = await sim({ pageDelayMs: 300 });
    const ac = new AbortController();
    const got: RawPage[] = [];
    let error: unknown;
    try {
      for await (const p of new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF, ac.signal)) {
        got.push(p);
        if (got.length === 2) setTimeout(() => ac.abort(), 50);
      }
    } catch (e) {
      error = e;
    }
    expect(got).toHaveLength(2);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(s.created).toHaveLength(1);
    expect(s.deleted).toEqual(s.created);
  });

  it('a caller that stops after the first page still gets the job deleted', async () => {
    const s = await sim();
    for await (const _ of new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF)) break;
    expect(s.deleted).toEqual(s.created);
  });

  it('service absent → DRIVER_MISSING', async () => {
    const url = await closedPort();
    await expect(new DwtDriver({ serviceUrl: url }).listDevices()).rejects.toMatchObject({ code: 'DRIVER_MISSING' });
    expect((await collect(new DwtDriver({ serviceUrl: url, licenceKey: KEY }).scan(SCANNER, ADF))).error).toMatchObject({ code: 'DRIVER_MISSING' });
  });

  it('something else on the port (404) → DRIVER_MISSING', async () => {
    const url = await rogue((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>nope</h1>'));
    await expect(new DwtDriver({ serviceUrl: url }).listDevices()).rejects.toMatchObject({ code: 'DRIVER_MISSING' });
  });

  it('garbage: non-JSON, wrong content type, wrong shape → BAD_DATA', async () => {
    const notJson = await rogue((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"name": '));
    await expect(new DwtDriver({ serviceUrl: notJson }).listDevices()).rejects.toMatchObject({ code: 'BAD_DATA' });
    const html = await rogue((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('[]'));
    await expect(new DwtDriver({ serviceUrl: html }).listDevices()).rejects.toMatchObject({ code: 'BAD_DATA' });
    const shape = await rogue((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"name": 5}]'));
    await expect(new DwtDriver({ serviceUrl: shape }).listDevices()).rejects.toMatchObject({ code: 'BAD_DATA' });
  });

  it('a page that is not the image it claims → BAD_DATA, job deleted', async () => {
    const s = await sim({ pages: [{ data: Buffer.from('<html>error</html>'), mime: 'image/jpeg' }] });
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY }).scan(SCANNER, ADF));
    expect(r.error).toMatchObject({ code: 'BAD_DATA' });
    expect(s.deleted).toEqual(s.created);
  });

  it('an answer over the cap → BAD_DATA (a scanner list of 2 MB, a page over maxPageBytes)', async () => {
    const big = await rogue((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`[${'{"name":"x","type":16,"device":"y"},'.repeat(60_000)}{"name":"x","type":16,"device":"y"}]`);
    });
    await expect(new DwtDriver({ serviceUrl: big }).listDevices()).rejects.toMatchObject({ code: 'BAD_DATA' });
    const s = await sim();
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY, maxPageBytes: 100 }).scan(SCANNER, ADF));
    expect(r.error).toMatchObject({ code: 'BAD_DATA' });
    expect(s.deleted).toEqual(s.created);
  });

  it('a service that takes the connection and never answers → TIMEOUT within the bound', async () => {
    const url = await rogue(() => undefined);
    const t0 = Date.now();
    await expect(new DwtDriver({ serviceUrl: url, requestTimeoutMs: 300 }).listDevices()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a page that never comes → TIMEOUT, and the job is deleted', async () => {
    const s = await sim({ pageDelayMs: 5000 });
    const t0 = Date.now();
    const r = await collect(new DwtDriver({ serviceUrl: s.url, licenceKey: KEY, pageTimeoutMs: 300 }).scan(SCANNER, ADF));
    expect(r.error).toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(s.deleted).toEqual(s.created);
  });

  it('a job deleted at the service (410) → CANCELLED with the pages before kept', async () => {
    let pages = 0;
    const url = await rogue((req, res) => {
      const u = req.url ?? '';
      if (u.startsWith('/api/device/scanners?')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('[{"name":"S","type":16,"device":"{}"}]');
      if (req.method === 'POST') return void res.writeHead(201, { 'content-type': 'application/json' }).end('{"jobuid":"J1","status":"running"}');
      if (u.includes('next-page') && pages++ < 1) return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(sheets[0]!.data);
      if (u.includes('next-page')) return void res.writeHead(410, { 'content-type': 'application/json' }).end('{"code":-1034,"message":"Job was deleted.","statusCode":410}');
      res.writeHead(410).end();
    });
    const r = await collect(new DwtDriver({ serviceUrl: url, licenceKey: KEY }).scan('S', ADF));
    expect(r.pages).toHaveLength(1);
    expect(r.error).toMatchObject({ code: 'CANCELLED' });
  });
});
