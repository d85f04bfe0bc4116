/**
 * One shape for an ESC/POS printer however it is reached — raw TCP 9100, a USB lp device, a serial
 * port, a CUPS raw queue, a Windows printer — so a workstation's device agent can print tickets and
 * receipts on whatever is plugged into its PC with the same code the hub uses for network printers
 * (`printTestPage` takes one too). `print` resolves only once the printer (or the queue that owns it)
 * took the whole job; anything else is a PrinterError with its stable code.
 */
import { z } from 'zod';
import { DevicePrinter, SERIAL_BAUD_RATES, type SerialBaudRate } from './devicePrinter';
import { QueuePrinter } from './queuePrinter';
import { PrinterError, statusProblem } from './printerStatus';
import { TcpPrinter } from './tcpPrinter';

export interface EscPosOutput {
  /** where it is, for messages and the print record */
  readonly address: string;
  /** `nearEnd` when the printer says its roll is nearly out; false when it cannot say */
  print(job: Uint8Array): Promise<{ nearEnd: boolean }>;
  /** throws the PrinterError that would stop a job; resolves when the printer can print */
  check(): Promise<{ nearEnd: boolean }>;
}

const devicePath = z.string().max(300).regex(/^\/[^\x00-\x1f;|&$`<>]+$/, 'an absolute device path');

export const escPosConnectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('network'), host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535).default(9100) }).strict(),
  // any absolute path: DevicePrinter opens only character devices and FIFOs
  z.object({ kind: z.literal('usb'), path: devicePath }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: devicePath,
      baud: z
        .number()
        .int()
        .refine((b) => (SERIAL_BAUD_RATES as readonly number[]).includes(b), 'not a serial line speed')
        .default(9600),
      flowControl: z.enum(['none', 'xonxoff', 'rtscts']).default('none'),
    })
    .strict(),
  z.object({ kind: z.literal('cups'), queue: z.string().min(1).max(127), server: z.string().max(300).optional() }).strict(),
  z.object({ kind: z.literal('windows'), name: z.string().min(1).max(220) }).strict(),
]);
export type EscPosConnection = z.input<typeof escPosConnectionSchema>;

/** The printer a connection setting names; every step bounded by `timeoutMs` (queues: `queueTimeoutMs` for the whole job). */
export function escPosOutput(connection: EscPosConnection, options: { timeoutMs?: number; queueTimeoutMs?: number } = {}): EscPosOutput {
  const c = escPosConnectionSchema.parse(connection);
  const timeoutMs = options.timeoutMs ?? 5000;
  switch (c.kind) {
    case 'network': {
      const p = new TcpPrinter({ host: c.host, port: c.port, timeoutMs });
      return { address: p.address, print: async (job) => ({ nearEnd: (await p.print(job)).nearEnd }), check: () => p.status().then(ready(p.address)) };
    }
    case 'usb':
    case 'serial': {
      const p = new DevicePrinter(c.kind === 'usb' ? { kind: 'usb', path: c.path, timeoutMs } : { kind: 'serial', path: c.path, baud: c.baud as SerialBaudRate, flowControl: c.flowControl, timeoutMs });
      return {
        address: p.address,
        print: async (job) => ({ nearEnd: (await p.print(job))?.nearEnd ?? false }),
        // a USB printer that never reports status can still print: ready unless the kernel refuses a job
        check: () => p.status().then(ready(p.address), (err: unknown) => (c.kind === 'usb' && (err as PrinterError).code === 'PRINTER_TIMEOUT' ? { nearEnd: false } : Promise.reject(err))),
      };
    }
    case 'cups':
    case 'windows': {
      const q = new QueuePrinter(c.kind === 'cups' ? { queue: c.queue, ...(c.server ? { server: c.server } : {}), platform: 'linux' } : { queue: c.name, platform: 'win32' });
      return {
        address: q.address,
        print: async (job) => {
          await q.waitForJob(await q.printRaw(job), options.queueTimeoutMs ?? 30_000);
          return { nearEnd: false };
        },
        // the queue takes jobs for a printer that is off; only printing tells
        check: async () => ({ nearEnd: false }),
      };
    }
  }
}

function ready(where: string) {
  return (s: Parameters<typeof statusProblem>[0]): { nearEnd: boolean } => {
    const problem = statusProblem(s);
    if (problem) throw new PrinterError(problem, `printer ${where}: ${problem}`, { status: s });
    return { nearEnd: s.nearEnd };
  };
}
