/**
 * The counter's side on a workstation, for the multi-host test: what the counter's window does over
 * the workstation's own paired connection (its settings in <dataDir>), as one command per run:
 *
 *   start <dataDir> <requestId> <scannerId> <source>   set counter 1's scanner to the workstation's, start a scan; prints {jobId}
 *   job <dataDir> <requestId> <jobId>                  prints the job as the hub has it and the request's page ids, in order
 *   print <dataDir> <requestId> <paymentId>            prints the payment's receipt (on this workstation's printer); prints the answer
 *   pay <dataDir> <requestId> <part>                   pays the part on this workstation's card terminal; prints the answer or {error}
 *   revoke … is done by the manager on the hub's PC, not here.
 */
import { connectPinned } from '../../native/lan/hubClient';
import { loadSettings } from '../../workstation/settings';

const [command, dataDir, requestId, a, b] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const settings = loadSettings(dataDir);
if (!settings) throw new Error('not joined');
const conn = await connectPinned(settings.hub, { timeoutMs: 5000 });
const call = async (proc: string, input: unknown, session?: string) => {
  const res = await conn.call(proc, input, session);
  if (!res.ok) throw new Error(`${proc}: ${res.error.code} ${res.error.message}`);
  return res.output as Record<string, unknown>;
};
try {
  const { session } = (await call('auth.login', { username: 'reza', password: 'pw-reza-12345' })) as { session: string };
  if (command === 'start') {
    await call('scanner.set', { counterId: 1, setting: { driver: 'workstation', deviceId: a, label: 'اسکنر باجه', source: b, dpi: 100, colorMode: 'grey' } }, session);
    const out = await call('capture.start', { requestId, counterId: 1, documentType: 'petition' }, session);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else if (command === 'job') {
    const job = await call('agent.job', { jobId: a }, session);
    const view = (await call('capture.view', { requestId }, session)) as { documents: Array<{ pages: Array<{ id: string }> }>; jobs: Array<{ id: string; status: string; pages: number }> };
    process.stdout.write(`${JSON.stringify({ job, pageIds: view.documents.flatMap((d) => d.pages.map((p) => p.id)), captureJob: view.jobs.find((j) => j.id === a) ?? null })}\n`);
  } else if (command === 'print') {
    process.stdout.write(`${JSON.stringify(await call('receipt.print', { paymentId: a }, session))}\n`);
  } else if (command === 'pay') {
    const res = await conn.call('payment.terminal', { requestId, part: a }, session);
    process.stdout.write(`${JSON.stringify(res.ok ? { ok: true, payments: (res.output as { request: { payments: unknown[] } }).request.payments } : { ok: false, error: res.error })}\n`);
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  conn.close();
}
process.exit(0);
