/**
 * `npm run bench -- workstation`: a workstation's agent scanning and printing for a hub in another
 * network namespace (root needed; test/support/netns.ts), over real HTTPS and pairing, each figure
 * against the same work done on the hub's PC itself in the same run.
 *
 * 1. Thumbnail latency, on the hub's PC (the peer) and on the workstation, alternating over
 *    BENCH_WS_ROUNDS (3) rounds: each round BENCH_WS_LATENCY_PAGES (40) A4 pages, 300 dpi grey, arrive in
 *    a scan folder at 2 pages/s (a 60 ppm feeder). thumb_ms per
 *    page = from the scanner driver handing the page over (on the workstation: the agent's driver,
 *    `scannedAt` of its `page spooled` line; on the hub's PC: the hub's driver, timed by the hub process,
 *    test/multihost/hubMain.ts) to the counter on that PC holding the page's thumbnail
 *    (`capture.changed`, `capture.view`, `capture.image`: scripts/bench/thumbWatcher.ts, the same code on
 *    both). p50/p95 each; thumb_ratio_vs_hub = the two p95. The hub's driver is read only as fast as
 *    the pipeline takes pages (a page waits in the folder, off the clock), the agent's at once (a page
 *    waits in the spool, on the clock); so each PC's p95 is also given from the file landing in its
 *    folder (`*_from_file_*`: the folder driver's 2 s stability wait included on both).
 * 2. Throughput: BENCH_WS_PAGES (200) pages all in the workstation's folder at once:
 *    agent_pages_per_s = pages confirmed by the hub per second, first spooled → last confirmed (a page
 *    is confirmed once its row is committed: provisional, before its heavy steps — hub/capture/processing.ts);
 *    processed_pages_per_s = the same pages with their heavy steps done, first spooled → last processed.
 *    agent_rss_mb = the agent process's peak RSS (VmHWM) over the scan phases; the agent runs as
 *    `npm run agent` runs it (scripts/agent.ts: a supervisor, the agent its child with the malloc arenas
 *    bounded), the supervisor's own peak in agent_supervisor_rss_mb.
 * 3. Receipt printing: BENCH_WS_PRINTS (30) prints a round, over the same rounds, of one payment's
 *    receipt, after 3 not counted, from
 *    the workstation's counter on the workstation's ESC/POS printer (through its agent), and from a
 *    counter on the hub's PC on a network ESC/POS printer in the hub's namespace (both printers are
 *    test/support/fakePrinter.ts in test/multihost/devicesMain.ts). p95 each; print_ratio_vs_hub.
 *
 * load_avg is the machine's 1-minute load at the start and end of each phase: the figures are only
 * comparable within one run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import sharp from 'sharp';
import { makeLan, namespacesRefused } from '../../test/support/netns';

type Line = Record<string, unknown>;

function lines(child: ChildProcess): { all: Line[]; wait(match: (l: Line) => boolean, ms: number, what: string): Promise<Line> } {
  const all: Line[] = [];
  const waiters = new Set<() => void>();
  readline.createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      all.push(JSON.parse(text) as Line);
    } catch {
      all.push({ text });
    }
    for (const w of waiters) w();
  });
  return {
    all,
    wait(match, ms, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
        const check = () => {
          const found = all.find(match);
          if (found) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

/** A4 at 300 dpi, grey, with text-like bars: what a petition page looks like to the pipeline. */
async function a4Page(seed: number): Promise<Buffer> {
  const w = 2480;
  const h = 3508;
  const bars = Array.from({ length: 60 }, (_, k) => `<rect x="${200 + ((k * 37 + seed * 11) % 300)}" y="${250 + k * 50}" width="${1400 + ((k * 53 + seed) % 500)}" height="18" fill="#202020"/>`).join('');
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f4f4f4"/>${bars}</svg>`))
    .greyscale()
    .png({ compressionLevel: 3 })
    .withMetadata({ density: 300 })
    .toBuffer();
}

