/**
 * The counter's thermal receipt printer as the hub sees it. The real one is native/printing's
 * `TcpPrinter` — the very code that prints the queue's tickets: raw TCP 9100, status (DLE EOT)
 * before and after the job, every step bounded, calls to one address one after another (a printer
 * shared by the kiosk and a counter never gets two jobs interleaved). Tests inject a factory
 * pointed at test/support/fakePrinter.ts.
 */
import { printTestPage, printerErrorCodes, TcpPrinter, type Paper } from '../../native/printing';
import { DomainError, type ErrorCode } from '../../core/errors';
import { getReceiptPrinter } from '../../db/receiptPrinters';
import type { Database } from '../../db/sqlite';
import type { Logger } from '../log';

export interface ReceiptPrinterPort {
  /** host:port, for the print record and logs */
  readonly address: string;
  /** Sends one ESC/POS job; resolves only once the printer accepted it (status ready after the job). */
  print(job: Uint8Array): Promise<{ nearEnd: boolean }>;
  /** Prints native/printing's test page (sizes, letters, digits, a frame on the printable edges). */
  testPrint(officeName: string, paper: Paper): Promise<{ nearEnd: boolean }>;
}

export type ReceiptPrinterFactory = (config: { host: string; port: number }) => ReceiptPrinterPort;

/** Receipt printers on the network: ESC/POS over TCP, each step bounded by `timeoutMs`. */
export function networkReceiptPrinter(timeoutMs = 5000): ReceiptPrinterFactory {
  return ({ host, port }) => {
    const printer = new TcpPrinter({ host, port, timeoutMs });
    return {
      address: printer.address,
      print: (job) => printer.print(job),
      testPrint: (officeName, paper) => printTestPage(printer, paper, officeName),
    };
  };
}

/** The real receipt printer, with the queue's ticket printer's bound (hub/queue/networkPrinter.ts). */
export const defaultReceiptPrinter: ReceiptPrinterFactory = networkReceiptPrinter(5000);

/** The stable printer code of a failed print (the queue's codes); anything unexpected is PRINTER_ERROR. */
export function receiptPrinterCode(err: unknown): ErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (printerErrorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'PRINTER_ERROR';
}

/**
 * The receipt printer of a counter and its paper width; RECEIPT_PRINTER_NOT_CONFIGURED without one.
 * `workstation`: the printer of the caller's workstation, reached through its agent
 * (hub/agent/deviceJobs.ts), in place of the setting's network printer; the paper is the setting's.
 */
export function counterReceiptPrinter(hub: { db: Database; receiptPrinter: ReceiptPrinterFactory }, counterId: number, workstation?: ReceiptPrinterPort | null): { printer: ReceiptPrinterPort; paper: Paper } {
  const setting = getReceiptPrinter(hub.db, counterId);
  if (!setting) throw new DomainError('RECEIPT_PRINTER_NOT_CONFIGURED', 'the counter has no receipt printer');
  return { printer: workstation ?? hub.receiptPrinter({ host: setting.host, port: setting.port }), paper: setting.paper };
}

/**
 * Sends one receipt job (payment or filing receipt) to the printer. A failure becomes the queue's
 * stable printer code and is logged with `what` (the receipt's number, the variant), so a slip that
 * did come out whole can still be traced.
 */
export async function sendReceiptJob(
  hub: { log: Logger },
  printer: ReceiptPrinterPort,
  job: Uint8Array,
  what: Record<string, unknown>,
): Promise<{ nearEnd: boolean }> {
  try {
    return await printer.print(job);
  } catch (err) {
    // a workstation's agent that went away: the error names the workstation
    if (err instanceof DomainError && err.code === 'WORKSTATION_PRINTER_OFFLINE') throw err;
    const code = receiptPrinterCode(err);
    hub.log.warn('receipt print failed', { ...what, printer: printer.address, code });
    throw new DomainError(code, 'the receipt printer did not take the receipt');
  }
}
