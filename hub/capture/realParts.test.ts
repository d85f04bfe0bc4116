/**
 * The hub's capture on its real parts, end to end: an eSCL scanner (our simulator, which sane-airscan
 * accepts as a real one) → the eSCL driver → the image worker pool (deskew, crop, blank flag) → the
 * encrypted page store → OCR on tesseract.js with the Persian model from npm → the search index →
 * the document's searchable PDF, checked with qpdf and pdftotext; and a file import through the
 * chunked upload. Slow (real OCR of an A4 page takes seconds), so one walk covers it all.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startEsclSimulator, type EsclSimulator } from '../../test/support/esclSimulator';
import { samplePage, samplePng } from '../../test/support/samplePages';
import { setUpHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { defaultCapturePorts } from './defaultPorts';

const run = promisify(execFile);
const dirs: string[] = [];
let sim: EsclSimulator | undefined;
afterAll(async () => {
  await sim?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('capture on the real parts', () => {
  it('scans from an eSCL scanner, cleans, stores, reads and searches the pages, and makes a searchable PDF', { timeout: 240_000 }, async () => {
    const dpi = 200;
    const pages = [
      await samplePng(await samplePage('petition', { seed: 11, dpi, angleDeg: 2.5 })),
      await samplePng(await samplePage('blankNoise', { seed: 12, dpi })),
      await samplePng(await samplePage('form', { seed: 13, dpi, angleDeg: -1.5 })),
      await samplePng(await samplePage('signature', { seed: 14, dpi })),
    ];
    sim = await startEsclSimulator({ pages, resolutions: [200, 300], formats: ['image/jpeg'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-real-capture-'));
    dirs.push(dir);
    const ports = defaultCapturePorts({ DAFTARYAR_OCR: '1' });
    const t = await setUpHub({ capture: { dir, ports } });
    try {
      const { clerk } = await clerkWithCalledTicket(t);
      const found = await t.ok('scanner.devices', { driver: 'escl', address: sim.url }, clerk);
      expect(found).toEqual({ devices: [{ driver: 'escl', id: sim.url, label: 'Daftaryar eSCL Simulator', model: 'Daftaryar eSCL Simulator' }], errorCode: null });
      await t.ok('scanner.set', { counterId: 1, setting: { driver: 'escl', deviceId: sim.url, label: 'اسکنر شبکه', source: 'adf', dpi, colorMode: 'grey' } }, clerk);
      const { request } = await paidRequest(t, clerk);

      await t.ok('capture.start', { requestId: request.id, counterId: 1, documentType: 'petition' }, clerk);
      await t.hub.services.capture.idle();
      let view = await t.ok('capture.view', { requestId: request.id }, clerk);
      expect(view.jobs[0]).toMatchObject({ status: 'done', pages: 4, errorCode: null });
      const scanned = view.documents[0]!.pages;
      expect(scanned.map((p) => p.blank)).toEqual([false, true, false, false]);
      expect(Math.abs(scanned[0]!.deskewDeg)).toBeGreaterThan(1.5); // it found and undid the 2.5° skew
      expect(scanned[0]!.dpi).toBe(dpi);

      // OCR in the background; then the manager finds the petition by a word of it
      await t.hub.services.capture.ocrIdle(180_000);
      view = await t.ok('capture.view', { requestId: request.id }, clerk);
      expect(view.documents[0]!.pages[0]!.ocr).toBe('done');
      const hits = await t.ok('documents.search', { query: 'دادگاه' }, t.managerSession);
      expect(hits.hits.map((h) => h.pageNumber)).toContain(1);

      // the document as a searchable PDF
      const pdf = await t.ok('capture.documentPdf', { documentId: view.documents[0]!.id }, clerk);
      expect(pdf.pages).toBe(4);
      expect(pdf.ocrPages).toBeGreaterThanOrEqual(2);
      const file = path.join(dir, pdf.fileName);
      writeFileSync(file, Buffer.from(pdf.pdfBase64, 'base64'));
      await run('qpdf', ['--check', file]);
      const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', file, '-']);
      expect(stdout.replace(/[\u202a-\u202c]/g, '')).toMatch(/دادگاه/);

      // that PDF brought back in as a file: uploaded in chunks, its page images taken out as they are
      const bytes = Buffer.from(pdf.pdfBase64, 'base64');
      const uploadId = '9b2f5b8e-3c1d-4f7a-8e6b-2a4c5d6e7f80';
      const chunk = 100_000;
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        await t.ok('capture.upload', { uploadId, offset, dataBase64: bytes.subarray(offset, offset + chunk).toString('base64') }, clerk);
      }
      await t.ok('capture.import', { requestId: request.id, counterId: 1, uploadId, fileName: 'پرونده.pdf', documentType: 'evidence' }, clerk);
      await t.hub.services.capture.idle();
      view = await t.ok('capture.view', { requestId: request.id }, clerk);
      expect(view.jobs[0]).toMatchObject({ driver: 'file', status: 'done', pages: 4 });
      expect(view.documents.map((d) => [d.type, d.pages.length])).toEqual([
        ['petition', 4],
        ['evidence', 4],
      ]);
    } finally {
      t.close();
      await t.hub.services.capture.close();
    }
  });
});
