/**
 * Payment receipts (FEES.md §4) and the applicant's filing receipts (رسید ثبت و ارسال, provisional
 * and final): a 1-bit raster for the ESC/POS thermal printer and an A5 PDF printed by Chromium from
 * an RTL HTML template. See README.md.
 */
export { parseReceipt, receiptDataSchema, formatRials, formatRialsDigits, formatReceiptNumber, type ReceiptData, type ReceiptLine } from './model';
export { renderReceipt, encodeReceipt, RECEIPT_LAYOUTS, type ReceiptLayout } from './thermal';
export { buildReceiptHtml, escapeHtml, receiptTitle, setReceiptFontDirectory } from './template';
export { chromiumPdfPrinter, receiptPdf, filingReceiptPdf, type PdfPrinter, type ChromiumPdfPrinter, type ChromiumPdfPrinterOptions } from './pdf';
export { receiptFa, filingReceiptFa } from './labels.fa';
export {
  parseFilingReceipt,
  filingReceiptDataSchema,
  formatRequestNumber,
  formatTrackingCode,
  formatDigest,
  type FilingReceiptData,
  type FilingReceiptVariant,
  type ProvisionalFilingReceipt,
  type FinalFilingReceipt,
} from './filingModel';
export { buildFilingReceiptHtml, filingReceiptTitle } from './filingTemplate';
export { renderFilingReceipt, encodeFilingReceipt } from './filingThermal';
