/**
 * The counter of the workstation bench (scripts/bench/workstation.ts), run on the workstation: sets
 * counter 1's scanner to the workstation's scan folder, listens to `capture.changed`, starts a scan
 * and, each time the request's pages grow, fetches the new pages' thumbnails as the counter does.
 * Prints `{ page, at }` (epoch ms, the thumbnail in hand) per page and `{ done }` at the job's end.
 *
 *   node --import tsx scripts/bench/workstationCounter.ts <dataDir> <requestId> <scannerId>
 */
import { connectPinned } from '../../native/lan/hubClient';
import { loadSettings } from '../../workstation/settings';

const [dataDir, requestId, scannerId] = process.argv.slice(2) as [string, string, string];
const settings = loadSettings(dataDir);
if (!settings) throw new Error('not joined');
const conn = await connectPinned(settings.hub, { timeoutMs: 5000 });
const call = async (proc: string, input: unknown, session?: string) => {
  const res = await conn.call(proc, input, session);
  if (!res.ok) throw new Error(`${proc}: ${res.error.code}`);
  return res.output as Record<string, unknown>;
};
const { session } = (await call('auth.login', { username: 'reza', password: 'pw-reza-12345' })) as { session: string };
await call('scanner.set', { counterId: 1, setting: { driver: 'workstation', deviceId: scannerId, label: 'اسکنر', source: 'adf', dpi: 300, colorMode: 'grey' } }, session);
type View = { documents: Array<{ pages: Array<{ id: string }> }>; jobs: Array<{ id: string; status: string }> };
const before = new Set(((await call('capture.view', { requestId }, session)) as View).documents.flatMap((d) => d.pages.map((p) => p.id)));
let jobId = '';
let busy = false;
let again = false;
let shown = 0;
async function refresh(): Promise<void> {
  if (busy) return void (again = true);
  busy = true;
  do {
    again = false;
    const view = (await call('capture.view', { requestId }, session)) as View;
    const fresh = view.documents.flatMap((d) => d.pages.map((p) => p.id)).filter((id) => !before.has(id));
    for (const id of fresh.slice(shown)) {
      await call('capture.image', { pageId: id, size: 'thumb' }, session);
      process.stdout.write(`${JSON.stringify({ page: shown, at: Date.now() })}\n`);
      shown++;
    }
    const job = view.jobs.find((j) => j.id === jobId);
    if (job && job.status !== 'running') {
      process.stdout.write(`${JSON.stringify({ done: job.status, pages: shown })}\n`);
      conn.close();
      process.exit(0);
    }
  } while (again);
  busy = false;
}
conn.onEvent((event, payload) => {
  if (event === 'capture.changed' && (payload as { requestId?: string }).requestId === requestId) void refresh();
});
const sub = await conn.subscribe('capture.changed', session);
if (!sub.ok) throw new Error('subscribe refused');
jobId = ((await call('capture.start', { requestId, counterId: 1, documentType: 'petition' }, session)) as { jobId: string }).jobId;
process.stdout.write(`${JSON.stringify({ jobId })}\n`);
