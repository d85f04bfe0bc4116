/**
 * `npm run bench -- <name>`: one JSON line per benchmark, measured against a peer in the same run.
 *
 *   queue  — call-next latency with 20 counters over WebSocket (in the hub's process, and again from a
 *            process of their own: `_counters_apart`), issue→printer latency with real
 *            raster rendering to a loopback ESC/POS printer, duplicates; the peer is the latency of a
 *            bare synchronous=FULL SQLite commit on the same disk (the floor any durable call pays).
 *   capture — the image pipeline (worker pool) against unpaper on the same 50 scanned pages: pages/s,
 *            deskew error, blank-detection F1, peak RSS over 500 pages (scripts/bench/capture.ts); then
 *            OCR s/page with our tesseract.js pool against native tesseract (OMP_THREAD_LIMIT=1) on the
 *            same Persian pages (scripts/bench/ocr.ts).
 *   sync   — the outbox delivering one 40-page, 20 MB submission to the reference central over loopback
 *            HTTP (MB/s, runOnce → receipt stored, median of 3) against the same bytes in one plain HTTP
 *            PUT hashed on arrival (the floor; `ratio`), the central alone (submissions/s, central/bench.ts,
 *            BENCH_CENTRAL_SECONDS), and resuming after the link is cut mid-upload (fault proxy): time from
 *            healing to the receipt, pages sent again. Real PostgreSQL (a fresh schema) when DATABASE_URL
 *            or DAFTARYAR_TEST_PG_URL is set, else PGlite (scripts/bench/sync.ts).
 *   workstation — a workstation's agent scanning into a hub in another network namespace (root): page on
 *            the workstation → thumbnail on its counter (p50/p95 ms), pages/s for a 200-page batch, the
 *            agent's peak RSS (scripts/bench/workstation.ts, docs/WORKSTATIONS.md).
 *   search — «جستجوی درخواست» on a generated five-year office (300,000 requests, 3 M page rows, 2 M audit
 *            entries): p95 per kind of search and of opening a found request, through the hub's dispatch;
 *            the peer is a call that does nothing (`health`) on the same path (scripts/bench/search.ts, docs/SEARCH.md).
 *   backup — a generated 2 GB office (database + sealed page files): the hourly incremental backup while
 *            every counter calls the next number in a loop; the peer is the same loop with no backup
 *            (scripts/bench/backup.ts, docs/BACKUP.md).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { durableCommitTimesMs } from '../db/commitProbe';
import { FakeEscPosPrinter } from '../test/support/fakePrinter';
import { queueOffice } from '../test/support/queueOffice';
import { benchCapture } from './bench/capture';
import { callUntilEmpty } from './bench/callUntilEmpty';
import { benchOcr, benchPages } from './bench/ocr';
import { benchSync } from './bench/sync';
import { benchWorkstation } from './bench/workstation';
import { benchSearch } from './bench/search';
import { benchBackup } from './bench/backup';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 100) / 100;
}

/** The peer: how long one durable commit takes here (WAL, synchronous=FULL), median of 200. */
function sqliteFullCommitMs(): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-bench-'));
  try {
    const times = durableCommitTimesMs(path.join(dir, 'peer.sqlite'), 200);
    return percentile(times, 50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchQueue() {
  const COUNTERS = 20;
  const TICKETS = Number(process.env.BENCH_TICKETS ?? 4000);
  const fsyncMs = sqliteFullCommitMs();

  // 1. call next under contention: 20 counters, each calling as fast as it can
  const office = await officeWithLine(COUNTERS, TICKETS);
  const { latencies, seen, servedMs } = await callUntilEmpty(office.clerks);
  const duplicates = Object.values(seen).filter((n) => n > 1).length;
  const lost = TICKETS - Object.keys(seen).length;
  await office.close();

  // 1b. the same, with the counters in a process of their own (scripts/bench/queueCounters.ts): in an
  // office they are other PCs, and the figure above also carries their work on the hub's event loop
  const apart = await officeWithLine(COUNTERS, TICKETS);
  const counters = apart.clerks.map((c) => ({ session: c.session, counterId: c.counterId }));
  for (const c of apart.clerks) c.client.close(); // the hub takes only so many connections from one address
  await new Promise((r) => setTimeout(r, 200));
  const outside = await countersApart({ url: apart.url, counters });
  await apart.close();
  const apartSeen = Object.values(outside.seen);

  // 2. issue → printer: render, encode, send to a loopback printer, confirm status, queue the ticket
  const printer = await new FakeEscPosPrinter().start();
  const printing = await queueOffice({ counters: 2 });
  const manager = printing.kiosk; // the kiosk session may issue; the manager sets the printer below
  const { wsClient } = await import('../test/support/wsClient');
  const admin = await wsClient(printing.url);
  admin.setSession((await admin.ok('auth.login', { username: 'maryam', password: 'office-password-1' })).session);
  await admin.ok('queue.setPrinter', { printer: { kind: 'network', host: '127.0.0.1', port: printer.port, paper: '80mm' } });
  const issueTimes: number[] = [];
  for (let i = 0; i < 120; i++) {
    const t0 = performance.now();
    await manager.ok('queue.issueTicket', { serviceId: printing.serviceIds[i % printing.serviceIds.length]! });
    if (i >= 20) issueTimes.push(performance.now() - t0); // the first 20 warm the font cache
  }
  const printedOk = printer.printed().length === 120;
  admin.close();
  await printing.close();
  await printer.stop();

  return {
    bench: 'queue',
    counters: COUNTERS,
    tickets: TICKETS,
    call_next_p50_ms: percentile(latencies, 50),
    call_next_p99_ms: percentile(latencies, 99),
    call_next_p50_ms_counters_apart: percentile(outside.latencies, 50),
    call_next_p99_ms_counters_apart: percentile(outside.latencies, 99),
    calls_per_s_counters_apart: Math.round((2 * TICKETS) / (outside.servedMs / 1000)),
    duplicates_counters_apart: apartSeen.filter((n) => n > 1).length,
    lost_counters_apart: TICKETS - apartSeen.length,
    calls_per_s: Math.round((2 * TICKETS) / (servedMs / 1000)),
    issue_to_printer_p50_ms: percentile(issueTimes, 50),
    issue_to_printer_p95_ms: percentile(issueTimes, 95),
    printed_all: printedOk,
    duplicates,
    lost,
    peer_sqlite_full_commit_ms: fsyncMs,
    call_next_p99_over_commit: Math.round((percentile(latencies, 99) / fsyncMs) * 10) / 10,
  };
}

/** A queue office with `tickets` waiting, spread over its services, issued at the kiosk 500 at a time. */
async function officeWithLine(counters: number, tickets: number) {
  const office = await queueOffice({ counters });
  for (let i = 0; i < tickets; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, tickets - i) }, (_, k) => office.kiosk.ok('queue.issueTicket', { serviceId: office.serviceIds[(i + k) % office.serviceIds.length]! })));
  }
  return office;
}

/** Runs the counters of a queue bench in a child process and reads back its one JSON line. */
function countersApart(plan: { url: string; counters: Array<{ session: string; counterId: number }> }): Promise<{ latencies: number[]; seen: Record<string, number>; servedMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench', 'queueCounters.ts'), JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`queueCounters exited with ${code}`))));
  });
}

/** capture: the image pipeline against unpaper, then OCR against native tesseract — one JSON line. */
async function benchCaptureAll() {
  const pipeline = await benchCapture();
  const ocr = await benchOcr(await benchPages(Number(process.env.BENCH_OCR_PAGES ?? 6)));
  return { ...pipeline, ...ocr };
}

const benches: Record<string, () => Promise<object>> = { queue: benchQueue, capture: benchCaptureAll, sync: benchSync, workstation: benchWorkstation, search: benchSearch, backup: benchBackup };

const name = process.argv[2];
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
const result = await benches[name]!();
console.log(JSON.stringify(result));
process.exit(0);
