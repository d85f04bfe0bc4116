import { networkTicketPrinter } from '../../native/printing';
export { warmUpTicketRenderer } from '../../native/printing';
import type { TicketPrinterFactory } from './printerPort';

/** The real ticket printer: ESC/POS over TCP (port 9100), Persian rasterised by native/printing. */
export const defaultTicketPrinter: TicketPrinterFactory = (config) =>
  networkTicketPrinter({ host: config.host, port: config.port, paper: config.paper, timeoutMs: 5000 });
