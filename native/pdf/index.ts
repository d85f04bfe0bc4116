export { buildDocumentPdf, setPdfFontDirectory } from './documentPdf';
export type { DocumentPdfInput, PdfPageInput } from './types';
