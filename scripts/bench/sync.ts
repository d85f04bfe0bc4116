/**
 * `npm run bench -- sync`: the hub's outbox delivering to the reference central, against peers
 * measured in the same run.
 *
 * What is real: the hub (test/support/sync.ts `syncOffice`: a request walked through the counter
 * workflow and «ارسال» via `request.send`, so the manifest, its signature, the outbox row and the
 * encrypted page store are the real ones), the outbox (`sync.runOnce()`: missing-pages check, signed
 * page uploads over undici fetch, the signed manifest, the receipt verified and stored), and the
 * central (`createCentralApp` over loopback HTTP on real PostgreSQL when DATABASE_URL or
 * DAFTARYAR_TEST_PG_URL is set — a fresh schema, dropped at the end — else PGlite).
 * What is staged: the scanner and image pipeline. The scanner yields 40 pages of random grey noise
 * encoded as JPEG (≈500 kB each, incompressible, different in every scan) and the pipeline passes
 * them through unchanged (a tiny fixed thumbnail and view), so the bench measures delivery, not the
 * image pipeline (that is `npm run bench -- capture`). BENCH_UPLOAD_CONCURRENCY overrides the
 * outbox's pages-at-once; BENCH_SYNC_TRACE=1 prints where the central's time per page goes. The hub's clock is the test clock; the
 * central follows it (the outbox's requests are signed with that time).
 *
 * Peers:
 *   raw_http — the same bytes in ONE plain HTTP PUT (node:http, no signing, no TLS) to a plain
 *              node:http server on loopback that hashes the body (sha256) and answers: what the
 *              central does per page, without storing it — the floor for moving those bytes here.
 *   pg_bytea_insert — the same bytes as 40 autocommitted INSERTs into a bare bytea table of the same
 *              database, 3 at a time: the floor for storing them durably (the central cannot beat it).
 *   central  — central/bench.ts: 20 enrolled devices submitting 10-page manifests (the central alone).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { createCentralApp } from '../../central/app';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { benchCentralSubmissions, byteaInsertsMs } from '../../central/bench';
import { pgliteSql, type Sql } from '../../central/sql';
import { openTestSchema } from '../../test/support/central';
import * as s from '../../db/sync';
import type { CapturePorts, ImagePipeline } from '../../hub/capture/ports';
import type { ScannerDriver } from '../../native/capture/types';
import { startFaultProxy } from '../../test/support/faultProxy';
import { syncOffice, type SyncTestHub } from '../../test/support/sync';
import { scriptedScanner, testCapturePorts, type ScriptedScan } from '../../test/support/capture';

const PAGES = 40;
/** 680 × 700 grey noise at JPEG quality 100 ≈ 500 kB */
const NOISE_W = 680;
const NOISE_H = 700;
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function noisePage(): Promise<Buffer> {
  return sharp(randomBytes(NOISE_W * NOISE_H), { raw: { width: NOISE_W, height: NOISE_H, channels: 1 } })
    .jpeg({ quality: 100 })
    .toBuffer();
}

function centralDb(): { name: 'postgresql' | 'pglite'; open: () => Promise<Sql> } {
  const url = process.env.DATABASE_URL ?? process.env.DAFTARYAR_TEST_PG_URL;
  return url ? { name: 'postgresql', open: () => openTestSchema(url) } : { name: 'pglite', open: () => pgliteSql() };
}

