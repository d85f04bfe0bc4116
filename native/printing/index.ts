/**
 * Queue ticket printing on ESC/POS thermal printers: Persian drawn as an image (printers cannot
 * shape it), sent as `GS v 0` raster over raw TCP, counted as printed only once the printer has
 * accepted it. See README.md.
 */
export { networkTicketPrinter, printTestPage, type NetworkTicketPrinterOptions, type TicketPrinter } from './ticketPrinter';
export { renderTicket, warmUpTicketRenderer, PAPER_DOTS, type Paper, type TicketToPrint } from './ticketImage';
export { renderTestPage, type TestPageInfo } from './testPage';
export { rasterToPng, type Raster } from './raster';
export { encodeTicket, decodeRaster, parseEscPos, type EncodeOptions, type EscPosCommand } from './escpos';
export { TcpPrinter, DEFAULT_PRINTER_PORT, DEFAULT_PRINTER_TIMEOUT_MS, type TcpPrinterOptions } from './tcpPrinter';
export { PrinterError, printerErrorCodes, decodeStatus, statusProblem, type PrinterErrorCode, type PrinterStatus } from './printerStatus';
export { setPrintFontDirectory } from './persianText';
export { DevicePrinter, SERIAL_BAUD_RATES, DEFAULT_DEVICE_TIMEOUT_MS, type DevicePrinterOptions, type SerialBaudRate } from './devicePrinter';
export { QueuePrinter, DEFAULT_QUEUE_TIMEOUT_MS, type QueuePrinterOptions, type QueuedJob } from './queuePrinter';
export { escPosOutput, escPosConnectionSchema, type EscPosConnection, type EscPosOutput } from './escPosOutput';
export { run as runCommand, type CommandResult, type Spawner } from './command';
