import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, PROTOCOL_VERSION, type ReceiptBody } from '../../core/sync/protocol';
import { markDelivered } from '../../db/sync';
import { chromiumPdfPrinter, filingReceiptFa, type PdfPrinter } from '../../native/receipt';
import { FakeEscPosPrinter } from '../../test/support/fakePrinter';
import { syncOffice } from '../../test/support/sync';
import { networkReceiptPrinter } from '../receiptPrinter/receiptPrinter';
import { filingVerifyDigest } from './filingReceipts';

// The filing receipt through the real dispatch, on a request walked to «ارسال» through the real
// counter workflow (test/support/sync.ts); the outbox does not run (autoStart false), so the
// submission waits until the test stores the central's receipt itself.

const chromium = chromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(() => chromium.close());

const SCREENSHOTS = path.resolve('test-results/screenshots');
const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/[\u202A-\u202C]/g, '');
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);
const TRACKING = '1405091234567890';

async function office(options: { printer?: boolean; pdfPrinter?: PdfPrinter } = {}) {
  const fake = await new FakeEscPosPrinter().start();
  cleanup.push(() => fake.stop());
  const o = await syncOffice({ pages: 3, pdfPrinter: options.pdfPrinter ?? chromium, receiptPrinter: networkReceiptPrinter(400) });
  cleanup.push(() => rmSync(o.dir, { recursive: true, force: true }));
  cleanup.push(o.t.close);
  if (options.printer ?? true) {
    await o.t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: fake.port, paper: '80mm' } }, o.t.managerSession);
  }
  const prints = () => o.t.db.prepare('SELECT variant, kind, duplicate, printer IS NOT NULL FROM filing_receipt_print ORDER BY id').raw().all() as unknown[][];
  return { ...o, fake, prints };
}

/** What the central would have answered, stored as the outbox stores it. */
function deliver(o: Awaited<ReturnType<typeof office>>, submissionId: string) {
  const body: ReceiptBody = {
    v: PROTOCOL_VERSION,
    officeId: randomUUID(),
    submissionId,
    trackingCode: TRACKING,
    manifestSha256: 'ab'.repeat(32),
    pages: 3,
    receivedAt: '2026-11-28T09:41:03.000Z',
  };
  const signature = randomBytes(64).toString('base64url');
  o.t.db.transaction(() => markDelivered(o.t.db, submissionId, { trackingCode: TRACKING, receipt: canonicalJson(body), receiptSignature: signature, at: '2026-11-28T09:41:05.000Z' })).immediate();
  return signature;
}