/** The floor: `bytes` in one plain PUT to a server that hashes what it reads. */
async function rawHttpPut(body: Buffer): Promise<number> {
  const server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => res.end(hash.digest('hex')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const t0 = performance.now();
    const digest = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/blob', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    const ms = performance.now() - t0;
    if (digest !== createHash('sha256').update(body).digest('hex')) throw new Error('raw peer: digest mismatch');
    return ms;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function benchSync() {
  const db = centralDb();
  const sql = await db.open();
  const hubs: SyncTestHub[] = [];
  let app: FastifyInstance | null = null;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | null = null;
  let clock: () => Date = () => new Date();
  /** every signed page upload the central sees (counted before routing) */
  let blobPuts = 0;
  let officeCode = 70_000 + Math.floor(Math.random() * 20_000);
  try {
    app = await createCentralApp({
      sql,
      now: () => clock(),
      limits: { perOfficePerMinute: 1e9 },
      hooks: {
        faultFor: (req) => {
          if (req.method === 'PUT' && req.url.startsWith('/v1/blobs/')) blobPuts++;
          return null;
        },
      },
    });
    // BENCH_SYNC_TRACE=1: where the central's time per page PUT goes (stderr), summed over a run
    const trace = { n: 0, ms: 0, body: 0, auth: 0, handler: 0 };
    if (process.env.BENCH_SYNC_TRACE) {
      const started = new WeakMap<object, number[]>();
      app.addHook('onRequest', async (req) => void started.set(req, [performance.now()]));
      app.addHook('preValidation', async (req) => void started.get(req)!.push(performance.now()));
      app.addHook('preHandler', async (req) => void started.get(req)!.push(performance.now()));
      app.addHook('onSend', async (req) => void started.get(req)!.push(performance.now()));
      app.addHook('onResponse', async (req) => {
        if (req.method === 'PUT' && req.url.startsWith('/v1/blobs/')) {
          const t = started.get(req)!;
          trace.n++;
          trace.ms += performance.now() - t[0]!;
          trace.body += t[1]! - t[0]!;
          trace.auth += t[2]! - t[1]!;
          trace.handler += t[3]! - t[2]!;
        }
      });
    }
    await app.listen({ host: '127.0.0.1', port: 0 });
    const centralUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (app.server.address() as AddressInfo).port } });

    const tinyJpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const enrolledHub = async (url: string) => {
      const o = await syncOffice({ pages: PAGES, ports: (script) => noisePorts(script, tinyJpeg), sync: { autoStart: false, timeoutMs: 10_000, concurrency: 1, ...(process.env.BENCH_UPLOAD_CONCURRENCY ? { uploadConcurrency: Number(process.env.BENCH_UPLOAD_CONCURRENCY) } : {}) } });
      hubs.push(o);
      clock = () => o.t.hub.services.now();
      const office = await createOffice(sql, { code: String(++officeCode), name: `دفتر ${officeCode}` });
      const { code } = await issueEnrollmentCode(sql, office.id, 3_600_000, clock());
      await o.t.ok('sync.enroll', { centralUrl: url, code }, o.t.managerSession);
      return o;
    };

    // 1. the outbox: one 40-page submission, runOnce start → receipt stored; 3 runs
    const hub = await enrolledHub(centralUrl);
    const syncRuns: { ms: number; bytes: number }[] = [];
    let sample: Buffer | null = null;
    for (let i = 0; i < RUNS; i++) {
      const { submissionId } = await hub.sent();
      const sub = s.submission(hub.t.db, submissionId)!;
      if (sub.pages !== PAGES) throw new Error(`expected ${PAGES} pages, the submission has ${sub.pages}`);
      const t0 = performance.now();
      await hub.sync.runOnce();
      const ms = performance.now() - t0;
      if (!s.submission(hub.t.db, submissionId)!.deliveredAt) throw new Error(`sync run ${i + 1}: not delivered (${s.outboxItem(hub.t.db, submissionId)?.lastErrorCode ?? '?'})`);
      syncRuns.push({ ms, bytes: sub.bytes });
      if (process.env.BENCH_SYNC_TRACE) console.error(`sync run ${i + 1}: ${Math.round(ms)} ms; the central's ${trace.n} page PUTs summed ${Math.round(trace.ms)} ms: body ${Math.round(trace.body)}, signature check ${Math.round(trace.auth)}, digest + INSERT ${Math.round(trace.handler)}`);
      trace.body = trace.auth = trace.handler = 0;
      trace.n = 0;
      trace.ms = 0;
      if (!sample) sample = randomBytes(sub.bytes); // the raw peer moves the same number of (incompressible) bytes
    }
    const bytes = syncRuns[0]!.bytes;
    const mbps = (b: number, ms: number) => b / 1e6 / (ms / 1000);
    const syncMbps = syncRuns.map((r) => round(mbps(r.bytes, r.ms)));

    // 2. the floor: the same number of bytes in one plain PUT, hashed on arrival; 3 runs
    const rawMbps: number[] = [];
    for (let i = 0; i < RUNS; i++) rawMbps.push(round(mbps(bytes, await rawHttpPut(sample!))));

    // 2b. the storage floor: the same bytes as 40 durable bytea INSERTs, 3 at a time (the outbox's default)
    const pgMbps: number[] = [];
    for (let i = 0; i < RUNS; i++) pgMbps.push(round(mbps(bytes, await byteaInsertsMs(sql, sample!, PAGES, 3, i))));

    // 4. resume after a cut, through the fault proxy
    const cutHub = await enrolledHub(proxy.url);
    const { submissionId: cutId } = await cutHub.sent();
    let confirmedAtCut = 0;
    const delivering = cutHub.sync.runOnce();
    for (;;) {
      confirmedAtCut = s.confirmedPages(cutHub.t.db, cutId).size;
      if (confirmedAtCut >= PAGES / 2) break;
      if (s.submission(cutHub.t.db, cutId)!.deliveredAt) throw new Error('resume: delivered before the cut');
      await new Promise((r) => setTimeout(r, 1));
    }
    proxy.cutAll();
    proxy.set({ mode: 'refuse' });
    await delivering;
    confirmedAtCut = s.confirmedPages(cutHub.t.db, cutId).size;
    if (s.submission(cutHub.t.db, cutId)!.deliveredAt) throw new Error('resume: the cut came too late (delivered)');
    const offlineProbe = await cutHub.sync.probe();
    proxy.set({ mode: 'pass' });
    const putsBefore = blobPuts;
    const h0 = performance.now();
    const back = await cutHub.sync.probe();
    await cutHub.sync.runOnce();
    const resumeMs = performance.now() - h0;
    if (!back || offlineProbe) throw new Error('resume: the probe did not see the link go and come back');
    if (!s.submission(cutHub.t.db, cutId)!.deliveredAt) throw new Error(`resume: not delivered after healing (${s.outboxItem(cutHub.t.db, cutId)?.lastErrorCode ?? '?'})`);
    const resent = blobPuts - putsBefore;

    // 3. the central alone
    const centralSql = await db.open();
    let central;
    try {
      central = await benchCentralSubmissions({ sql: centralSql, seconds: Number(process.env.BENCH_CENTRAL_SECONDS ?? 10) });
    } finally {
      await centralSql.close();
    }

    const syncMedian = median(syncMbps);
    const rawMedian = median(rawMbps);
    return {
      bench: 'sync',
      central_db: db.name,
      pages: PAGES,
      bytes,
      sync_mb_per_s: syncMedian,
      sync_runs_mb_per_s: syncMbps,
      sync_runs_ms: syncRuns.map((r) => Math.round(r.ms)),
      raw_http_mb_per_s: rawMedian,
      raw_http_runs_mb_per_s: rawMbps,
      ratio: round(syncMedian / rawMedian, 3),
      pg_bytea_insert_mb_per_s: median(pgMbps),
      pg_bytea_insert_runs_mb_per_s: pgMbps,
      ratio_to_pg_insert: round(syncMedian / median(pgMbps), 2),
      ...central,
      resume_after_cut_s: round(resumeMs / 1000, 2),
      resume_confirmed_at_cut: confirmedAtCut,
      resume_pages_resent: resent,
    };
  } finally {
    for (const o of hubs) {
      await o.sync.close();
      o.t.close();
      rmSync(o.dir, { recursive: true, force: true });
    }
    await proxy?.close();
    await app?.close();
    await sql.close();
  }
}

/** A scanner that yields `script().pages.length` noise pages, new ones every scan; a pass-through pipeline. */
function noisePorts(script: () => ScriptedScan, tiny: Buffer): CapturePorts {
  const scanner: ScannerDriver = {
    ...scriptedScanner(script),
    async *scan(_device, settings, signal) {
      const n = script().pages.length;
      for (let index = 0; index < n; index++) {
        if (signal?.aborted) return;
        yield { index, data: await noisePage(), mime: 'image/jpeg', dpi: settings.dpi };
      }
    },
  };
  const pipeline: ImagePipeline = {
    async process(page) {
      return { image: page.data, mime: 'image/jpeg', widthPx: NOISE_W, heightPx: NOISE_H, dpi: page.dpi, deskewDeg: 0, crop: null, blank: false, inkRatio: 0.5, thumb: tiny, view: tiny };
    },
    async close() {},
  };
  return { ...testCapturePorts(script), driver: () => scanner, pipeline: () => pipeline };
}
