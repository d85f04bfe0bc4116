/**
 * Bad files at the counter, through the hub on its real importer and pipeline: each ends its import
 * job with a code the counter says in Persian, keeps the pages captured before, writes nothing outside
 * the store, and the hub keeps serving.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { bombPng } from '../../test/support/capturePages';
import { setUpHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { defaultCapturePorts } from './defaultPorts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('hostile files brought to the counter', () => {
  it('refuse with a clear code, keep what was captured, and leave the hub serving', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-hostile-'));
    dirs.push(dir);
    const ports = defaultCapturePorts({ DAFTARYAR_OCR: '0' });
    const t = await setUpHub({ capture: { dir, ports } });
    try {
      const { clerk } = await clerkWithCalledTicket(t);
      const { request } = await paidRequest(t, clerk);
      let n = 0;
      const bring = async (fileName: string, bytes: Buffer) => {
        const uploadId = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
        await t.ok('capture.upload', { uploadId, offset: 0, dataBase64: bytes.toString('base64') }, clerk);
        await t.ok('capture.import', { requestId: request.id, counterId: 1, uploadId, fileName, documentType: 'evidence' }, clerk);
        await t.hub.services.capture.idle();
        return (await t.ok('capture.view', { requestId: request.id }, clerk)).jobs[0]!;
      };

      // a good page first: it must survive everything after it
      const good = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#fff' } }).composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><rect x="60" y="80" width="400" height="30"/></svg>') }]).jpeg().toBuffer();
      expect(await bring('page.jpg', good)).toMatchObject({ status: 'done', pages: 1 });

      const corrupt = Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 0x55)]);
      expect(await bring('broken.jpg', corrupt)).toMatchObject({ status: 'failed', errorCode: expect.stringMatching(/FILE_UNREADABLE|BAD_DATA/) });
      expect(await bring('bomb.png', bombPng(30_000, 30_000))).toMatchObject({ status: 'failed', errorCode: 'FILE_TOO_LARGE' });
      expect(await bring('../../etc/passwd.png', good)).toMatchObject({ status: 'failed', errorCode: 'FILE_NAME_REFUSED' });

      const doc = await PDFDocument.create();
      doc.addPage([200, 200]);
      const plain = path.join(dir, 'plain.pdf');
      writeFileSync(plain, await doc.save());
      await promisify(execFile)('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, path.join(dir, 'locked.pdf')]);
      const locked = (await import('node:fs')).readFileSync(path.join(dir, 'locked.pdf'));
      expect(await bring('locked.pdf', locked)).toMatchObject({ status: 'failed', errorCode: 'FILE_UNREADABLE' });
      expect(await bring('truncated.pdf', locked.subarray(0, Math.floor(locked.length / 2)))).toMatchObject({ status: 'failed', errorCode: 'FILE_UNREADABLE' });

      // an upload that never came, and a chunk out of order
      const missing = await t.call('capture.import', { requestId: request.id, counterId: 1, uploadId: '00000000-0000-4000-8000-999999999999', fileName: 'x.pdf', documentType: 'evidence' }, clerk);
      expect(!missing.ok && missing.error.code).toBe('UPLOAD_INVALID');
      const gap = await t.call('capture.upload', { uploadId: '00000000-0000-4000-8000-888888888888', offset: 10, dataBase64: 'AAAA' }, clerk);
      expect(!gap.ok && gap.error.code).toBe('UPLOAD_INVALID');

      const view = await t.ok('capture.view', { requestId: request.id }, clerk);
      expect(view.documents.flatMap((d) => d.pages)).toHaveLength(1);
      // the uploads are gone, nothing was written beside the store and the hub's private temp folder
      const runs = readdirSync(path.join(dir, 'tmp'));
      expect(runs).toHaveLength(1);
      expect(readdirSync(path.join(dir, 'tmp', runs[0]!, 'uploads'))).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['locked.pdf', 'pages', 'plain.pdf', 'tmp']);
      expect((await t.ok('request.get', { requestId: request.id }, clerk)).status).toBe('paid');
    } finally {
      t.close();
      await t.hub.services.capture.close();
    }
  });
});