describe('filingReceipt', () => {
  it('gives the provisional receipt while the submission waits, and the final one with the tracking code once delivered', async () => {
    const o = await office();
    const { requestId, submissionId } = await o.sent('1405/09/20');

    // ---- provisional: PDF, then a reprint «المثنی», the thermal preview, the counter's printer
    const pdf = await o.t.ok('filingReceipt.pdf', { requestId }, o.clerk);
    expect(pdf).toMatchObject({ variant: 'provisional', duplicate: false });
    expect(pdf.fileName).toMatch(/^filing-receipt-1405-\d+-provisional\.pdf$/);
    const provisionalPdf = Buffer.from(pdf.pdfBase64, 'base64');
    expect(provisionalPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await o.t.ok('filingReceipt.pdf', { requestId }, o.clerk)).toMatchObject({ variant: 'provisional', duplicate: true });

    const thermal = await o.t.ok('filingReceipt.thermal', { requestId }, o.clerk);
    expect(thermal).toMatchObject({ variant: 'provisional', duplicate: true });
    const png = Buffer.from(thermal.pngBase64, 'base64');
    const meta = await sharp(png).metadata();
    expect(meta.width).toBe(576);
    expect(meta.height).toBeGreaterThan(576);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(path.join(SCREENSHOTS, 'filing-receipt-hub-provisional.png'), png);

    expect(await o.t.ok('filingReceipt.print', { requestId }, o.clerk)).toMatchObject({ variant: 'provisional', duplicate: true, nearEnd: false, printer: `127.0.0.1:${o.fake.port}` });
    expect(o.fake.printed()).toHaveLength(1);

    // ---- the central answers
    const signature = deliver(o, submissionId);
    expect((await o.t.ok('request.get', { requestId }, o.clerk)).submission).toMatchObject({ state: 'delivered', trackingCode: TRACKING });

    // the final receipt is a new paper: its first issue is the original
    const final = await o.t.ok('filingReceipt.pdf', { requestId }, o.clerk);
    expect(final).toMatchObject({ variant: 'final', duplicate: false });
    expect(final.fileName).toMatch(/-final\.pdf$/);
    const finalPdf = Buffer.from(final.pdfBase64, 'base64');
    const finalThermal = await o.t.ok('filingReceipt.thermal', { requestId }, o.clerk);
    expect(finalThermal).toMatchObject({ variant: 'final', duplicate: true });
    writeFileSync(path.join(SCREENSHOTS, 'filing-receipt-hub-final.png'), Buffer.from(finalThermal.pngBase64, 'base64'));
    expect(await o.t.ok('filingReceipt.print', { requestId }, o.clerk)).toMatchObject({ variant: 'final', duplicate: true });
    expect(o.fake.printed()).toHaveLength(2);

    expect(o.prints()).toEqual([
      ['provisional', 'pdf', 0, 0],
      ['provisional', 'pdf', 1, 0],
      ['provisional', 'thermal', 1, 0],
      ['provisional', 'thermal', 1, 1],
      ['final', 'pdf', 0, 0],
      ['final', 'thermal', 1, 0],
      ['final', 'thermal', 1, 1],
    ]);

    if (!hasPdftotext) {
      console.warn('pdftotext (poppler-utils) is not installed: the text checks of the filing receipt PDFs are skipped');
      return;
    }
    const provisionalText = pdfText(provisionalPdf);
    expect(provisionalText).toContain(filingReceiptFa.titleProvisional);
    expect(provisionalText.replace(/\s+/g, ' ')).toContain('کد رهگیری پس از ارسال به سامانه از طریق پیامک');
    expect(provisionalText).toContain(submissionId);
    expect(provisionalText).toContain('۱۴۰۵/۰۹/۲۰'); // the legal deadline
    expect(provisionalText).toMatch(/۳\s*برگ/); // pdftotext moves the space of a digit run in an RTL line
    expect(provisionalText).not.toContain('۱۴۰۵ ۰۹۱۲');

    const finalText = pdfText(finalPdf);
    expect(finalText).toContain(filingReceiptFa.titleFinal);
    expect(finalText).toContain('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰');
    const digest = filingVerifyDigest(signature);
    expect(finalText).toContain(`${digest.slice(0, 4)} ${digest.slice(4, 8)} ${digest.slice(8, 12)} ${digest.slice(12)}`);
    expect(finalText).toContain(submissionId);
  }, 120_000);

  it('refuses a request not yet sent, with a typed error, and records nothing', async () => {
    const o = await office();
    const requestId = await o.matched();
    for (const proc of ['filingReceipt.pdf', 'filingReceipt.thermal', 'filingReceipt.print'] as const) {
      expect(codeOf(await o.t.call(proc, { requestId }, o.clerk))).toBe('FILING_NOT_SENT');
    }
    expect(codeOf(await o.t.call('filingReceipt.pdf', { requestId: randomUUID() }, o.clerk))).toBe('UNKNOWN_REQUEST');
    expect(o.prints()).toEqual([]);
  }, 60_000);

  it('says the counter has no receipt printer, and a printer failure leaves no print, so the next one is the original', async () => {
    const o = await office({ printer: false });
    const { requestId } = await o.sent();
    expect(codeOf(await o.t.call('filingReceipt.print', { requestId }, o.clerk))).toBe('RECEIPT_PRINTER_NOT_CONFIGURED');
    await o.t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: o.fake.port, paper: '58mm' } }, o.t.managerSession);
    o.fake.setState({ paperOut: true });
    expect(codeOf(await o.t.call('filingReceipt.print', { requestId }, o.clerk))).toBe('PRINTER_PAPER_OUT');
    expect(o.prints()).toEqual([]);
    o.fake.setState({ paperOut: false });
    expect(await o.t.ok('filingReceipt.print', { requestId }, o.clerk)).toMatchObject({ variant: 'provisional', duplicate: false });
    expect(o.fake.printed()[0]!.width).toBe(384);
    // the preview is drawn at the printer's paper width too
    const meta = await sharp(Buffer.from((await o.t.ok('filingReceipt.thermal', { requestId }, o.clerk)).pngBase64, 'base64')).metadata();
    expect(meta.width).toBe(384);
  }, 60_000);

  it('decides the original once when two prints overlap, and takes back a print whose PDF could not be made', async () => {
    let fail = true;
    const o = await office({
      printer: false,
      pdfPrinter: {
        pdf: async () => {
          if (fail) throw new Error('no browser');
          return Buffer.from('%PDF-1.7 fake');
        },
      },
    });
    const { requestId } = await o.sent();
    expect(codeOf(await o.t.call('filingReceipt.pdf', { requestId }, o.clerk))).toBe('INTERNAL');
    expect(o.prints()).toEqual([]);
    fail = false;
    const both = await Promise.all([o.t.ok('filingReceipt.pdf', { requestId }, o.clerk), o.t.ok('filingReceipt.pdf', { requestId }, o.clerk)]);
    expect(both.map((b) => b.duplicate).sort()).toEqual([false, true]);
    expect(o.prints()).toEqual([
      ['provisional', 'pdf', 0, 0],
      ['provisional', 'pdf', 1, 0],
    ]);
  }, 60_000);
});
