import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rasterToPng, type Raster } from '../../native/printing';
import { renderReceipt } from '../../native/receipt';
import { FakeEscPosPrinter, inkBands } from '../../test/support/fakePrinter';
import { setUpHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { networkReceiptPrinter } from './receiptPrinter';
import { receiptData } from '../receipt/receipts';

// receipt.print through the real dispatch and the real printer code (native/printing's TcpPrinter)
// against a fake ESC/POS printer on 127.0.0.1.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const SCREENSHOTS = path.resolve('test-results/screenshots');
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);
const same = (a: Raster, b: Raster) => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));
const inkDots = (r: Raster) => r.data.reduce((n, b) => n + b.toString(2).replaceAll('0', '').length, 0);

/** Clerk reza at counter 1; a request paid in both parts; counter 1's receipt printer is the fake (unless `configure` is false). */
async function counter(options: { paper?: '80mm' | '58mm'; configure?: boolean } = {}) {
  const fake = await new FakeEscPosPrinter().start();
  cleanup.push(() => fake.stop());
  const t = await setUpHub({ receiptPrinter: networkReceiptPrinter(400), pdfPrinter: { pdf: async () => Buffer.from('%PDF-1.7 fake') } });
  cleanup.push(t.close);
  const { kiosk, clerk } = await clerkWithCalledTicket(t);
  const { office, judicial } = await paidRequest(t, clerk);
  if (options.configure ?? true) {
    await t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: fake.port, paper: options.paper ?? '80mm' } }, t.managerSession);
  }
  const prints = () => t.db.prepare('SELECT receipt_year, receipt_number, kind, duplicate, printer FROM receipt_print ORDER BY id').raw().all() as unknown[][];
  const print = (paymentId = office.paymentId, session = clerk) => t.call('receipt.print', { paymentId }, session);
  return { ...t, fake, kiosk, clerk, office, judicial, prints, print, address: `127.0.0.1:${fake.port}` };
}

