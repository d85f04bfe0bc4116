import type { OcrPage } from '../ocr/types';

export interface PdfPageInput {
  /** the stored page image, embedded as is (no re-encoding) */
  readonly image: Buffer;
  readonly mime: 'image/jpeg' | 'image/png' | 'image/tiff';
  readonly widthPx: number;
  readonly heightPx: number;
  readonly dpi: number;
  /** the invisible text layer; a page without OCR (yet) gets none */
  readonly ocr?: OcrPage;
}

export interface DocumentPdfInput {
  readonly pages: readonly PdfPageInput[];
  /** PDF/A-style metadata (Info dictionary and XMP) */
  readonly meta: {
    readonly title: string;
    readonly subject?: string;
    readonly author: string;
    readonly created: Date;
    readonly keywords?: readonly string[];
  };
}
