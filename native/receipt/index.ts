/**
 * Payment receipts (FEES.md §4): a 1-bit raster for the ESC/POS thermal printer and an A5 PDF
 * printed by Chromium from an RTL HTML template. See README.md.
 */
export { parseReceipt, receiptDataSchema, formatRials, formatRialsDigits, formatReceiptNumber, type ReceiptData, type ReceiptLine } from './model';
export { renderReceipt, encodeReceipt, RECEIPT_LAYOUTS, type ReceiptLayout } from './thermal';
export { buildReceiptHtml, escapeHtml, receiptTitle, setReceiptFontDirectory } from './template';
export { chromiumPdfPrinter, receiptPdf, type PdfPrinter, type ChromiumPdfPrinter, type ChromiumPdfPrinterOptions } from './pdf';
export { receiptFa } from './labels.fa';
export { sampleReceipt } from './sample';
