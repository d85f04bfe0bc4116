import type { PrinterConfig } from '../../core/api/queue';

/** What the queue needs to put on a ticket. */
export interface TicketToPrint {
  officeName: string;
  serviceName: string;
  number: string;
  issuedAt: string;
  peopleAhead: number;
  estimatedWaitMinutes: number | null;
  ticketId: string;
  priorityLabel?: string | undefined;
}

/** A ticket printer as the queue sees it; native/printing provides the real one. */
export interface TicketPrinterPort {
  print(ticket: TicketToPrint): Promise<unknown>;
  status(): Promise<{ nearEnd: boolean }>;
  testPrint(officeName: string): Promise<void>;
}

/** Errors a printer reports, each with a stable code the kiosk turns into Persian. */
export const printerErrorCodes = ['PRINTER_UNREACHABLE', 'PRINTER_TIMEOUT', 'PRINTER_PAPER_OUT', 'PRINTER_COVER_OPEN', 'PRINTER_OFFLINE', 'PRINTER_ERROR'] as const;
export type PrinterErrorCode = (typeof printerErrorCodes)[number];

export type TicketPrinterFactory = (config: Exclude<PrinterConfig, { kind: 'none' }>) => TicketPrinterPort;
