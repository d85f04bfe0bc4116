/**
 * The counter of the workstation bench (scripts/bench/workstation.ts), run on the workstation over
 * its paired connection, as the counter's window there does:
 *
 *   scan <dataDir> <requestId> <scannerId>    sets counter 1's scanner to the workstation's, starts a scan and
 *                                             watches the thumbnails (thumbWatcher.ts): prints {jobId}, then
 *                                             {page, at} per page and {done} at the job's end
 *   print <dataDir> <paymentId> <count>       prints the payment's receipt <count> times, one after the other
 *                                             (on this workstation's printer, through its agent): {printMs[]}
 */
import { connectPinned } from '../../native/lan/hubClient';
import { loadSettings } from '../../workstation/settings';
import { thumbWatcher } from './thumbWatcher';

const [command, dataDir, a, b] = process.argv.slice(2) as [string, string, string, string];
const settings = loadSettings(dataDir);
if (!settings) throw new Error('not joined');
const conn = await connectPinned(settings.hub, { timeoutMs: 5000 });
let session: string | undefined;
const call = async (proc: string, input: unknown) => {
  const res = await conn.call(proc, input, session);
  if (!res.ok) throw new Error(`${proc}: ${res.error.code}`);
  return res.output as Record<string, unknown>;
};
const line = (l: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(l)}\n`);
session = ((await call('auth.login', { username: 'reza', password: 'pw-reza-12345' })) as { session: string }).session;
if (command === 'scan') {
  const requestId = a;
  await call('scanner.set', { counterId: 1, setting: { driver: 'workstation', deviceId: b, label: 'اسکنر', source: 'adf', dpi: 300, colorMode: 'grey' } });
  const watch = await thumbWatcher(call, requestId, (l) => {
    line(l);
    if (typeof l.done === 'string') {
      conn.close();
      process.exit(0);
    }
  });
  conn.onEvent((event, payload) => {
    if (event === 'capture.changed' && (payload as { requestId?: string }).requestId === requestId) watch.changed();
  });
  const sub = await conn.subscribe('capture.changed', session);
  if (!sub.ok) throw new Error('subscribe refused');
  const { jobId } = (await call('capture.start', { requestId, counterId: 1, documentType: 'petition' })) as { jobId: string };
  line({ jobId });
  watch.watch(jobId);
} else if (command === 'print') {
  const printMs: number[] = [];
  for (let i = 0; i < Number(b); i++) {
    const t0 = performance.now();
    await call('receipt.print', { paymentId: a });
    printMs.push(performance.now() - t0);
  }
  line({ printMs });
  conn.close();
  process.exit(0);
} else {
  throw new Error(`unknown command ${command}`);
}
