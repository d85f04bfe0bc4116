/**
 * A workstation's document printer as the hub's services see it (docs/WORKSTATIONS.md § Documents on
 * the workstation's print queue): A4/A5 PDFs — receipts, reports — printed on the PC's print queue
 * through its agent, in place of a download. Built by `DeviceJobs.documentPrinterFor`.
 */
import { DomainError, printerErrorCodes, type ErrorCode } from '../../core/errors';
import type { Logger } from '../log';

export interface DocumentPrinterPort {
  /** `<workstation>/<printer id>`, for the print record and the log */
  readonly address: string;
  /** the printer as the workstation named it, for the clerk */
  readonly label: string;
  /** resolves once the workstation's queue printed the PDF; rejects with the printer's code */
  printPdf(pdf: Uint8Array, media: 'A4' | 'A5'): Promise<void>;
}

/**
 * Prints a PDF on a workstation's document printer: the queue's failure becomes the printer's code
 * (PRINTER_UNREACHABLE: no such queue or no print service; PRINTER_OFFLINE: the printer stopped or
 * the queue refuses jobs; PRINTER_TIMEOUT; PRINTER_ERROR: the job refused), a workstation away stays
 * WORKSTATION_PRINTER_OFFLINE naming it.
 */
export async function printDocument(hub: { log: Logger }, printer: DocumentPrinterPort, pdf: Uint8Array, media: 'A4' | 'A5', what: Record<string, unknown>): Promise<{ printer: string }> {
  try {
    await printer.printPdf(pdf, media);
    return { printer: printer.label };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const raw = (err as { code?: unknown } | null)?.code;
    const code: ErrorCode = typeof raw === 'string' && (printerErrorCodes as readonly string[]).includes(raw) ? (raw as ErrorCode) : 'PRINTER_ERROR';
    hub.log.warn('document print failed', { ...what, printer: printer.address, code });
    throw new DomainError(code, 'the workstation’s document printer did not print the document');
  }
}
