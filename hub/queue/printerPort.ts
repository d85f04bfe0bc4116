import type { PrinterConfig } from '../../core/api/queue';
import type { ErrorCode } from '../../core/errors';
import { printerErrorCodes, type TicketToPrint } from '../../native/printing';

export type { TicketToPrint };
export { printerErrorCodes };

// Every code the printer layer can raise must be a contract error code the kiosk can show.
printerErrorCodes satisfies readonly ErrorCode[];

/** A ticket printer as the queue sees it; native/printing provides the real one. */
export interface TicketPrinterPort {
  print(ticket: TicketToPrint): Promise<unknown>;
  status(): Promise<{ nearEnd: boolean }>;
  testPrint(officeName: string): Promise<void>;
}

export type TicketPrinterFactory = (config: Exclude<PrinterConfig, { kind: 'none' }>) => TicketPrinterPort;
