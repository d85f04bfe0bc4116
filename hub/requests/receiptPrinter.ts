/**
 * The counter's thermal receipt printer as the hub sees it. The real one is native/printing's
 * `TcpPrinter` — the very code that prints the queue's tickets: raw TCP 9100, status (DLE EOT)
 * before and after the job, every step bounded, calls to one address one after another (a printer
 * shared by the kiosk and a counter never gets two jobs interleaved). Tests inject a factory
 * pointed at test/support/fakePrinter.ts.
 */
import { printTestPage, printerErrorCodes, TcpPrinter, type Paper } from '../../native/printing';
import type { ErrorCode } from '../../core/errors';

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
