/**
 * A hub in its own process, for the kill -9 test of provisional pages (hub/capture/processing.test.ts):
 * the real Hub on a data folder's encrypted database and page store, the real folder driver (which
 * makes each page's thumbnail and view in its own decode), and an image pipeline that never finishes —
 * so every page is committed provisional and its heavy steps are running when the test kills it. It
 * sets up an office and a paid request, points counter 1 at the scan folder, starts the scan, prints
 * `provisional <requestId> <n>` once n pages are committed, and waits to be killed.
 *
 *   node --import tsx test/support/provisionalHub.ts <dataDir> <scan folder> <pages>
 */
import path from 'node:path';
import { defaultCapturePorts } from '../../hub/capture/defaultPorts';
import { KEY_FILE, openWithKeyFile } from '../../hub/keys/keyFile';
import { DATABASE_FILE } from '../../hub/start';
import { setUpHub } from './hub';
import { clerkWithCalledTicket, paidRequest } from './requests';

const [dataDir, folder, count] = process.argv.slice(2);
if (!dataDir || !folder || !count) throw new Error('usage: provisionalHub.ts <dataDir> <scan folder> <pages>');
const db = openWithKeyFile(path.join(dataDir, DATABASE_FILE), path.join(dataDir, KEY_FILE));
const real = defaultCapturePorts({ DAFTARYAR_OCR: '0' });
let started = 0;
const ports = { ...real, pipeline: () => ({ process: () => (started++, new Promise<never>(() => {})), close: async () => {} }) };
const t = await setUpHub({ db, capture: { dir: dataDir, ports } });
const { clerk } = await clerkWithCalledTicket(t);
const { request } = await paidRequest(t, clerk);
await t.ok('scanner.set', { counterId: 1, setting: { driver: 'folder', deviceId: folder, label: 'MFP', source: 'adf', dpi: 300, colorMode: 'grey' } }, t.managerSession);
await t.ok('capture.start', { requestId: request.id, counterId: 1, documentType: 'evidence' }, clerk);
for (;;) {
  const pages = (await t.ok('capture.view', { requestId: request.id }, clerk)).documents.flatMap((d) => d.pages);
  if (pages.length >= Number(count) && pages.every((p) => p.processing) && started > 0) break;
  await new Promise((r) => setTimeout(r, 50));
}
process.stdout.write(`provisional ${request.id} ${count}\n`);
setInterval(() => {}, 60_000);
