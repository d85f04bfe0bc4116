/**
 * Receipts: payment receipts (FEES.md §4) and the applicant's filing receipts (رسید ثبت و ارسال,
 * provisional and final), one `Receipt` union drawn by one renderer each — a 1-bit raster for the
 * ESC/POS thermal printer and an A5 PDF printed by Chromium from an RTL HTML template. See README.md.
 */
export {
  parseReceipt,
  parsePaymentReceipt,
  parseFilingReceipt,
  receiptSchema,
  receiptDataSchema,
  filingReceiptDataSchema,
  withDuplicate,
  formatRials,
  formatRialsDigits,
  formatReceiptNumber,
  formatRequestNumber,
  formatTrackingCode,
  formatDigest,
  type Receipt,
  type ReceiptFor,
  type ReceiptData,
  type ReceiptLine,
  type FilingReceiptData,
  type FilingReceiptVariant,
  type ProvisionalFilingReceipt,
  type FinalFilingReceipt,
} from './model';
export { renderReceipt, encodeReceipt, RECEIPT_LAYOUTS, type ReceiptLayout } from './thermal';
export { buildReceiptHtml, escapeHtml, receiptTitle, setReceiptFontDirectory } from './template';
export { chromiumPdfPrinter, receiptPdf, type PdfPrinter, type ChromiumPdfPrinter, type ChromiumPdfPrinterOptions } from './pdf';
export { receiptFa, filingReceiptFa } from './labels.fa';
