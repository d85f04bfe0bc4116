/**
 * A hub in its own process, for the kill -9 test of imports (hub/capture/uploadsAtRest.test.ts): the
 * real Hub on a data folder's encrypted database, page store and temporaries, its real importer (OCR
 * off). It sets up an office and a paid request, leaves one upload half sent, sends a second in full
 * and imports it, then prints `importing` and waits to be killed.
 *
 *   node --import tsx test/support/importingHub.ts <dataDir> <document file>
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCapturePorts } from '../../hub/capture/defaultPorts';
import { KEY_FILE, openWithKeyFile } from '../../hub/keys/keyFile';
import { DATABASE_FILE } from '../../hub/start';
import { setUpHub } from './hub';
import { clerkWithCalledTicket, paidRequest } from './requests';

const [dataDir, documentFile] = process.argv.slice(2);
if (!dataDir || !documentFile) throw new Error('usage: importingHub.ts <dataDir> <document file>');
const doc = readFileSync(documentFile);
const db = openWithKeyFile(path.join(dataDir, DATABASE_FILE), path.join(dataDir, KEY_FILE));
const t = await setUpHub({ db, capture: { dir: dataDir, ports: defaultCapturePorts({ DAFTARYAR_OCR: '0' }) } });
const { clerk } = await clerkWithCalledTicket(t);
const { request } = await paidRequest(t, clerk);
const half = '00000000-0000-4000-8000-00000000000a';
const whole = '00000000-0000-4000-8000-00000000000b';
await t.ok('capture.upload', { uploadId: half, offset: 0, dataBase64: doc.subarray(0, Math.ceil(doc.length / 2)).toString('base64') }, clerk);
await t.ok('capture.upload', { uploadId: whole, offset: 0, dataBase64: doc.toString('base64') }, clerk);
await t.ok('capture.import', { requestId: request.id, counterId: 1, uploadId: whole, fileName: 'evidence.pdf', documentType: 'evidence' }, clerk);
process.stdout.write(`importing ${request.id}\n`);
setInterval(() => {}, 60_000);
