import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter, type PdfPrinter } from '../../native/receipt';
import { setUpHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';

// Receipts through the real dispatch (contract, sessions, access) on a set-up office, 2026-11-28
// (1405-09-07, the 1403 tariff in force). One headless Chromium serves the whole file.

const chromium = chromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});
afterAll(() => chromium.close());

const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
/** pdftotext of the bytes, without the embedding marks poppler puts around direction runs. */
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/[\u202A-\u202C]/g, '');

/** Clerk reza at counter 1; a request paid in both parts, with a discount on the office tariff. */
async function paid(pdfPrinter: PdfPrinter = chromium) {
  const t = await setUpHub({ pdfPrinter });
  cleanup.push(t.close);
  const { kiosk, clerk } = await clerkWithCalledTicket(t);
  const { office, judicial } = await paidRequest(t, clerk);
  const prints = () => t.db.prepare('SELECT receipt_year, receipt_number, kind, duplicate, staff_id FROM receipt_print ORDER BY id').raw().all() as unknown[][];
  return { ...t, kiosk, clerk, office, judicial, prints };
}

const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

describe('receipt.pdf', () => {
  it('prints the original, then duplicates marked «المثنی», and records every print', async () => {
    const t = await paid();
    const first = await t.ok('receipt.pdf', { paymentId: t.office.paymentId }, t.clerk);
    expect(first).toMatchObject({ duplicate: false, fileName: 'receipt-1405-000001.pdf' });
    const firstPdf = Buffer.from(first.pdfBase64, 'base64');
    expect(firstPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const second = await t.ok('receipt.pdf', { paymentId: t.office.paymentId }, t.clerk);
    expect(second).toMatchObject({ duplicate: true, fileName: 'receipt-1405-000001-duplicate.pdf' });
    const secondPdf = Buffer.from(second.pdfBase64, 'base64');
    expect(secondPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const reza = t.db.prepare("SELECT id FROM staff WHERE username = 'reza'").pluck().get();
    expect(t.prints()).toEqual([
      [1405, 1, 'pdf', 0, reza],
      [1405, 1, 'pdf', 1, reza],
    ]);

    if (!hasPdftotext) {
      console.warn('pdftotext (poppler-utils) is not installed: the «المثنی» text check of the receipt PDF is skipped');
      return;
    }
    const original = pdfText(firstPdf);
    const reprint = pdfText(secondPdf);
    expect(original).not.toContain('المثنی');
    expect(reprint).toContain('المثنی');
    for (const text of [original, reprint]) {
      expect(text).toContain('۱۴۰۵/۰۰۰۰۰۱'); // receipt number
      expect(text).toContain('۸۱۰٬۰۰۰'); // 910,000 less the 100,000 discount
      expect(text).toContain('علت تخفیف'); // pdftotext moves the hamza of «همسایهٔ», so the reason itself is not compared
      expect(text).toContain('412345678901');
      expect(text).toContain('603799******1234');
    }
  }, 60_000);

  it('takes the print back when the PDF cannot be made, so the next one is still the original', async () => {
    let fail = true;
    const t = await paid({
      pdf: async () => {
        if (fail) throw new Error('no browser');
        return Buffer.from('%PDF-1.7 fake');
      },
    });
    expect(codeOf(await t.call('receipt.pdf', { paymentId: t.judicial.paymentId }, t.clerk))).toBe('INTERNAL');
    expect(t.prints()).toEqual([]);
    fail = false;
    expect((await t.ok('receipt.pdf', { paymentId: t.judicial.paymentId }, t.clerk)).duplicate).toBe(false);
    expect(t.prints()).toEqual([[1405, 2, 'pdf', 0, expect.any(Number)]]);
  });
});

describe('receipt.thermal', () => {
  it('renders the 80 mm receipt as a PNG 576 dots wide, recorded after a PDF as a duplicate', async () => {
    const t = await paid({ pdf: async () => Buffer.from('%PDF-1.7 fake') });
    expect((await t.ok('receipt.pdf', { paymentId: t.judicial.paymentId }, t.clerk)).duplicate).toBe(false);
    const thermal = await t.ok('receipt.thermal', { paymentId: t.judicial.paymentId }, t.clerk);
    expect(thermal.duplicate).toBe(true);
    const png = Buffer.from(thermal.pngBase64, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(576); // IHDR width
    expect(png.readUInt32BE(20)).toBeGreaterThan(400);
    // the office receipt's own first print is still the original
    expect((await t.ok('receipt.thermal', { paymentId: t.office.paymentId }, t.clerk)).duplicate).toBe(false);
    expect(t.prints().map(([year, number, kind, duplicate]) => [year, number, kind, duplicate])).toEqual([
      [1405, 2, 'pdf', 0],
      [1405, 2, 'thermal', 1],
      [1405, 1, 'thermal', 0],
    ]);
  });
});

describe('refusals', () => {
  it('refuses an unknown payment and keeps kiosks out, recording nothing', async () => {
    const t = await paid({ pdf: async () => Buffer.from('%PDF-1.7 fake') });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(codeOf(await t.call('receipt.pdf', { paymentId: unknown }, t.clerk))).toBe('UNKNOWN_RECEIPT');
    expect(codeOf(await t.call('receipt.thermal', { paymentId: unknown }, t.clerk))).toBe('UNKNOWN_RECEIPT');
    expect(codeOf(await t.call('receipt.pdf', { paymentId: 'not-a-uuid' }, t.clerk))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('receipt.pdf', { paymentId: t.office.paymentId }, t.kiosk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('receipt.thermal', { paymentId: t.office.paymentId }, t.kiosk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('receipt.pdf', { paymentId: t.office.paymentId }))).toBe('UNAUTHENTICATED');
    expect(t.prints()).toEqual([]);
  });
});
