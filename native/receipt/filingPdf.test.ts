import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filingReceiptFa } from './labels.fa';
import { chromiumPdfPrinter, filingReceiptPdf, type ChromiumPdfPrinter } from './pdf';
import { sampleFinalFilingReceipt, sampleProvisionalFilingReceipt } from '../../test/support/receiptSamples';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve('test-results/screenshots');
const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
const hasChromium = existsSync(CHROMIUM);

/** pdftotext output without the LRE/RLE/PDF embedding marks poppler puts around direction runs. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u202A-\u202C]/g, '');
}
/**
 * The promise as pdftotext gives it back: the lines of the paragraph joined. pdftotext splits the
 * lam-alef ligature («اعلام» → «اعالم») and moves the hamza of «ارائهٔ», so the words compared are
 * the ones free of both.
 */
const oneLine = (s: string) => s.replace(/\s+/g, ' ');
const PROMISE = 'کد رهگیری پس از ارسال به سامانه از طریق پیامک';

describe.skipIf(!hasChromium)(`filing receipt PDF (Chromium ${CHROMIUM})`, () => {
  let printer: ChromiumPdfPrinter;
  let dir: string;
  let provisional: string;
  let final: string;
  let reprint: string;

  beforeAll(async () => {
    printer = chromiumPdfPrinter({ executablePath: CHROMIUM });
    dir = mkdtempSync(path.join(tmpdir(), 'filing-receipt-pdf-'));
    provisional = path.join(dir, 'provisional.pdf');
    final = path.join(dir, 'final.pdf');
    reprint = path.join(dir, 'final-duplicate.pdf');
    writeFileSync(provisional, await filingReceiptPdf(printer, sampleProvisionalFilingReceipt));
    writeFileSync(final, await filingReceiptPdf(printer, sampleFinalFilingReceipt));
    writeFileSync(reprint, await filingReceiptPdf(printer, { ...sampleFinalFilingReceipt, duplicate: true }));
  }, 30_000);

  afterAll(async () => {
    await printer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is a valid one-page A5 PDF titled by its variant (qpdf --check)', (ctx) => {
    const info = (f: string) => execFileSync('pdfinfo', [f], { encoding: 'utf8' });
    expect(info(provisional)).toMatch(/^Pages:\s+1$/m);
    expect(info(final)).toMatch(/^Pages:\s+1$/m);
    const [, w, h] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info(final)) ?? [];
    expect(Math.abs(Number(w) - 419.5)).toBeLessThan(1.5);
    expect(Math.abs(Number(h) - 595.3)).toBeLessThan(1.5);
    expect(info(provisional)).toContain('Title:           رسید موقت ثبت درخواست ۱۴۰۵/۱۲');
    expect(info(final)).toContain('Title:           رسید ثبت و ارسال درخواست ۱۴۰۵/۱۲');
    expect(info(reprint)).toContain('(المثنی)');
    if (!has('qpdf')) {
      ctx.skip('qpdf is not installed (apt-get install -y qpdf): structural check skipped');
      return;
    }
    for (const file of [provisional, final, reprint]) {
      const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
    }
  });

  it('the provisional one promises the tracking code and names the submission, and has no code', () => {
    const text = pdfText(provisional);
    expect(filingReceiptFa.promise).toContain(PROMISE);
    expect(oneLine(text)).toContain(PROMISE);
    expect(oneLine(text)).toContain('می‌توانید آن را دریافت کنید');
    expect(text).toContain(filingReceiptFa.titleProvisional);
    expect(text).toContain(sampleProvisionalFilingReceipt.submissionId);
    expect(text).toContain('۱۴۰۵/۱۲'); // request number
    expect(text).toContain('۱۴۰۵/۰۹/۲۰'); // legal deadline
    expect(text).toContain('زهرا محمدی‌نژاد');
    expect(text).not.toContain('۱۴۰۵ ۰۹۱۲');
    expect(text).not.toContain('المثنی');
  });

  it('the final one carries the tracking code in reading order, and the digest', () => {
    const text = pdfText(final);
    expect(text).toContain(filingReceiptFa.titleFinal);
    expect(text).toContain('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰');
    expect(text).not.toContain('۷۸۹۰ ۳۴۵۶ ۰۹۱۲ ۱۴۰۵');
    expect(text).toContain('9c2e 4b6d 8f0a 1c3e');
    expect(oneLine(text)).not.toContain(PROMISE);
    expect(text).not.toContain('المثنی');
    expect(pdfText(reprint)).toContain('المثنی');
  });

  it('renders page 1 to test-results/screenshots/filing-receipt-*-a5.png', () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', provisional, path.join(SCREENSHOTS, 'filing-receipt-provisional-a5')]);
    execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', final, path.join(SCREENSHOTS, 'filing-receipt-final-a5')]);
    expect(existsSync(path.join(SCREENSHOTS, 'filing-receipt-final-a5.png'))).toBe(true);
  });
});

if (!hasChromium) {
  describe('filing receipt PDF', () => {
    it.skip(`skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`, () => {});
  });
}
