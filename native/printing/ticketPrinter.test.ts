import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toLatinDigits } from '../../core/text/digits';
import { FakeEscPosPrinter, inkBands, numberRegion } from '../../test/support/fakePrinter';
import { sampleTicket } from '../../test/support/ticketSample';
import { decodeRaster } from './escpos';
import { PrinterError } from './printerStatus';
import { rasterToPng, type Raster } from './raster';
import { renderTicket, type Paper, type TicketToPrint } from './ticketImage';
import { networkTicketPrinter } from './ticketPrinter';

const run = promisify(execFile);
const SCREENSHOTS = path.resolve('test-results/screenshots');

const ticket: TicketToPrint = sampleTicket;

let fake: FakeEscPosPrinter;
beforeEach(async () => {
  fake = await new FakeEscPosPrinter().start();
});
afterEach(async () => {
  await fake.stop();
});

const printerOn = (paper: Paper) => networkTicketPrinter({ host: '127.0.0.1', port: fake.port, paper, timeoutMs: 1000 });

/** The one image of the last job the fake printer received. */
function lastPrinted(): Raster {
  const jobs = fake.jobs();
  const images = decodeRaster(jobs[jobs.length - 1]!);
  expect(images).toHaveLength(1);
  return images[0]!;
}

const sameRaster = (a: Raster, b: Raster) => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));

describe('networkTicketPrinter', () => {
  it.each([
    ['80mm', { ...ticket, priorityLabel: 'نوبت ویژه — سالمند' }],
    ['58mm', ticket],
  ] as const)('prints on %s exactly the ticket it rendered', async (paper, t) => {
    const status = await printerOn(paper).print(t);
    expect(status.ready).toBe(true);
    const printed = lastPrinted();
    expect(sameRaster(printed, await renderTicket(t, paper))).toBe(true);
    await mkdir(SCREENSHOTS, { recursive: true });
    await writeFile(path.join(SCREENSHOTS, `ticket-${paper}.png`), await rasterToPng(printed));
  });

  it('does not print, and says why, when the paper is out', async () => {
    fake.setState({ paperOut: true });
    let issued = 0;
    const err = await printerOn('80mm')
      .print(ticket)
      .then(() => issued++)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).code).toBe('PRINTER_PAPER_OUT');
    expect(issued).toBe(0);
    expect(fake.printed()).toHaveLength(0);
  });

  it('reports status, near end included', async () => {
    fake.setState({ nearEnd: true });
    expect(await printerOn('58mm').status()).toMatchObject({ ready: true, nearEnd: true });
  });

  it.each(['80mm', '58mm'] as const)('prints a test page on %s framed at the edges of the printable width', async (paper) => {
    await printerOn(paper).testPrint('دفتر خدمات الکترونیک قضایی ونک');
    const page = lastPrinted();
    expect(page.width).toBe(paper === '80mm' ? 576 : 384);
    // The frame: the first and last rows are solid black across the whole width.
    const bytesPerRow = page.width / 8;
    expect(page.data.subarray(0, bytesPerRow).every((b) => b === 0xff)).toBe(true);
    expect(page.data.subarray(page.data.length - bytesPerRow).every((b) => b === 0xff)).toBe(true);
    expect(inkBands(page)).toHaveLength(1); // the frame joins everything into one band
    await writeFile(path.join(SCREENSHOTS, `test-page-${paper}.png`), await rasterToPng(page));
  });
});

/*
 * Machine-readable, not just bytes: what the printer received is decoded, and native Tesseract
 * (Persian model) must read the number back. The number band is cut out of the printed image and
 * scaled to a line height Tesseract's LSTM reads well (~36 px): at the printed 130–170 dots it
 * garbles Persian digits. Numbers with «۱۲» are included on purpose — Vazirmatn's «۲» after «۱»
 * is what OCR misreads as «۳».
 */
const tesseract = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
const hasPersianOcr = tesseract.status === 0 && /^fas$/m.test(tesseract.stdout);
const OCR_LINE_HEIGHT = 36;

/** The prefix letters and the digits of a number, OCR's output order and digit forms aside. */
function lettersAndDigits(text: string): { letters: string; digits: string } {
  const latin = toLatinDigits(text);
  return { letters: latin.replace(/[^\u0621-\u06CC]/g, ''), digits: latin.replace(/[^0-9]/g, '') };
}

const ocrSuite = hasPersianOcr
  ? 'the printed ticket, read back by OCR'
  : 'the printed ticket, read back by OCR — SKIPPED: native tesseract with the Persian model is not installed (apt-get install tesseract-ocr tesseract-ocr-fas)';

describe.skipIf(!hasPersianOcr)(ocrSuite, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ticket-ocr-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function ocr(png: Buffer, psm: number): Promise<string> {
    const file = path.join(dir, `ocr-${Math.random().toString(36).slice(2)}.png`);
    await writeFile(file, png);
    const { stdout } = await run('tesseract', [file, '-', '-l', 'fas', '--psm', String(psm)]);
    return stdout.trim();
  }

  it.each([
    ['80mm', 'ب-۰۴۷'],
    ['80mm', 'الف-۱۲۳'],
    ['80mm', 'پ-۲۱۲'],
    ['58mm', 'ب-۰۴۷'],
    ['58mm', 'الف-۱۲۳'],
    ['58mm', 'پ-۲۱۲'],
  ] as const)('reads the number back on %s: %s', async (paper, number) => {
    await printerOn(paper).print({ ...ticket, number });
    const printed = lastPrinted();
    const { top, bottom } = numberRegion(printed);
    const bytesPerRow = printed.width / 8;
    const band: Raster = { width: printed.width, height: bottom - top, data: printed.data.slice(top * bytesPerRow, bottom * bytesPerRow) };
    const line = await sharp(await rasterToPng(band))
      .resize({ height: OCR_LINE_HEIGHT })
      .extend({ top: 18, bottom: 18, left: 18, right: 18, background: '#ffffff' })
      .png()
      .toBuffer();
    const read = await ocr(line, 7);
    console.log(`OCR ${paper} ${number} → «${read}»`);
    expect(lettersAndDigits(read)).toEqual(lettersAndDigits(number));
  });

  it('reads the ticket lines too', async () => {
    await printerOn('80mm').print(ticket);
    const read = await ocr(await rasterToPng(lastPrinted()), 6);
    console.log(`OCR whole ticket →\n${read}`);
    expect(read).toContain('نفرات پیش از شما');
    expect(read).toContain('زمان تقریبی انتظار');
    expect(read).toContain('ثبت دادخواست');
  });
});
