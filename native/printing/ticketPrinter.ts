import { encodeTicket } from './escpos';
import type { PrinterStatus } from './printerStatus';
import { TcpPrinter } from './tcpPrinter';
import { renderTestPage } from './testPage';
import { renderTicket, type Paper, type TicketToPrint } from './ticketImage';

/**
 * The queue's ticket printer, as the hub sees it. `print` resolves only once the printer has
 * accepted the ticket — that, and nothing earlier, is when a ticket counts as issued. Failures are
 * {@link PrinterError}s with a stable code for the kiosk's message.
 */
export interface TicketPrinter {
  /** resolves with the printer's status after the ticket (see `nearEnd`) */
  print(ticket: TicketToPrint): Promise<PrinterStatus>;
  status(): Promise<PrinterStatus>;
  testPrint(officeName: string): Promise<void>;
}

export interface NetworkTicketPrinterOptions {
  host: string;
  port?: number;
  paper: Paper;
  timeoutMs?: number;
  /** for the test page's date; defaults to the system clock */
  now?: () => Date;
}

/** A ticket printer on the network (raw TCP, port 9100). */
export function networkTicketPrinter(options: NetworkTicketPrinterOptions): TicketPrinter {
  const printer = new TcpPrinter(options);
  const now = options.now ?? (() => new Date());
  return {
    async print(ticket) {
      // Render before connecting: the printer's connection is held only for the transfer.
      return printer.print(encodeTicket(await renderTicket(ticket, options.paper)));
    },
    status: () => printer.status(),
    async testPrint(officeName) {
      await printTestPage(printer, options.paper, officeName, now());
    },
  };
}

/** Prints the test page on `printer` (see testPage.ts): a TcpPrinter or any EscPosOutput (escPosOutput.ts). */
export async function printTestPage<T = PrinterStatus>(
  printer: { readonly address: string; print(job: Uint8Array): Promise<T> },
  paper: Paper,
  officeName: string,
  at: Date = new Date(),
): Promise<T> {
  const page = await renderTestPage({ officeName, printerAddress: printer.address, printedAt: at.toISOString() }, paper);
  return printer.print(encodeTicket(page));
}
