import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsServer, LoopbackPrinter, cupsMissing, freePort } from '../../test/support/cupsServer';
import type { CommandResult, Spawner } from './command';
import { encodeTicket } from './escpos';
import { QueuePrinter, WINDOWS_RAW_SCRIPT } from './queuePrinter';

const missing = cupsMissing();
if (missing) console.warn(`CUPS queue tests skipped: ${missing}`);

const JOB = encodeTicket({ width: 16, height: 8, data: new Uint8Array(16).fill(0x5a) });

async function receiptPdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([419.5, 595.3]); // A5 in points
  page.drawText(text, { x: 40, y: 520, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

describe.skipIf(missing !== null)('QueuePrinter on Linux against a real cupsd on 127.0.0.1', () => {
  let cups: CupsServer;
  let ticketPrinter: LoopbackPrinter;
  let pdfOut = '';
  beforeAll(async () => {
    ticketPrinter = await new LoopbackPrinter().start();
    cups = await CupsServer.start({ ticket: ticketPrinter.port, off: await freePort() });
    pdfOut = cups.addPdfQueue('paper');
  }, 30_000);
  afterAll(async () => {
    await cups?.stop();
    await ticketPrinter?.stop();
  });

  it('a RAW job reaches the socket printer byte for byte', async () => {
    const q = new QueuePrinter({ queue: 'ticket', server: cups.server, platform: 'linux' });
    const job = await q.printRaw(JOB, 'ticket 42');
    expect(job.id).toMatch(/^ticket-\d+$/);
    await q.waitForJob(job, 15_000);
    await ticketPrinter.waitForJobs(1);
    expect(ticketPrinter.jobs[0]).toEqual(Buffer.from(JOB));
    expect(q.address).toBe(`cups:${cups.server}/ticket`);
  }, 20_000);

  it('a PDF job goes through the queue driver on A5 and comes out with its text', async () => {
    const q = new QueuePrinter({ queue: 'paper', server: cups.server, platform: 'linux' });
    const job = await q.printPdf(await receiptPdf('RECEIPT 14030915-0042'), 'A5', 'receipt');
    await q.waitForJob(job, 20_000);
    const out = fs.readFileSync(pdfOut);
    expect(out.toString('latin1')).toContain('@PJL SET PAPER=A5');
    expect(out.includes(Buffer.from('%PDF-'))).toBe(true);
    const text = spawnSync('pdftotext', ['-', '-'], { input: out.subarray(out.indexOf('%PDF-')), encoding: 'utf8' });
    if (!text.error) expect(text.stdout).toContain('RECEIPT 14030915-0042');
  }, 25_000);

  it('an unknown queue → PRINTER_UNREACHABLE', async () => {
    const q = new QueuePrinter({ queue: 'nope', server: cups.server, platform: 'linux' });
    await expect(q.printRaw(JOB)).rejects.toMatchObject({ name: 'PrinterError', code: 'PRINTER_UNREACHABLE' });
  });

  it('a queue that rejects jobs → PRINTER_OFFLINE', async () => {
    expect(spawnSync('cupsreject', ['-h', cups.server, 'paper']).status).toBe(0);
    try {
      const q = new QueuePrinter({ queue: 'paper', server: cups.server, platform: 'linux' });
      await expect(q.printPdf(await receiptPdf('x'), 'A4')).rejects.toMatchObject({ code: 'PRINTER_OFFLINE' });
    } finally {
      spawnSync('cupsaccept', ['-h', cups.server, 'paper']);
    }
  });

  it('a printer that is switched off: the job is queued but never done → PRINTER_TIMEOUT within the bound', async () => {
    const q = new QueuePrinter({ queue: 'off', server: cups.server, platform: 'linux' });
    const job = await q.printRaw(JOB);
    const t0 = Date.now();
    await expect(q.waitForJob(job, 1500, 200)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(6000);
    spawnSync('cancel', ['-h', cups.server, '-a', 'off']);
  }, 15_000);

  it('no scheduler at the address → PRINTER_UNREACHABLE', async () => {
    const q = new QueuePrinter({ queue: 'ticket', server: `127.0.0.1:${await freePort()}`, platform: 'linux', timeoutMs: 5000 });
    await expect(q.printRaw(JOB)).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
  });
});

describe('QueuePrinter with a fake spawner (Windows: the script is checked, not run)', () => {
  function fake(answer: Partial<CommandResult>) {
    const calls: { cmd: string; args: readonly string[]; input?: Uint8Array; env?: NodeJS.ProcessEnv }[] = [];
    const spawner: Spawner = async (cmd, args, _t, input, env) => {
      calls.push({ cmd, args, ...(input ? { input } : {}), ...(env ? { env } : {}) });
      return { code: 0, stdout: '', stderr: '', ...answer };
    };
    return { calls, spawner };
  }

  it('sends the bytes as base64 on stdin and the printer name in the environment, never in the script', async () => {
    const name = `POS-80 "kiosk"; Remove-Item C:\\ -Recurse`;
    const f = fake({ stdout: 'job 17\r\n' });
    const q = new QueuePrinter({ queue: name, platform: 'win32', spawner: f.spawner });
    await expect(q.printRaw(JOB, 'ticket')).resolves.toEqual({ id: '17' });
    const call = f.calls[0]!;
    expect(call.cmd).toBe('powershell.exe');
    expect(call.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WINDOWS_RAW_SCRIPT]);
    expect(call.args.join(' ')).not.toContain('kiosk');
    expect(call.env?.DAFTARYAR_PRINTER).toBe(name);
    expect(Buffer.from(Buffer.from(call.input!).toString('ascii'), 'base64')).toEqual(Buffer.from(JOB));
    expect(WINDOWS_RAW_SCRIPT).toContain('Datatype = "RAW"');
    expect(WINDOWS_RAW_SCRIPT).toContain('$env:DAFTARYAR_PRINTER');
  });

  it('maps the spooler errors', async () => {
    const unknown = new QueuePrinter({ queue: 'X', platform: 'win32', spawner: fake({ code: 2, stdout: 'win32 1801\nThe printer name is invalid' }).spawner });
    await expect(unknown.printRaw(JOB)).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    const spooler = new QueuePrinter({ queue: 'X', platform: 'win32', spawner: fake({ code: 2, stdout: 'win32 1722' }).spawner });
    await expect(spooler.printRaw(JOB)).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    const other = new QueuePrinter({ queue: 'X', platform: 'win32', spawner: fake({ code: 2, stdout: 'win32 5' }).spawner });
    await expect(other.printRaw(JOB)).rejects.toMatchObject({ code: 'PRINTER_ERROR' });
    const pdf = new QueuePrinter({ queue: 'X', platform: 'win32', spawner: fake({ code: 2, stdout: 'win32 1801' }).spawner });
    await expect(pdf.printPdf(await receiptPdf('x'), 'A4')).rejects.toMatchObject({ code: 'PRINTER_UNREACHABLE' });
  });

  it('a PDF goes RAW to a printer that reads PDF, wrapped in PJL naming its paper; the title cannot break out of the PJL line', async () => {
    const f = fake({ stdout: 'job 21\r\n' });
    const q = new QueuePrinter({ queue: 'HP LaserJet M404', platform: 'win32', spawner: f.spawner });
    const doc = await receiptPdf('RECEIPT 7');
    expect(await q.printPdf(doc, 'A5', 'receipt "7"\r\n@PJL SET COPIES=99')).toEqual({ id: '21' });
    const sent = Buffer.from(Buffer.from(f.calls[0]!.input!).toString('ascii'), 'base64');
    const text = sent.toString('latin1');
    const start = sent.indexOf(Buffer.from('%PDF-'));
    expect(text.slice(0, start)).toBe('\x1b%-12345X@PJL JOB NAME="receipt ?7?  @PJL SET COPIES=99"\r\n@PJL SET PAPER=A5\r\n@PJL ENTER LANGUAGE=PDF\r\n');
    expect(sent.subarray(start, start + doc.length)).toEqual(Buffer.from(doc));
    expect(text.slice(start + doc.length)).toBe('\x1b%-12345X@PJL EOJ NAME="receipt ?7?  @PJL SET COPIES=99"\r\n\x1b%-12345X');
    expect(text.match(/@PJL SET COPIES/g)).toHaveLength(2); // only inside the quoted names, never a line of its own
    expect(text).not.toMatch(/\n@PJL SET COPIES/);
    await expect(q.printPdf(Buffer.from('not a pdf'), 'A4')).rejects.toThrow(TypeError);
  });

  it('on Linux runs lp in the C locale, since its answer is parsed', async () => {
    const f = fake({ stdout: 'request id is q-3 (0 file(s))\n' });
    const q = new QueuePrinter({ queue: 'q', platform: 'linux', spawner: f.spawner });
    await expect(q.printRaw(JOB)).resolves.toEqual({ id: 'q-3' });
    expect(f.calls[0]!.cmd).toBe('lp');
    expect(f.calls[0]!.args).toEqual(['-d', 'q', '-o', 'raw', '-t', 'Daftaryar', '-']);
    expect(f.calls[0]!.env).toMatchObject({ LANG: 'C', LC_ALL: 'C' });
  });

  it('refuses queue names that are not names', () => {
    expect(() => new QueuePrinter({ queue: 'a b', platform: 'linux' })).toThrow();
    expect(() => new QueuePrinter({ queue: '-dother', platform: 'linux' })).toThrow();
    expect(() => new QueuePrinter({ queue: 'x\ny', platform: 'win32' })).toThrow();
  });
});
