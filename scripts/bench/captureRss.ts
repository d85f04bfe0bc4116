/**
 * Child of `npm run bench -- capture`: streams N pages from disk through the image pool and prints
 * {"peakMb", "seconds"}: the process's peak resident set (worker threads share the process, so they
 * are in it) — the kernel's VmHWM, and our own 20 ms samples as a cross-check when /proc is absent.
 *
 *   node --import tsx scripts/bench/captureRss.ts <pages> <file.png>...
 */
import { readFileSync } from 'node:fs';
import { ImagePool } from '../../native/image/pool';
import { pagesFromDisk } from './capture';

const pages = Number(process.argv[2]);
const files = process.argv.slice(3);
let sampled = process.memoryUsage.rss();
const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 20);

const pool = new ImagePool();
const t0 = performance.now();
let done = 0;
for await (const page of pool.processAll(pagesFromDisk(files, pages), { colorMode: 'grey' })) {
  if (page.image.length > 0) done++; // a real caller would write it to the request's folder here
}
const seconds = (performance.now() - t0) / 1000;
await pool.close();
clearInterval(timer);

function vmHwmBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
if (done !== pages) throw new Error(`only ${done} of ${pages} pages came back`);
console.log(JSON.stringify({ peakMb: Math.max(sampled, vmHwmBytes()) / 2 ** 20, seconds }));
process.exit(0);
