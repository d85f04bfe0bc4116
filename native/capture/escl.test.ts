import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { patternPage } from '../../test/support/capturePages';
import { EsclDriver, esclRoot } from './escl';
import { parseEsclCapabilities, parseEsclStatus } from './esclXml';
import { startEsclSimulator, type EsclSimulator, type EsclSimulatorOptions } from '../../test/support/esclSimulator';
import { ScannerError, type RawPage, type ScanSettings } from './types';
import { collect } from '../../test/support/capturePages';

let sim: EsclSimulator | null = null;
const servers: http.Server[] = [];
afterEach(async () => {
  await sim?.close();
  sim = null;
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function simulator(pageCount: number, extra: Partial<EsclSimulatorOptions> = {}): Promise<EsclSimulator> {
  const pages = await Promise.all(Array.from({ length: pageCount }, (_, i) => patternPage(300, 420, i % 3)));
  sim = await startEsclSimulator({ pages, maxWidth: 1200, maxHeight: 1680, ...extra });
  return sim;
}

const driver = new EsclDriver({ retryDelayMs: 20, requestTimeoutMs: 2_000, pageTimeoutMs: 5_000 });
const adf: ScanSettings = { source: 'adf', dpi: 75, colorMode: 'grey' };

const codeOf = (e: unknown) => (e instanceof ScannerError ? e.code : e);

describe('EsclDriver against the eSCL simulator', () => {
  it('reads capabilities: sources, modes, resolutions with X = Y, bed size in mm, the make and model', async () => {
    const s = await simulator(1);
    expect(await driver.capabilities(s.url)).toEqual({
      sources: ['flatbed', 'adf'],
      colorModes: ['color', 'grey', 'bw'],
      resolutions: [75, 100, 150, 200, 300, 600],
      maxWidthMm: 101.6,
      maxHeightMm: 142.2,
      model: 'Daftaryar eSCL Simulator',
    });
    expect(await driver.status(s.url)).toEqual({ state: 'Idle', adfState: 'ScannerAdfLoaded' });
  });

  it('scans a 5-page ADF batch as JPEG pages in order, at the asked resolution, and the job ends with 404', async () => {
    const s = await simulator(5);
    const { pages, error } = await collect(driver.scan(s.url, adf));
    expect(error).toBeNull();
    expect(pages.map((p) => [p.index, p.mime, p.dpi])).toEqual([0, 1, 2, 3, 4].map((i) => [i, 'image/jpeg', 75]));
    const meta = await sharp(pages[2]!.data).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([300, 420, 1]);
    expect(s.served.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    expect(s.requests.at(-1)).toMatchObject({ method: 'GET', status: 404 });
    expect(s.deletedJobs).toEqual([]);
    expect(s.postedSettings[0]).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
  });

  it('scans one flatbed page and frees the job', async () => {
    const s = await simulator(3);
    const { pages, error } = await collect(driver.scan(s.url, { source: 'flatbed', dpi: 100, colorMode: 'color' }));
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    const meta = await sharp(pages[0]!.data).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([400, 560, 3]);
    expect(s.deletedJobs).toHaveLength(1);
  });

  it('asks for PNG when the device offers no JPEG', async () => {
    const s = await simulator(1, { formats: ['image/png'] });
    const { pages, error } = await collect(driver.scan(s.url, { source: 'flatbed', dpi: 75, colorMode: 'bw' }));
    expect(error).toBeNull();
    expect(pages[0]!.mime).toBe('image/png');
    expect(s.postedSettings[0]).toContain('<scan:ColorMode>BlackAndWhite1</scan:ColorMode>');
    const stats = await sharp(pages[0]!.data).stats();
    expect(stats.channels[0]!.min).toBe(0);
    expect(stats.channels[0]!.max).toBe(255);
  });

  it('retries 503 "not ready" with back-off and still gets every page', async () => {
    const s = await simulator(2, { faults: { notReadyCount: 3 } });
    const { pages, error } = await collect(driver.scan(s.url, adf));
    expect(error).toBeNull();
    expect(pages).toHaveLength(2);
    expect(s.requests.filter((r) => r.status === 503)).toHaveLength(6);
  });

  it('gives up on a page that stays not ready with TIMEOUT, and deletes the job', async () => {
    const s = await simulator(2, { faults: { notReadyCount: 1000 } });
    const impatient = new EsclDriver({ retryDelayMs: 10, notReadyLimitMs: 200 });
    const { pages, error } = await collect(impatient.scan(s.url, adf));
    expect(codeOf(error)).toBe('TIMEOUT');
    expect(pages).toHaveLength(0);
    expect(s.deletedJobs).toHaveLength(1);
  });

  for (const { title, sheets, faults, kept, code } of [
    { title: 'turns a jam after page 2 into PAPER_JAM, keeping the 2 pages', sheets: 5, faults: { jamAfterPage: 2 }, kept: 2, code: 'PAPER_JAM' },
    { title: 'reports an empty feeder before the first page as FEEDER_EMPTY', sheets: 3, faults: { emptyFeeder: true }, kept: 0, code: 'FEEDER_EMPTY' },
    { title: 'turns a device that vanishes after page 3 into DEVICE_GONE, keeping the 3 pages', sheets: 5, faults: { vanishAfterPage: 3 }, kept: 3, code: 'DEVICE_GONE' },
    { title: 'turns a cancel at the device panel (410) into CANCELLED', sheets: 5, faults: { cancelAfterPage: 1 }, kept: 1, code: 'CANCELLED' },
  ]) {
    it(title, async () => {
      const s = await simulator(sheets, { faults });
      const { pages, error } = await collect(driver.scan(s.url, adf));
      expect(pages).toHaveLength(kept);
      expect(codeOf(error)).toBe(code);
    });
  }

  it('takes 409 with an empty feeder after pages as the normal end (devices that do not answer 404)', async () => {
    const s = await simulator(3, { faults: { endWith409: true } });
    const { pages, error } = await collect(driver.scan(s.url, adf));
    expect(error).toBeNull();
    expect(pages).toHaveLength(3);
    expect(s.requests.at(-2)).toMatchObject({ status: 409 });
  });

  it('reports an empty feeder refused at POST ScanJobs as FEEDER_EMPTY', async () => {
    const s = await simulator(3, { faults: { emptyFeeder: true, emptyFeederAtPost: true } });
    const { error } = await collect(driver.scan(s.url, adf));
    expect(codeOf(error)).toBe('FEEDER_EMPTY');
    expect(s.requests.find((r) => r.method === 'POST')).toMatchObject({ status: 409 });
  });

  it('aborts mid-batch: CANCELLED, the waiting request dropped, and the job DELETEd', async () => {
    const s = await simulator(5, { pageDelayMs: 300 });
    const controller = new AbortController();
    const got: RawPage[] = [];
    let error: unknown = null;
    try {
      for await (const page of driver.scan(s.url, adf, controller.signal)) {
        got.push(page);
        setTimeout(() => controller.abort(), 50);
      }
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toBe('CANCELLED');
    expect(got).toHaveLength(1);
    expect(s.deletedJobs).toHaveLength(1);
  });

  it('refuses a duplex scan on a simplex feeder and a resolution the device lacks', async () => {
    const s = await simulator(1);
    expect(codeOf((await collect(driver.scan(s.url, { ...adf, source: 'adfDuplex' }))).error)).toBe('UNSUPPORTED');
    expect(codeOf((await collect(driver.scan(s.url, { ...adf, dpi: 1200 }))).error)).toBe('UNSUPPORTED');
    expect(s.postedSettings).toEqual([]);
  });

  it('reports a closed port as DEVICE_NOT_FOUND and a silent device as TIMEOUT', async () => {
    const s = await simulator(1);
    const url = s.url;
    await s.close();
    sim = null;
    await expect(driver.capabilities(url)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });

    const silent = http.createServer(() => undefined); // accepts, never answers
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const quick = new EsclDriver({ requestTimeoutMs: 200 });
    await expect(quick.capabilities(`http://127.0.0.1:${port}/eSCL`)).rejects.toMatchObject({ code: 'TIMEOUT' });
    silent.closeAllConnections();
  });

  it('refuses capabilities over 1 MB and a page Location on another host', async () => {
    const big = http.createServer((req, res) => {
      if (req.url?.endsWith('ScannerCapabilities')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<scan:ScannerCapabilities>${'<x/>'.repeat(300_000)}</scan:ScannerCapabilities>`);
      } else res.end();
    });
    servers.push(big);
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    const port = (big.address() as AddressInfo).port;
    await expect(driver.capabilities(`http://127.0.0.1:${port}/eSCL`)).rejects.toMatchObject({ code: 'BAD_DATA' });

    const s = await simulator(1);
    const caps = s.url.replace(/\/eSCL$/, '');
    const liar = http.createServer((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(201, { location: 'http://127.0.0.2:9/eSCL/ScanJobs/x' });
        res.end();
        return;
      }
      // everything else from the real simulator
      http.get(`${caps}${req.url ?? ''}`, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      });
    });
    servers.push(liar);
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
    const liarPort = (liar.address() as AddressInfo).port;
    const { error } = await collect(driver.scan(`http://127.0.0.1:${liarPort}/eSCL`, adf));
    expect(codeOf(error)).toBe('BAD_DATA');
  });
});

describe('eSCL XML', () => {
  it('reads capabilities with another prefix, or none, the same way', () => {
    const xml = `<?xml version="1.0"?>
      <ScannerCapabilities xmlns="${'http://schemas.hp.com/imaging/escl/2011/05/03'}" xmlns:p="http://www.pwg.org/schemas/2010/12/sm">
        <p:MakeAndModel>Brother MFC</p:MakeAndModel>
        <Platen><PlatenInputCaps><MaxWidth>2550</MaxWidth><MaxHeight>3508</MaxHeight>
          <SettingProfiles><SettingProfile><ColorModes><ColorMode>RGB24</ColorMode></ColorModes>
          <DocumentFormats><p:DocumentFormat>image/jpeg</p:DocumentFormat></DocumentFormats>
          <SupportedResolutions><DiscreteResolutions>
            <DiscreteResolution><XResolution>300</XResolution><YResolution>300</YResolution></DiscreteResolution>
            <DiscreteResolution><XResolution>300</XResolution><YResolution>600</YResolution></DiscreteResolution>
          </DiscreteResolutions></SupportedResolutions></SettingProfile></SettingProfiles>
        </PlatenInputCaps></Platen>
      </ScannerCapabilities>`;
    const caps = parseEsclCapabilities(xml);
    expect(caps.makeAndModel).toBe('Brother MFC');
    expect(caps.platen?.resolutions).toEqual([300]); // 300×600 is not offered: X must equal Y
    expect(caps.adf).toBeNull();
    expect(parseEsclStatus('<a:ScannerStatus xmlns:a="x"><a:State>Idle</a:State></a:ScannerStatus>')).toEqual({ state: 'Idle', adfState: null });
  });

  it('refuses a document that is not capabilities, and broken XML', () => {
    expect(() => parseEsclCapabilities('<ScannerStatus/>')).toThrow();
    expect(() => parseEsclCapabilities('<ScannerCapabilities><Platen>')).toThrow();
    expect(() => parseEsclCapabilities('<ScannerCapabilities><Platen><PlatenInputCaps><MaxWidth>-1</MaxWidth></PlatenInputCaps></Platen></ScannerCapabilities>')).toThrow();
  });

  it('accepts only http eSCL roots', () => {
    expect(esclRoot('http://10.0.0.5/eSCL/').href).toBe('http://10.0.0.5/eSCL');
    expect(() => esclRoot('file:///etc/passwd')).toThrow(ScannerError);
    expect(() => esclRoot('https://10.0.0.5/eSCL')).toThrow(/UNSUPPORTED/);
  });
});
