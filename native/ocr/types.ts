/** OCR results as the PDF text layer and the search index need them. Pixel boxes in the page image. */
export interface OcrBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface OcrLine {
  /** the line in logical (reading) order, as Unicode text — Persian right to left, digits as read */
  readonly text: string;
  readonly bbox: OcrBox;
  readonly words: readonly { readonly text: string; readonly bbox: OcrBox; readonly confidence: number }[];
}

export interface OcrPage {
  /** all lines joined with \n, logical order: what is indexed for search */
  readonly text: string;
  readonly lines: readonly OcrLine[];
  /** mean word confidence 0..100 */
  readonly confidence: number;
  /** the image size the boxes refer to */
  readonly widthPx: number;
  readonly heightPx: number;
}
