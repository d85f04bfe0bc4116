import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtyPrinter, socatMissing } from '../../test/support/ptyPrinter';
import { DevicePrinter } from './devicePrinter';
import { encodeTicket } from './escpos';

const missing = socatMissing();
if (missing) console.warn(`devicePrinter tests over a pty pair skipped: ${missing}`);

// A small ticket: ESC @, a 16×8 raster, feed and cut — real ESC/POS bytes.
const raster = { width: 16, height: 8, data: new Uint8Array(16).fill(0xa5) };
const JOB = encodeTicket(raster);

let dir = '';
let printer: PtyPrinter | undefined;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drv-pty-'));
});
afterEach(async () => {
  await printer?.stop();
  printer = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== null)('serial ESC/POS printer over a real pty pair (socat)', () => {
  it('prints: the printer end receives the job byte for byte between status requests, and reports ready', async () => {
    printer = await PtyPrinter.start(dir);
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'serial', baud: 19200, timeoutMs: 1000 });
    const status = await p.print(JOB);
    expect(status).toMatchObject({ ready: true, nearEnd: false });
    expect(printer.printedBytes()).toEqual(Buffer.from(JOB));
    // status before and after: DLE EOT 1, 2, 4 twice
    expect(printer.answered).toBe(6);
    expect(p.address).toBe(`${printer.devicePath}@19200`);
  });

  it('sets the line speed with stty', async () => {
    printer = await PtyPrinter.start(dir);
    await new DevicePrinter({ path: printer.devicePath, kind: 'serial', baud: 38400, timeoutMs: 1000 }).status();
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('stty', ['-F', printer.devicePath, 'speed'], { encoding: 'utf8' }).trim()).toBe('38400');
  });

  it('paper out → PRINTER_PAPER_OUT and nothing sent to print', async () => {
    printer = await PtyPrinter.start(dir);
    printer.setState({ paperOut: true });
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'serial', timeoutMs: 1000 });
    await expect(p.print(JOB)).rejects.toMatchObject({ name: 'PrinterError', code: 'PRINTER_PAPER_OUT' });
    expect(printer.printedBytes().length).toBe(0);
  });

  it('cover open → PRINTER_COVER_OPEN; near end is a warning, not a refusal', async () => {
    printer = await PtyPrinter.start(dir);
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'serial', timeoutMs: 1000 });
    printer.setState({ coverOpen: true });
    await expect(p.print(JOB)).rejects.toMatchObject({ code: 'PRINTER_COVER_OPEN' });
    printer.setState({ coverOpen: false, nearEnd: true });
    await expect(p.print(JOB)).resolves.toMatchObject({ ready: true, nearEnd: true });
    await expect(p.status()).resolves.toMatchObject({ coverOpen: false, nearEnd: true });
  });

  it('paper runs out during the job → PRINTER_PAPER_OUT after it', async () => {
    printer = await PtyPrinter.start(dir);
    printer.setStateAfterNextJob({ paperOut: true });
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'serial', timeoutMs: 1000 });
    await expect(p.print(JOB)).rejects.toMatchObject({ code: 'PRINTER_PAPER_OUT' });
    expect(printer.printedBytes()).toEqual(Buffer.from(JOB));
  });

  it('a printer that never answers → PRINTER_TIMEOUT within the bound, not a hang', async () => {
    printer = await PtyPrinter.start(dir);
    printer.silent = true;
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'serial', timeoutMs: 400 });
    const t0 = Date.now();
    await expect(p.print(JOB)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    await expect(p.status()).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('two jobs at once to one port do not interleave', async () => {
    printer = await PtyPrinter.start(dir);
    const a = new DevicePrinter({ path: printer.devicePath, kind: 'serial', timeoutMs: 1000 });
    const b = new DevicePrinter({ path: printer.devicePath, kind: 'serial', timeoutMs: 1000 });
    const other = encodeTicket({ width: 16, height: 8, data: new Uint8Array(16).fill(0x3c) });
    await Promise.all([a.print(JOB), b.print(other)]);
    expect(printer.printedBytes()).toEqual(Buffer.concat([JOB, other]));
  });
});

describe.skipIf(missing !== null)('USB ESC/POS printer (usblp character device) stood in for by a pty', () => {
  it('reads the status back when the device answers', async () => {
    printer = await PtyPrinter.start(dir);
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'usb', timeoutMs: 1000 });
    await expect(p.print(JOB)).resolves.toMatchObject({ ready: true });
    expect(printer.printedBytes()).toEqual(Buffer.from(JOB));
    printer.setState({ online: false });
    await expect(p.print(JOB)).rejects.toMatchObject({ code: 'PRINTER_OFFLINE' });
  });

  it('a USB printer with no read channel: the job is written and print resolves null (asked once)', async () => {
    printer = await PtyPrinter.start(dir);
    printer.silent = true;
    const p = new DevicePrinter({ path: printer.devicePath, kind: 'usb', timeoutMs: 300 });
    await expect(p.print(JOB)).resolves.toBeNull();
    await expect(p.print(JOB)).resolves.toBeNull();
    await printer.waitForBytes(2 * JOB.length + 9);
    expect(printer.printedBytes()).toEqual(Buffer.concat([JOB, JOB]));
    // asked once (the first job), then not again: one DLE EOT 1/2/4 triple in all
    expect(printer.received().length).toBe(2 * JOB.length + 9);
  });
});

describe('DevicePrinter against kernel character devices', () => {
  it('ENOSPC from the device (what usblp answers when the printer reports paper out) → PRINTER_PAPER_OUT', async () => {
    // /dev/full: every write fails with ENOSPC; its reads are zeros, never a status byte
    const p = new DevicePrinter({ path: '/dev/full', kind: 'usb', timeoutMs: 200 });
    await expect(p.print(JOB)).rejects.toMatchObject({ code: 'PRINTER_PAPER_OUT' });
  });

  it('no device at the path → PRINTER_UNREACHABLE; a regular file is refused', async () => {
    await expect(new DevicePrinter({ path: '/dev/usb/lp97', kind: 'usb' }).print(JOB)).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    const file = path.join(dir, 'not-a-device');
    fs.writeFileSync(file, '');
    await expect(new DevicePrinter({ path: file, kind: 'usb' }).print(JOB)).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    expect(fs.readFileSync(file).length).toBe(0);
  });

  it('stty failing on a serial path → PRINTER_UNREACHABLE', async () => {
    await expect(new DevicePrinter({ path: '/dev/null', kind: 'serial', timeoutMs: 500 }).status()).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
  });
});