const load = () => Math.round(loadavg()[0]! * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchWorkstation(): Promise<object> {
  const refused = namespacesRefused();
  if (refused) return { bench: 'workstation', error: refused };
  const rounds = Number(process.env.BENCH_WS_ROUNDS ?? 3);
  const latencyPages = Number(process.env.BENCH_WS_LATENCY_PAGES ?? 40);
  const throughputPages = Number(process.env.BENCH_WS_PAGES ?? 200);
  const prints = Number(process.env.BENCH_WS_PRINTS ?? 30);
  const work = mkdtempSync(path.join(tmpdir(), 'daftaryar-bench-ws-'));
  const lan = makeLan(['hub', 'ws']);
  const children: ChildProcess[] = [];
  let agentPid: number | undefined;
  const node = process.execPath;
  const inNs = (ns: string, args: string[], env: NodeJS.ProcessEnv = process.env, stdin: 'pipe' | 'ignore' = 'ignore') => {
    const child = spawn('ip', ['netns', 'exec', ns, node, '--import', 'tsx', ...args], { stdio: [stdin, 'pipe', 'inherit'], env });
    children.push(child);
    return child;
  };
  try {
    mkdirSync(path.join(work, 'sane-none'));
    const folder = path.join(work, 'scans');
    const hubFolder = path.join(work, 'hub-scans');
    mkdirSync(folder);
    mkdirSync(hubFolder);
    const pages = await Promise.all(Array.from({ length: 10 }, (_, i) => a4Page(i)));
    const saneNone = { ...process.env, SANE_CONFIG_DIR: path.join(work, 'sane-none') };
    // a receipt printer on each PC's own loopback: the hub's namespace cannot reach the workstation's
    const devices = { hub: lines(inNs(lan.ns.hub!, ['test/multihost/devicesMain.ts', '0', '0'])), ws: lines(inNs(lan.ns.ws!, ['test/multihost/devicesMain.ts', '0', '0'])) };
    const hubPrinter = (await devices.hub.wait((l) => l.ready === true, 60_000, 'hub printer')).printerPort as number;
    const wsPrinter = (await devices.ws.wait((l) => l.ready === true, 60_000, 'workstation printer')).printerPort as number;
    const hub = inNs(lan.ns.hub!, ['test/multihost/hubMain.ts', path.join(work, 'hub'), lan.address.hub!, '4790', String(Date.now())], { ...saneNone, DAFTARYAR_OCR: '0' }, 'pipe');
    const hubLines = lines(hub);
    const ready = await hubLines.wait((l) => l.ready === true, 60_000, 'hub');
    const agent = inNs(
      lan.ns.ws!,
      ['scripts/agent.ts', '--hub', `https://${lan.address.hub}:4790`, '--code', String(ready.codeB), '--name', 'باجهٔ ۲', '--kind', 'counter', '--data', path.join(work, 'ws'), '--folder', folder, '--folder-idle-ms', '4000', '--printer', `tcp:127.0.0.1:${wsPrinter}`],
      saneNone,
    );
    const agentLines = lines(agent);
    await agentLines.wait((l) => l.message === 'connected to the hub', 60_000, 'agent');
    // `npm run agent` is a supervisor (scripts/agent.ts) and the agent its child: each measured
    agentPid = (await agentLines.wait((l) => l.message === 'agent process started', 1000, 'agent pid')).pid as number;
    let peakRss = 0;
    let launcherRss = 0;
    const hwm = (pid: number | undefined) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const rssTimer = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, hwm(agentPid));
        launcherRss = Math.max(launcherRss, hwm(agent.pid));
      } catch {
        // the agent ended
      }
    }, 500);
    let written = 0;
    /** when each page of the current phase landed in its folder (the MFP's «scanned»), in order */
    let landed: number[] = [];
    const write = (dir: string) => {
      const i = written++;
      writeFileSync(path.join(dir, `p${String(i).padStart(6, '0')}.png`), pages[i % pages.length]!);
      landed.push(Date.now());
    };
    const atPace = async (dir: string, n: number) => {
      for (let i = 0; i < n; i++) {
        write(dir);
        await sleep(500);
      }
    };
    const loads: Record<string, [number, number]> = {};
    const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      landed = [];
      const before = load();
      const result = await run();
      // over the rounds: the load before the first and after the last
      loads[name] = [loads[name]?.[0] ?? before, load()];
      return result;
    };
    type Thumbs = { fromDriver: number[]; fromFile: number[] };
    const merged = (runs: Thumbs[]): Thumbs => ({ fromDriver: runs.flatMap((r) => r.fromDriver), fromFile: runs.flatMap((r) => r.fromFile) });

    // 1a. the peer: the same pages scanned on the hub's PC, its counter there
    const hubThumbs = () => phase('thumb_hub', async (): Promise<Thumbs> => {
      const from = hubLines.all.length;
      hub.stdin!.write(`localscan ${String(ready.requestId)} ${hubFolder}\n`);
      await hubLines.wait((l) => l.local === 'job' || l.local === 'error', 30_000, 'local job');
      await atPace(hubFolder, latencyPages);
      const end = await hubLines.wait((l) => hubLines.all.indexOf(l) >= from && (l.local === 'done' || l.local === 'error'), 600_000, 'local job end');
      if (end.local === 'error') throw new Error(`the hub's local scan failed: ${String(end.error)}`);
      const mine = hubLines.all.slice(from);
      const scanned = mine.filter((l) => l.local === 'scanned').map((l) => l.at as number);
      const shown = mine.filter((l) => l.local === 'page').map((l) => ({ page: l.page as number, at: l.at as number }));
      return { fromDriver: shown.map((s) => s.at - scanned[s.page]!).filter(Number.isFinite), fromFile: shown.map((s) => s.at - landed[s.page]!).filter(Number.isFinite) };
    });

    const runCounter = async (feed: () => Promise<void>) => {
      const out = lines(inNs(lan.ns.ws!, ['scripts/bench/workstationCounter.ts', 'scan', path.join(work, 'ws'), String(ready.requestId), `folder:${folder}`]));
      const { jobId } = (await out.wait((l) => typeof l.jobId === 'string', 30_000, 'job')) as { jobId: string };
      await feed();
      await out.wait((l) => typeof l.done === 'string', 600_000, 'job end');
      return { jobId, shown: out.all.filter((l) => typeof l.page === 'number') as Array<{ page: number; at: number }> };
    };
    const agentPages = (jobId: string, message: string) => agentLines.all.filter((l) => l.message === message && l.jobId === jobId);

    // 1b. the workstation: page scanned by its agent → thumbnail on its counter
    const wsThumbs = () => phase('thumb_ws', async (): Promise<Thumbs> => {
      const lat = await runCounter(() => atPace(folder, latencyPages));
      const scanned = new Map(agentPages(lat.jobId, 'page spooled').map((l) => [l.seq as number, Date.parse(l.scannedAt as string)]));
      return { fromDriver: lat.shown.map((s) => s.at - scanned.get(s.page)!).filter(Number.isFinite), fromFile: lat.shown.map((s) => s.at - landed[s.page]!).filter(Number.isFinite) };
    });
    // the two alternate, round by round (hub, workstation, hub, …): a change in the machine's load falls on both alike
    const hubRuns: Thumbs[] = [];
    const wsRuns: Thumbs[] = [];
    for (let r = 0; r < rounds; r++) {
      hubRuns.push(await hubThumbs());
      wsRuns.push(await wsThumbs());
    }
    const hubThumbMs = merged(hubRuns);
    const wsThumbMs = merged(wsRuns);

    // 2. throughput: the whole batch at once
    const tp = await phase('throughput', async () => {
      const from = hubLines.all.length;
      const run = await runCounter(async () => {
        for (let i = 0; i < throughputPages; i++) write(folder);
      });
      const spooledAt = agentPages(run.jobId, 'page spooled').map((l) => Date.parse(l.at as string));
      const confirmedAt = agentPages(run.jobId, 'page confirmed').map((l) => Date.parse(l.at as string));
      const processed = () => hubLines.all.slice(from).filter((l) => l.local === 'processed');
      for (const until = Date.now() + 900_000; processed().length < confirmedAt.length && Date.now() < until; ) await sleep(200);
      const processedAt = processed().map((l) => l.at as number);
      return { confirmed: confirmedAt.length, seconds: (Math.max(...confirmedAt) - Math.min(...spooledAt)) / 1000, processed: processedAt.length, processedSeconds: (Math.max(...processedAt) - Math.min(...spooledAt)) / 1000 };
    });
    clearInterval(rssTimer);

    // 3. the same receipt printed from the workstation (through its agent) and from the hub's PC, alternating by rounds
    const wsPrints = () => phase('print_ws', async () => {
      const out = lines(inNs(lan.ns.ws!, ['scripts/bench/workstationCounter.ts', 'print', path.join(work, 'ws'), String(ready.paymentId), String(prints + 3)]));
      return ((await out.wait((l) => Array.isArray(l.printMs), 300_000, 'workstation prints')).printMs as number[]).slice(3);
    });
    const hubPrints = () => phase('print_hub', async () => {
      hub.stdin!.write(`localprint ${String(ready.paymentId)} ${prints + 3} ${hubPrinter}\n`);
      const end = await hubLines.wait((l) => l.local === 'printed' || l.local === 'error', 300_000, 'hub prints');
      if (end.local === 'error') throw new Error(`the hub's prints failed: ${String(end.error)}`);
      return (end.printMs as number[]).slice(3);
    });
    const wsPrintMs: number[] = [];
    const hubPrintMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      wsPrintMs.push(...(await wsPrints()));
      hubPrintMs.push(...(await hubPrints()));
    }
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      bench: 'workstation',
      pages_latency: wsThumbMs.fromDriver.length,
      thumb_p50_ms: percentile(wsThumbMs.fromDriver, 50),
      thumb_p95_ms: percentile(wsThumbMs.fromDriver, 95),
      hub_thumb_p50_ms: percentile(hubThumbMs.fromDriver, 50),
      hub_thumb_p95_ms: percentile(hubThumbMs.fromDriver, 95),
      thumb_ratio_vs_hub: ratio(percentile(wsThumbMs.fromDriver, 95), percentile(hubThumbMs.fromDriver, 95)),
      thumb_from_file_p95_ms: percentile(wsThumbMs.fromFile, 95),
      hub_thumb_from_file_p95_ms: percentile(hubThumbMs.fromFile, 95),
      pages_throughput: tp.confirmed,
      agent_pages_per_s: Math.round((tp.confirmed / tp.seconds) * 100) / 100,
      pages_processed: tp.processed,
      processed_pages_per_s: Math.round((tp.processed / tp.processedSeconds) * 100) / 100,
      agent_rss_mb: Math.round(peakRss),
      agent_supervisor_rss_mb: Math.round(launcherRss),
      prints: wsPrintMs.length,
      print_p95_ms: percentile(wsPrintMs, 95),
      hub_print_p95_ms: percentile(hubPrintMs, 95),
      print_ratio_vs_hub: ratio(percentile(wsPrintMs, 95), percentile(hubPrintMs, 95)),
      load_avg: loads,
      rounds,
      page: '2480×3508 grey PNG (A4, 300 dpi), scan folder on each PC',
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (agentPid) {
      try {
        process.kill(agentPid, 'SIGKILL');
      } catch {
        // it ended with its supervisor
      }
    }
    lan.remove();
    rmSync(work, { recursive: true, force: true });
  }
}
