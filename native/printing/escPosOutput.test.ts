import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEscPosPrinter } from '../../test/support/fakePrinter';
import { PtyPrinter, socatMissing } from '../../test/support/ptyPrinter';
import { decodeRaster } from './escpos';
import { escPosOutput } from './escPosOutput';
import { printTestPage } from './ticketPrinter';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

describe('escPosOutput', () => {
  it('network: the test page reaches a raw-TCP printer', async () => {
    const fake = await new FakeEscPosPrinter().start();
    stops.push(() => fake.stop());
    const out = escPosOutput({ kind: 'network', host: '127.0.0.1', port: fake.port }, { timeoutMs: 2000 });
    await expect(printTestPage(out, '58mm', 'دفتر آزمایش')).resolves.toEqual({ nearEnd: false });
    expect(fake.printed()).toHaveLength(1);
    fake.setState({ coverOpen: true });
    await expect(out.check()).rejects.toMatchObject({ code: 'PRINTER_COVER_OPEN' });
  }, 20_000);

  it.skipIf(socatMissing() !== null)('serial: the test page comes out of the pty whole, and near end is passed on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drv-out-'));
    const printer = await PtyPrinter.start(dir);
    stops.push(async () => {
      await printer.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    printer.setState({ nearEnd: true });
    const out = escPosOutput({ kind: 'serial', path: printer.devicePath, baud: 115200 }, { timeoutMs: 2000 });
    expect(out.address).toBe(`${printer.devicePath}@115200`);
    await expect(printTestPage(out, '58mm', 'دفتر آزمایش')).resolves.toEqual({ nearEnd: true });
    const pages = decodeRaster(printer.printedBytes());
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBe(384);
    await expect(out.check()).resolves.toEqual({ nearEnd: true });
  }, 20_000);

  it.skipIf(socatMissing() !== null)('usb: a printer that never reports status passes the check and still prints', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drv-out-'));
    const printer = await PtyPrinter.start(dir);
    stops.push(async () => {
      await printer.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    printer.silent = true;
    const out = escPosOutput({ kind: 'usb', path: printer.devicePath }, { timeoutMs: 300 });
    await expect(out.check()).resolves.toEqual({ nearEnd: false });
    await expect(out.print(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a))).resolves.toEqual({ nearEnd: false });
    await printer.waitForBytes(2 * 9 + 4); // two status requests (check, then before the job), then the job
    expect(printer.printedBytes().subarray(-4)).toEqual(Buffer.from([0x1b, 0x40, 0x41, 0x0a]));
  });

  it('refuses settings that are not a printer connection', () => {
    expect(() => escPosOutput({ kind: 'usb', path: '/etc/passwd;rm' })).toThrow();
    expect(() => escPosOutput({ kind: 'serial', path: '/dev/ttyS0', baud: 12345 })).toThrow();
    expect(() => escPosOutput({ kind: 'network', host: '', port: 9100 })).toThrow();
  });
});
