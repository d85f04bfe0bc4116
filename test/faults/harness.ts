/**
 * Fault-injection trials for the outbox (issue 6's proof; docs/SYNC.md § Faults). Each trial:
 *
 *   1. copies a template office — a hub whose requests were walked through the real counter workflow
 *      and «ارسال»-ed while it had no link at all — and enrolls it with a fresh office of the central;
 *   2. for a few seconds breaks everything it can, from a seeded generator: the TCP fault proxy between
 *      hub and central switches between latency, a bandwidth cap, a black hole, refused connections
 *      and a reset mid-stream; the central answers 500/503/429/409 at random and, with PostgreSQL,
 *      kills itself (SIGKILL) between a submission's commit and its reply; the hub is killed with
 *      SIGKILL at random moments and started again on the same files;
 *   3. heals the link and checks, over everything: 0 lost (every submission the office committed is at
 *      the central), 0 duplicated (one row and one tracking code per request), integrity (every page
 *      the central holds hashes to its name and matches the manifest's size), the hub's receipts equal
 *      the central's, and liveness (the outbox drained within 60 s of healing).
 *
 * Without PostgreSQL (no DAFTARYAR_TEST_PG_URL / DATABASE_URL) the central runs in this process on
 * PGlite, and "killing it after the commit" becomes throwing after the commit (the reply is lost the
 * same way, the process lives); the report says which.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { createCentralApp } from '../../central/app';
import { migrate } from '../../central/migrations';
import { pgliteSql, pgSql, type Sql } from '../../central/sql';
import { openWithKeyFile } from '../../hub/keys/keyFile';
import { DATABASE_FILE, startHub } from '../../hub/start';
import { silentLogger } from '../../hub/log';
import { KEY_FILE } from '../../hub/keys/keyFile';
import * as s from '../../db/sync';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { syncOffice } from '../support/sync';
import { mulberry32, plannedFaults } from './plan';
import { childBuild } from '../../scripts/buildNodeOptions.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
/** The children, bundled once per run (tsx would take seconds per start); packages resolve from the repo's node_modules. */
const BUNDLE_DIR = path.join(HERE, `../../node_modules/.cache/daftaryar-faults-${process.pid}`);

async function bundleChildren(): Promise<void> {
  const { build } = await import('esbuild');
  await build(childBuild({ hubChild: path.join(HERE, 'hubChild.ts'), centralChild: path.join(HERE, 'centralChild.ts') }, BUNDLE_DIR));
}

export interface FaultOptions {
  trials: number;
  seed?: number;
  /** requests in the template office, and pages per request */
  requests?: number;
  pages?: number;
  /** how long each trial breaks things (ms): [min, max] */
  faultMs?: [number, number];
  /** PostgreSQL for the central (killed for real); PGlite in this process otherwise */
  pgUrl?: string | undefined;
  log?: (line: string) => void;
}

export interface FaultReport {
  trials: number;
  central: 'postgresql-process' | 'pglite-in-process';
  submissions: number;
  lost: number;
  duplicated: number;
  integrity_failures: number;
  receipt_mismatches: number;
  liveness_failures: number;
  max_drain_after_heal_s: number;
  hub_kills: number;
  central_kills: number;
  proxy_changes: number;
  /** submissions the central had already taken when the link was healed: the faults met real traffic */
  delivered_under_faults: number;
  failures: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The template: an office with `requests` requests sent while it had no identity (queued, never tried). */
async function buildTemplate(requests: number, pages: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-faults-template-'));
  const db = openWithKeyFile(path.join(dir, DATABASE_FILE), path.join(dir, KEY_FILE));
  const o = await syncOffice({ dir, db, pages });
  const deadlines = ['1405/09/20', undefined, '1405/09/10', undefined];
  for (let i = 0; i < requests; i++) await o.sent(deadlines[i % deadlines.length]);
  await o.t.hub.services.capture.close();
  o.t.close();
  return dir;
}

interface HubProcess {
  child: ChildProcess;
  last: { pending: number; rejected: number; flagged: number; link: string } | null;
  ready: Promise<void>;
  exited: Promise<void>;
  stderr: string;
}

function startHubChild(dataDir: string, env: Record<string, string>): HubProcess {
  const child = spawn(process.execPath, [path.join(BUNDLE_DIR, 'hubChild.js'), dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const hub: HubProcess = { child, last: null, ready: Promise.resolve(), exited: Promise.resolve(), stderr: '' };
  let buffer = '';
  hub.ready = new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const msg = JSON.parse(line) as { ready?: boolean; pending?: number };
          if (msg.ready) resolve();
          else if (typeof msg.pending === 'number') hub.last = msg as HubProcess['last'];
        } catch {
          // a partial line from a killed process
        }
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`hub exited before ready (${code ?? signal}): ${hub.stderr.slice(-2000)}`)));
  });
  hub.ready.catch(() => {});
  child.stderr!.on('data', (d: Buffer) => {
    hub.stderr = (hub.stderr + d.toString()).slice(-20_000);
  });
  hub.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  return hub;
}

