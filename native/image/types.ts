/**
 * The image pipeline's contract: a raw page from any driver in, a cleaned page out (deskewed, cropped
 * to the paper, blank pages flagged — never dropped — encoded small with 300 dpi metadata) plus a
 * thumbnail and a screen-size view for the counter and the applicant's screen.
 */
import type { ColorMode, RawPage } from '../capture/types';

export interface PipelineOptions {
  /** the colour mode of the document this page belongs to; 'bw' encodes 1-bit */
  readonly colorMode: ColorMode;
  /** default true */
  readonly deskew?: boolean;
  /** default true */
  readonly crop?: boolean;
  /** extra clockwise rotation the clerk asked for, multiple of 90 */
  readonly rotate?: 0 | 90 | 180 | 270;
  /**
   * refuse inputs with more pixels than this (decompression bombs): ScannerError FILE_TOO_LARGE.
   * Default 100 MP (A4 at 600 dpi is 35 MP).
   */
  readonly limitInputPixels?: number;
}

export interface ProcessedPage {
  /** the stored page: JPEG for grey/colour, 1-bit CCITT G4 TIFF for black and white (10× faster and half the size of a 1-bit PNG, measured) */
  readonly image: Buffer;
  readonly mime: 'image/jpeg' | 'image/png' | 'image/tiff';
  readonly widthPx: number;
  readonly heightPx: number;
  /** always written into the image metadata too */
  readonly dpi: number;
  /** the skew found and corrected, degrees (positive = the scan was rotated clockwise) */
  readonly deskewDeg: number;
  /**
   * the paper's box in the deskewed input, pixels: the input turned back by `deskewDeg` about its
   * centre, in the input's own coordinates (so it can be drawn over the raw scan); null when not
   * cropped (crop off, or no dark border to find the paper against)
   */
  readonly crop: { readonly left: number; readonly top: number; readonly width: number; readonly height: number } | null;
  /** flagged for the clerk's review, never dropped */
  readonly blank: boolean;
  /** share of ink pixels in the page's interior (0..1) — what `blank` was decided on */
  readonly inkRatio: number;
  /** small JPEG for the thumbnail strip (about 160 px wide) */
  readonly thumb: Buffer;
  /** JPEG for the screens (about 1400 px tall): the applicant reads it */
  readonly view: Buffer;
}

/**
 * Throws ScannerError: BAD_DATA for data that is not a readable image, FILE_TOO_LARGE over
 * `limitInputPixels`.
 */
export type ProcessPage = (page: RawPage, options: PipelineOptions) => Promise<ProcessedPage>;
