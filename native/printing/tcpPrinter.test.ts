import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeEscPosPrinter } from '../../test/support/fakePrinter';
import { decodeRaster, encodeTicket } from './escpos';
import { PrinterError, type PrinterErrorCode } from './printerStatus';
import type { Raster } from './raster';
import { TcpPrinter } from './tcpPrinter';

const TIMEOUT_MS = 400;

let fake: FakeEscPosPrinter;
beforeEach(async () => {
  fake = await new FakeEscPosPrinter().start();
});
afterEach(async () => {
  await fake.stop();
});

const printerFor = (f: FakeEscPosPrinter, timeoutMs = TIMEOUT_MS) => new TcpPrinter({ host: '127.0.0.1', port: f.port, timeoutMs });

function stripes(width: number, height: number): Raster {
  const data = new Uint8Array((width / 8) * height);
  for (let y = 0; y < height; y++) data.fill(y % 2 ? 0xaa : 0x55, (y * width) / 8, ((y + 1) * width) / 8);
  return { width, height, data };
}
const job = encodeTicket(stripes(576, 300));

/** The error a promise rejects with, checked to be a PrinterError. */
async function printerError(p: Promise<unknown>): Promise<PrinterError> {
  const err = await p.then(
    () => {
      throw new Error('expected a PrinterError, but it succeeded');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrinterError);
  return err as PrinterError;
}

describe('TcpPrinter.status', () => {
  it('reads a ready printer', async () => {
    const status = await printerFor(fake).status();
    expect(status).toMatchObject({ ready: true, online: true, paperOut: false, coverOpen: false, nearEnd: false, error: false });
    expect(status.raw).toEqual({ printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 });
  });

  it('surfaces paper near end as a warning while staying ready', async () => {
    fake.setState({ nearEnd: true });
    expect(await printerFor(fake).status()).toMatchObject({ ready: true, nearEnd: true });
  });

  it('reads paper out, cover open and offline', async () => {
    fake.setState({ paperOut: true });
    expect(await printerFor(fake).status()).toMatchObject({ ready: false, online: false, paperOut: true });
    fake.setState({ paperOut: false, coverOpen: true });
    expect(await printerFor(fake).status()).toMatchObject({ ready: false, online: false, coverOpen: true });
    fake.setState({ coverOpen: false, online: false });
    expect(await printerFor(fake).status()).toMatchObject({ ready: false, online: false, coverOpen: false, paperOut: false });
  });

  it('sends nothing but DLE EOT 1, 2, 4 — nothing that could print', async () => {
    await printerFor(fake).status();
    expect(fake.connections().map((c) => Array.from(c))).toEqual([[0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]]);
    expect(fake.jobs()).toHaveLength(0);
  });
});

describe('TcpPrinter.print', () => {
  it('delivers the job byte for byte and resolves with the status after it', async () => {
    const status = await printerFor(fake).print(job);
    expect(status.ready).toBe(true);
    const jobs = fake.jobs();
    expect(jobs).toHaveLength(1);
    // status before, the job, status after — and nothing else
    const query = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4];
    expect(Buffer.from(jobs[0]!).equals(Buffer.from([...query, ...job, ...query]))).toBe(true);
    expect(fake.statusAnswers()).toBe(6);
    expect(decodeRaster(jobs[0]!)).toHaveLength(1);
  });

  it.each([
    [{ paperOut: true }, 'PRINTER_PAPER_OUT'],
    [{ coverOpen: true }, 'PRINTER_COVER_OPEN'],
    [{ online: false }, 'PRINTER_OFFLINE'],
    [{ error: true }, 'PRINTER_ERROR'],
  ] as const)('refuses before sending anything when the printer reports %o', async (state, code: PrinterErrorCode) => {
    fake.setState(state);
    const err = await printerError(printerFor(fake).print(job));
    expect(err.code).toBe(code);
    expect(err.status?.ready).toBe(false);
    expect(fake.jobs()).toHaveLength(0);
    expect(fake.printed()).toHaveLength(0);
  });

  it('fails when the paper runs out while the job goes in: the ticket must not count', async () => {
    fake.setStateAfterNextJob({ paperOut: true });
    const err = await printerError(printerFor(fake).print(job));
    expect(err.code).toBe('PRINTER_PAPER_OUT');
    expect(err.message).toMatch(/stopped while taking the job/);
  });

  it('prints on a near-end roll and says so', async () => {
    fake.setState({ nearEnd: true });
    expect((await printerFor(fake).print(job)).nearEnd).toBe(true);
    expect(fake.printed()).toHaveLength(1);
  });

  it('times out on a printer that takes the connection and never answers', async () => {
    fake.hang();
    const started = performance.now();
    const err = await printerError(printerFor(fake).print(job));
    const took = performance.now() - started;
    expect(err.code).toBe('PRINTER_TIMEOUT');
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(TIMEOUT_MS + 300);
    expect(fake.jobs()).toHaveLength(0);
  });

  it('times out on a printer that answers but stops taking data', async () => {
    const accepted: net.Socket[] = [];
    const stuck = net.createServer((socket) => {
      accepted.push(socket);
      socket.once('data', () => {
        socket.write(Buffer.from([0x12, 0x12, 0x12]));
        socket.pause(); // its buffer is full: TCP's window closes, our writes stall
      });
    });
    await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
    try {
      const port = (stuck.address() as net.AddressInfo).port;
      const huge = new Uint8Array(64 * 1024 * 1024);
      const err = await printerError(new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: TIMEOUT_MS }).print(huge));
      expect(err.code).toBe('PRINTER_TIMEOUT');
      expect(err.message).toMatch(/did not take the job/);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => stuck.close(() => resolve()));
    }
  });

  it('times out on status too', async () => {
    fake.hang();
    expect((await printerError(printerFor(fake).status())).code).toBe('PRINTER_TIMEOUT');
  });

  it('reports a printer that nothing listens for as unreachable, quickly', async () => {
    await fake.refuse();
    const started = performance.now();
    const err = await printerError(printerFor(fake, 2000).print(job));
    expect(err.code).toBe('PRINTER_UNREACHABLE');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reports a printer that hangs up mid-conversation as unreachable', async () => {
    const rude = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    try {
      const port = (rude.address() as net.AddressInfo).port;
      const err = await printerError(new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 2000 }).print(job));
      expect(err.code).toBe('PRINTER_UNREACHABLE');
    } finally {
      await new Promise<void>((resolve) => rude.close(() => resolve()));
    }
  });

  it('ignores bytes that are not status answers (XON/XOFF)', async () => {
    const chatty = net.createServer((socket) =>
      socket.on('data', (d) => {
        const answers = [];
        for (let i = 0; i + 2 < d.length; i++) if (d[i] === 0x10 && d[i + 1] === 0x04) answers.push(0x11, 0x13, 0x12);
        socket.write(Buffer.from(answers));
      }),
    );
    await new Promise<void>((resolve) => chatty.listen(0, '127.0.0.1', resolve));
    try {
      const port = (chatty.address() as net.AddressInfo).port;
      expect((await new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 1000 }).status()).ready).toBe(true);
    } finally {
      await new Promise<void>((resolve) => chatty.close(() => resolve()));
    }
  });

  it('runs two jobs for one printer one after the other, even from two instances', async () => {
    const a = encodeTicket(stripes(576, 10));
    const b = encodeTicket(stripes(384, 20));
    await Promise.all([printerFor(fake).print(a), printerFor(fake).print(b)]);
    expect(fake.printed().map((r) => [r.width, r.height])).toEqual([
      [576, 10],
      [384, 20],
    ]);
  });

  it('recovers once the fault is cleared', async () => {
    fake.setState({ paperOut: true });
    await printerError(printerFor(fake).print(job));
    fake.setState({ paperOut: false });
    await printerFor(fake).print(job);
    expect(fake.printed()).toHaveLength(1);
  });
});