describe('receipt.print', () => {
  it('prints the original on the counter’s printer, then «المثنی», each exactly as rendered, and records both', async () => {
    const t = await counter();
    const first = await t.print();
    expect(first).toMatchObject({ ok: true, output: { duplicate: false, nearEnd: false, printer: t.address } });
    const second = await t.print();
    expect(second).toMatchObject({ ok: true, output: { duplicate: true, printer: t.address } });

    const printed = t.fake.printed();
    expect(printed).toHaveLength(2);
    const [original, reprint] = printed as [Raster, Raster];
    expect(original.width).toBe(576);
    expect(original.height).toBeGreaterThan(1000);
    expect(inkDots(original)).toBeGreaterThan(20_000);
    // the very receipt the hub would render: original first, then the duplicate with its banners
    expect(same(original, await renderReceipt({ for: 'payment', body: receiptData(t.db, t.office.paymentId, false) }, '80mm'))).toBe(true);
    expect(same(reprint, await renderReceipt({ for: 'payment', body: receiptData(t.db, t.office.paymentId, true) }, '80mm'))).toBe(true);
    expect(same(original, reprint)).toBe(false);
    // the «المثنی» bar is the first thing on the reprint: a band of rows black across the content
    expect(inkBands(reprint)[0]!.maxDots).toBeGreaterThan(500);
    expect(inkBands(original)[0]!.maxDots).toBeLessThan(400);

    expect(t.prints()).toEqual([
      [1405, 1, 'thermal', 0, t.address],
      [1405, 1, 'thermal', 1, t.address],
    ]);
    // a status request before and after each job, as the queue's tickets
    for (const job of t.fake.jobs()) {
      expect(Array.from(job.subarray(0, 3))).toEqual([0x10, 0x04, 1]);
      expect(Array.from(job.subarray(-3))).toEqual([0x10, 0x04, 4]);
    }

    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, raster] of [
      ['receipt-printed-80mm.png', original],
      ['receipt-printed-80mm-duplicate.png', reprint],
    ] as const) {
      const png = await rasterToPng(raster);
      writeFileSync(path.join(SCREENSHOTS, name), png);
      writeFileSync(path.join('/tmp', name), png);
    }
  });

  it('prints at the printer’s paper width, and the first print of any kind is the one original', async () => {
    const t = await counter({ paper: '58mm' });
    expect((await t.ok('receipt.pdf', { paymentId: t.judicial.paymentId }, t.clerk)).duplicate).toBe(false);
    expect((await t.print(t.judicial.paymentId)).ok && (await t.print(t.office.paymentId)).ok).toBe(true);
    const preview = await t.ok('receipt.thermal', { paymentId: t.office.paymentId }, t.clerk);
    expect(preview.duplicate).toBe(true);
    expect(Buffer.from(preview.pngBase64, 'base64').readUInt32BE(16)).toBe(384); // the preview shows the counter's paper
    const printed = t.fake.printed();
    expect(printed.map((r) => r.width)).toEqual([384, 384]);
    expect(same(printed[0]!, await renderReceipt({ for: 'payment', body: receiptData(t.db, t.judicial.paymentId, true) }, '58mm'))).toBe(true);
    expect(same(printed[1]!, await renderReceipt({ for: 'payment', body: receiptData(t.db, t.office.paymentId, false) }, '58mm'))).toBe(true);
    writeFileSync(path.join('/tmp', 'receipt-printed-58mm.png'), await rasterToPng(printed[0]!));
    expect(t.prints()).toEqual([
      [1405, 2, 'pdf', 0, null],
      [1405, 2, 'thermal', 1, t.address],
      [1405, 1, 'thermal', 0, t.address],
      [1405, 1, 'thermal', 1, null],
    ]);
  });

  // the bytes went out when the paper ran out during the job (the slip may be cut short); none before it
  it.each([
    ['paper out before the job: PRINTER_PAPER_OUT, nothing sent, no record; the next print is still the original', 'before', 0],
    ['paper out during the job: not accepted, as a queue ticket — no record, so the reprint after new paper is the original', 'during', 1],
  ] as const)('%s', async (_title, when, jobsSent) => {
    const t = await counter();
    if (when === 'before') t.fake.setState({ paperOut: true });
    else t.fake.setStateAfterNextJob({ paperOut: true });
    expect(codeOf(await t.print())).toBe('PRINTER_PAPER_OUT');
    expect(t.fake.jobs()).toHaveLength(jobsSent);
    expect(t.prints()).toEqual([]);
    t.fake.setState({ paperOut: false });
    expect(await t.print()).toMatchObject({ ok: true, output: { duplicate: false } });
    expect(t.prints()).toEqual([[1405, 1, 'thermal', 0, t.address]]);
  });

  it('reports the cover open, a printer that does not answer, and one that is switched off — recording nothing', async () => {
    const t = await counter();
    t.fake.setState({ coverOpen: true });
    expect(codeOf(await t.print())).toBe('PRINTER_COVER_OPEN');
    t.fake.setState({ coverOpen: false });
    t.fake.hang();
    expect(codeOf(await t.print())).toBe('PRINTER_TIMEOUT');
    t.fake.hang(false);
    await t.fake.refuse();
    expect(codeOf(await t.print())).toBe('PRINTER_UNREACHABLE');
    expect(t.prints()).toEqual([]);
  });

  it('says the counter has no receipt printer, and forgets one that is removed', async () => {
    const t = await counter({ configure: false });
    expect(codeOf(await t.print())).toBe('RECEIPT_PRINTER_NOT_CONFIGURED');
    await t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: t.fake.port, paper: '80mm' } }, t.managerSession);
    expect(codeOf(await t.print())).toBe('ok');
    expect((await t.ok('receiptPrinter.set', { counterId: 1, printer: null }, t.managerSession)).printer).toBeNull();
    expect(codeOf(await t.print())).toBe('RECEIPT_PRINTER_NOT_CONFIGURED');
    expect(codeOf(await t.print('00000000-0000-4000-8000-000000000000'))).toBe('UNKNOWN_RECEIPT');
    expect(t.prints()).toHaveLength(1);
  });

  it('keeps kiosks and strangers out', async () => {
    const t = await counter();
    expect(codeOf(await t.print(t.office.paymentId, t.kiosk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('receipt.print', { paymentId: t.office.paymentId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.call('receiptPrinter.get', { counterId: 1 }, t.kiosk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('receiptPrinter.set', { counterId: 1, printer: null }, t.clerk))).toBe('FORBIDDEN');
    expect(codeOf(await t.call('receiptPrinter.test', { counterId: 1 }, t.clerk))).toBe('FORBIDDEN');
    expect(t.fake.jobs()).toHaveLength(0);
    expect(t.prints()).toEqual([]);
  });
});

describe('receiptPrinter settings', () => {
  it('stores a counter’s printer (Persian digits typed, port 9100 by default) for staff to read, and prints a test page', async () => {
    const t = await counter({ configure: false });
    expect(await t.ok('receiptPrinter.get', { counterId: 1 }, t.clerk)).toEqual({ printer: null });
    const set = await t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '۱۹۲.۱۶۸.۱.۶۰', paper: '58mm' } }, t.managerSession);
    expect(set.printer).toMatchObject({ counterId: 1, host: '192.168.1.60', port: 9100, paper: '58mm' });
    expect((await t.ok('receiptPrinter.get', { counterId: 1 }, t.clerk)).printer).toEqual(set.printer);

    await t.ok('receiptPrinter.set', { counterId: 1, printer: { host: '127.0.0.1', port: t.fake.port, paper: '80mm' } }, t.managerSession);
    expect(await t.ok('receiptPrinter.test', { counterId: 1 }, t.managerSession)).toEqual({ ok: true, nearEnd: false });
    expect(t.fake.printed().map((r) => r.width)).toEqual([576]);
    expect(t.prints()).toEqual([]); // a test page is no receipt

    t.fake.setState({ paperOut: true });
    expect(codeOf(await t.call('receiptPrinter.test', { counterId: 1 }, t.managerSession))).toBe('PRINTER_PAPER_OUT');
  });

  it('refuses an unknown counter, a host with a path and an out-of-range port', async () => {
    const t = await counter({ configure: false });
    expect(codeOf(await t.call('receiptPrinter.get', { counterId: 99 }, t.clerk))).toBe('UNKNOWN_COUNTER');
    expect(codeOf(await t.call('receiptPrinter.set', { counterId: 99, printer: null }, t.managerSession))).toBe('UNKNOWN_COUNTER');
    expect(codeOf(await t.call('receiptPrinter.set', { counterId: 1, printer: { host: 'http://x/y', paper: '80mm' } }, t.managerSession))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('receiptPrinter.set', { counterId: 1, printer: { host: 'x', port: 70_000, paper: '80mm' } }, t.managerSession))).toBe('INVALID_INPUT');
    expect(codeOf(await t.call('receiptPrinter.test', { counterId: 1 }, t.managerSession))).toBe('RECEIPT_PRINTER_NOT_CONFIGURED');
  });
});