/** The central under test: a child process on PostgreSQL (killable), or in this process on PGlite. */
interface CentralUnderTest {
  kind: FaultReport['central'];
  port: number;
  sql: Sql;
  setPlan(plan: { faultRate: number; killRate: number; seed: number }): void;
  /** restarts a central that died; resolves when it serves again */
  ensureUp(): Promise<void>;
  kills(): number;
  close(): Promise<void>;
}

async function pgCentral(url: string): Promise<CentralUnderTest> {
  const schema = `faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sql = pgSql({ connectionString: url, options: `-c search_path=${schema}` }, 4);
  await migrate(sql);
  const port = await freePort();
  let plan = { faultRate: 0, killRate: 0, seed: 1 };
  let child: ChildProcess | null = null;
  let up: Promise<void> | null = null;
  let kills = 0;
  const start = () => {
    const c = spawn(process.execPath, [path.join(BUNDLE_DIR, 'centralChild.js')], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, DATABASE_URL: url, FAULT_SCHEMA: schema, FAULT_PORT: String(port) },
    });
    let err = '';
    c.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child = c;
    up = new Promise<void>((resolve, reject) => {
      c.on('message', (m: { ready?: boolean }) => {
        if (m.ready) {
          c.send({ ...plan, seed: plan.seed + kills * 7919 });
          resolve();
        }
      });
      c.once('exit', (code, signal) => {
        if (signal === 'SIGKILL') kills++;
        if (child === c) child = null;
        reject(new Error(`central exited (${code ?? signal}): ${err}`));
      });
    });
    up.catch(() => {});
    return up;
  };
  await start();
  return {
    kind: 'postgresql-process',
    port,
    sql,
    setPlan(p) {
      plan = p;
      if (child?.connected) child.send(p);
    },
    async ensureUp() {
      if (!child) await start();
      else await up;
    },
    kills: () => kills,
    async close() {
      const c = child as ChildProcess | null;
      child = null;
      if (c) {
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await gone;
      }
      await sql.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await sql.close();
    },
  };
}

async function inProcessCentral(): Promise<CentralUnderTest> {
  const sql = await pgliteSql();
  let kills = 0;
  const faults = plannedFaults(() => {
    kills++;
    throw new Error('the central died after its commit (simulated: no PostgreSQL to kill it for real)');
  });
  const app = await createCentralApp({ sql, hooks: faults.hooks });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    kind: 'pglite-in-process',
    port: (app.server.address() as { port: number }).port,
    sql,
    setPlan: (p) => faults.setPlan(p),
    async ensureUp() {},
    kills: () => kills,
    async close() {
      await app.close();
      await sql.close();
    },
  };
}

export async function runFaultTrials(options: FaultOptions): Promise<FaultReport> {
  const log = options.log ?? (() => {});
  const requests = options.requests ?? 3;
  const pages = options.pages ?? 4;
  const [minFault, maxFault] = options.faultMs ?? [4000, 7000];
  const seed = options.seed ?? 20261128;
  await bundleChildren();
  const template = await buildTemplate(requests, pages);
  const central = options.pgUrl ? await pgCentral(options.pgUrl) : await inProcessCentral();
  const proxy: FaultProxy = await startFaultProxy({ target: { host: '127.0.0.1', port: central.port } });
  const report: FaultReport = {
    trials: 0,
    central: central.kind,
    submissions: 0,
    lost: 0,
    duplicated: 0,
    integrity_failures: 0,
    receipt_mismatches: 0,
    liveness_failures: 0,
    max_drain_after_heal_s: 0,
    hub_kills: 0,
    central_kills: 0,
    proxy_changes: 0,
    delivered_under_faults: 0,
    failures: [],
  };
  const fail = (trial: number, what: string) => {
    report.failures.push(`trial ${trial}: ${what}`);
    log(`trial ${trial}: FAIL ${what}`);
  };

  try {
    for (let trial = 0; trial < options.trials; trial++) {
      const rand = mulberry32(seed + trial * 1_000_003);
      const t0 = Date.now();
      const lap = (what: string) => process.env.FAULT_DEBUG && log(`trial ${trial}: ${what} at ${Date.now() - t0} ms`);
      const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-faults-'));
      cpSync(template, dir, { recursive: true });
      const office = await createOffice(central.sql, { code: String(600_000 + trial + (seed % 1000) * 1000), name: `دفتر آزمون ${trial}` });
      const { code } = await issueEnrollmentCode(central.sql, office.id);
      // enrolled here, on a clear link, with the outbox held: the trial's hub starts into the faults
      const enrolling = startHub({ dataDir: dir, version: 'faults', log: silentLogger, sync: { autoStart: false } });
      await enrolling.hub.services.sync.enroll(proxy.url, code, null);
      // the trial's central office is numbered apart from the template's: kept, as a manager would after the warning
      const pending = enrolling.hub.services.sync.status().pendingEnrollment;
      if (pending) enrolling.hub.services.sync.confirmEnrollment(pending.token, null);
      await enrolling.hub.services.capture.close();
      await enrolling.close();
      const env = { FAULT_RESEND_MS: '300' };
      lap('enrolled');

      // ---- break things for a while, from the moment the hub starts ----
      const faultMs = minFault + rand() * (maxFault - minFault);
      central.setPlan({ faultRate: 0.03 + rand() * 0.07, killRate: 0.3, seed: seed + trial });
      const breakLink = () => {
        const r = rand();
        if (r < 0.15) proxy.set({ mode: 'pass', latencyMs: 0, bandwidthBytesPerS: null });
        else if (r < 0.35) proxy.set({ mode: 'pass', latencyMs: 20 + Math.floor(rand() * 200), bandwidthBytesPerS: null });
        else if (r < 0.55) proxy.set({ mode: 'pass', latencyMs: 0, bandwidthBytesPerS: 10_000 + Math.floor(rand() * 100_000) });
        else if (r < 0.67) proxy.set({ mode: 'blackhole' });
        else if (r < 0.77) {
          proxy.set({ mode: 'refuse' });
          proxy.cutAll();
        } else if (r < 0.92) {
          proxy.set({ mode: 'pass', latencyMs: 0, bandwidthBytesPerS: 50_000 });
          proxy.resetAfterBytes(200 + Math.floor(rand() * 40_000));
        } else proxy.cutAll();
        report.proxy_changes++;
      };
      breakLink();
      let hub = startHubChild(dir, env);
      try {
        await hub.ready;
        lap('hub ready');
        const until = Date.now() + faultMs;
        const killAt = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => Date.now() + rand() * faultMs).sort((a, b) => a - b);
        while (Date.now() < until) {
          breakLink();
          const step = 150 + rand() * 500;
          const stepEnd = Date.now() + step;
          while (Date.now() < stepEnd) {
            if (killAt.length && Date.now() >= killAt[0]!) {
              killAt.shift();
              hub.child.kill('SIGKILL');
              await hub.exited;
              report.hub_kills++;
              hub = startHubChild(dir, env);
              await hub.ready;
            }
            await central.ensureUp().catch(() => {});
            await sleep(25);
          }
        }

        // ---- heal ----
        report.delivered_under_faults += Number(
          (await central.sql.query<{ n: string | number }>('SELECT count(*) AS n FROM submission WHERE office_id = $1', [office.id])).rows[0]!.n,
        );
        proxy.set({ mode: 'pass', latencyMs: 0, bandwidthBytesPerS: null });
        proxy.resetAfterBytes(null);
        proxy.cutAll(); // black-holed connections are dead for good; the hub reconnects
        central.setPlan({ faultRate: 0, killRate: 0, seed: seed + trial });
        await central.ensureUp();
        const healed = Date.now();
        lap('healed');
        let drained = false;
        while (Date.now() - healed < 60_000) {
          const st = hub.last;
          if (st && st.pending === 0 && st.rejected === 0 && st.flagged === 0) {
            drained = true;
            break;
          }
          await central.ensureUp().catch(() => {});
          await sleep(50);
        }
        const drainS = (Date.now() - healed) / 1000;
        report.max_drain_after_heal_s = Math.max(report.max_drain_after_heal_s, Math.round(drainS * 100) / 100);
        if (!drained) {
          report.liveness_failures++;
          fail(trial, `outbox not drained 60 s after healing: ${JSON.stringify(hub.last)}`);
        }
      } finally {
        const stopped = hub.exited;
        hub.child.kill('SIGTERM');
        await Promise.race([stopped, sleep(5000).then(() => hub.child.kill('SIGKILL'))]);
        await hub.exited;
      }

      lap('hub stopped');
      // ---- check ----
      const db = openWithKeyFile(path.join(dir, DATABASE_FILE), path.join(dir, KEY_FILE));
      try {
        const local = db.prepare('SELECT id, request_id AS requestId, tracking_code AS trackingCode, manifest_sha256 AS manifestSha FROM submission').all() as {
          id: string;
          requestId: string;
          trackingCode: string | null;
          manifestSha: string | null;
        }[];
        const rows = (
          await central.sql.query<{ submission_id: string; tracking_code: string; manifest_sha256: string; request_id: string }>(
            "SELECT submission_id, tracking_code, manifest_sha256, manifest->'request'->>'id' AS request_id FROM submission WHERE office_id = $1",
            [office.id],
          )
        ).rows;
        report.submissions += local.length;
        const byId = new Map(rows.map((r) => [r.submission_id, r]));
        for (const l of local) {
          const r = byId.get(l.id);
          if (!r) {
            report.lost++;
            fail(trial, `submission ${l.id} committed at the office is not at the central`);
          } else if (r.tracking_code !== l.trackingCode || r.manifest_sha256 !== l.manifestSha) {
            report.receipt_mismatches++;
            fail(trial, `submission ${l.id}: the office holds ${l.trackingCode}, the central ${r.tracking_code}`);
          }
        }
        const perRequest = new Map<string, number>();
        for (const r of rows) perRequest.set(r.request_id, (perRequest.get(r.request_id) ?? 0) + 1);
        for (const [requestId, n] of perRequest) {
          if (n > 1) {
            report.duplicated += n - 1;
            fail(trial, `request ${requestId} is at the central ${n} times`);
          }
        }
        if (rows.length !== new Set(rows.map((r) => r.tracking_code)).size) fail(trial, 'a tracking code is shared');
        // integrity: every page the manifests name is there, hashes to its name, has the size named
        const bad = await central.sql.query<{ n: string | number }>(
          `SELECT count(*) AS n FROM submission s, jsonb_array_elements(s.manifest->'documents') d, jsonb_array_elements(d->'pages') p
             LEFT JOIN blob b ON b.office_id = $1 AND b.sha256 = p->>'sha256'
           WHERE s.office_id = $1 AND (b.sha256 IS NULL OR encode(sha256(b.data), 'hex') <> b.sha256 OR b.bytes <> (p->>'bytes')::int OR length(b.data) <> b.bytes)`,
          [office.id],
        );
        const badPages = Number(bad.rows[0]!.n);
        if (badPages > 0) {
          report.integrity_failures += badPages;
          fail(trial, `${badPages} pages fail the integrity check`);
        }
        // the office's own pages, as the manifest names them, hash to their names (nothing damaged by the kills)
        for (const l of local) {
          const sub = s.submission(db, l.id);
          if (sub?.manifest && createHash('sha256').update(sub.manifest).digest('hex') !== sub.manifestSha256) fail(trial, `stored manifest of ${l.id} changed`);
        }
      } finally {
        db.close();
      }
      report.trials++;
      report.central_kills = central.kills();
      log(`trial ${trial}: ok (hub kills so far ${report.hub_kills}, central kills ${report.central_kills})`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await proxy.close();
    await central.close();
    rmSync(template, { recursive: true, force: true });
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
  }
  return report;
}
