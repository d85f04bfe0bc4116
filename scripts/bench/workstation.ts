/**
 * `npm run bench -- workstation`: a workstation's agent scanning into a hub in another network
 * namespace (root needed; test/support/netns.ts), over real HTTPS and pairing.
 *
 * 1. Latency: BENCH_WS_LATENCY_PAGES (40) A4 pages, 300 dpi grey, arrive in the workstation's scan
 *    folder at 2 pages/s (a 60 ppm feeder). thumb_ms per page = from the agent having the page
 *    (its `page spooled` line) to the counter on that workstation holding the page's thumbnail
 *    (`capture.changed`, then `capture.image`). p50/p95.
 * 2. Throughput: BENCH_WS_PAGES (200) pages all in the folder at once: agent_pages_per_s = pages
 *    confirmed by the hub per second, first spooled → last confirmed. agent_rss_mb = the agent
 *    process's peak RSS (VmHWM) over both phases.
 *
 * Not measured here: thumb_ratio_vs_hub (the same pages scanned on the hub's PC: the local scan has no
 * observable «page scanned» moment to start the clock from without instrumenting the driver) and
 * print_ratio_vs_hub (printing through the agent is built — docs/WORKSTATIONS.md § Print and pay jobs — but this
 * bench does not time it yet); both are reported as null.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

export async function benchWorkstation(): Promise<object> {
  const refused = namespacesRefused();
  if (refused) return { bench: 'workstation', error: refused };
  const latencyPages = Number(process.env.BENCH_WS_LATENCY_PAGES ?? 40);
  const throughputPages = Number(process.env.BENCH_WS_PAGES ?? 200);
  const work = mkdtempSync(path.join(tmpdir(), 'daftaryar-bench-ws-'));
  const lan = makeLan(['hub', 'ws']);
  const children: ChildProcess[] = [];
  const node = process.execPath;
  try {
    mkdirSync(path.join(work, 'sane-none'));
    const folder = path.join(work, 'scans');
    mkdirSync(folder);
    const pages = await Promise.all(Array.from({ length: 10 }, (_, i) => a4Page(i)));
    const hub = spawn('ip', ['netns', 'exec', lan.ns.hub!, node, '--import', 'tsx', 'test/multihost/hubMain.ts', path.join(work, 'hub'), lan.address.hub!, '4790', String(Date.now())], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, SANE_CONFIG_DIR: path.join(work, 'sane-none'), DAFTARYAR_OCR: '0' },
    });
    children.push(hub);
    const ready = await lines(hub).wait((l) => l.ready === true, 60_000, 'hub');
    const agent = spawn(
      'ip',
      ['netns', 'exec', lan.ns.ws!, node, '--import', 'tsx', 'workstation/cli.ts', '--hub', `https://${lan.address.hub}:4790`, '--code', String(ready.codeB), '--name', 'باجهٔ ۲', '--kind', 'counter', '--data', path.join(work, 'ws'), '--folder', folder, '--folder-idle-ms', '4000'],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SANE_CONFIG_DIR: path.join(work, 'sane-none') } },
    );
    children.push(agent);
    const agentLines = lines(agent);
    await agentLines.wait((l) => l.message === 'connected to the hub', 60_000, 'agent');
    let peakRss = 0;
    const rssTimer = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${agent.pid}/status`, 'utf8'));
        if (m) peakRss = Math.max(peakRss, Number(m[1]) / 1024);
      } catch {
        // the agent ended
      }
    }, 500);

    const runCounter = async (feed: () => Promise<void>) => {
      const counter = spawn('ip', ['netns', 'exec', lan.ns.ws!, node, '--import', 'tsx', 'scripts/bench/workstationCounter.ts', path.join(work, 'ws'), String(ready.requestId), `folder:${folder}`], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(counter);
      const out = lines(counter);
      const { jobId } = (await out.wait((l) => typeof l.jobId === 'string', 30_000, 'job')) as { jobId: string };
      await feed();
      await out.wait((l) => typeof l.done === 'string', 600_000, 'job end');
      return { jobId, shown: out.all.filter((l) => typeof l.page === 'number') as Array<{ page: number; at: number }> };
    };
    const write = (i: number) => writeFileSync(path.join(folder, `p${String(i).padStart(5, '0')}.png`), pages[i % pages.length]!);

    // 1. latency at 2 pages/s
    const lat = await runCounter(async () => {
      for (let i = 0; i < latencyPages; i++) {
        write(i);
        await new Promise((r) => setTimeout(r, 500));
      }
    });
    const spooledAt = (jobId: string) =>
      new Map(agentLines.all.filter((l) => l.message === 'page spooled' && l.jobId === jobId).map((l) => [l.seq as number, Date.parse(l.at as string)]));
    const spooled = spooledAt(lat.jobId);
    const thumbMs = lat.shown.map((s) => s.at - spooled.get(s.page)!).filter((v) => Number.isFinite(v));

    // 2. throughput: the whole batch at once
    const tp = await runCounter(async () => {
      for (let i = 0; i < throughputPages; i++) write(100_000 + i);
    });
    const tpSpooled = spooledAt(tp.jobId);
    const confirmedAt = agentLines.all.filter((l) => l.message === 'page confirmed' && l.jobId === tp.jobId).map((l) => Date.parse(l.at as string));
    const first = Math.min(...tpSpooled.values());
    const last = Math.max(...confirmedAt);
    clearInterval(rssTimer);
    return {
      bench: 'workstation',
      pages_latency: thumbMs.length,
      thumb_p50_ms: percentile(thumbMs, 50),
      thumb_p95_ms: percentile(thumbMs, 95),
      thumb_ratio_vs_hub: null,
      pages_throughput: confirmedAt.length,
      agent_pages_per_s: Math.round((confirmedAt.length / ((last - first) / 1000)) * 100) / 100,
      agent_rss_mb: Math.round(peakRss),
      print_ratio_vs_hub: null,
      page: '2480×3508 grey PNG (A4, 300 dpi), scan folder on the workstation',
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    lan.remove();
    rmSync(work, { recursive: true, force: true });
  }
}
