/**
 * One interface for every way a page reaches the office: SANE (`scanimage`), eSCL/AirScan over HTTP,
 * TWAIN/WIA through Dynamic Web TWAIN, a watched folder, and file import. The hub asks a driver for
 * its devices and their capabilities, then scans: pages come out one at a time as an async stream, so
 * a 200-page ADF batch is never held in memory. Cancelling goes through the AbortSignal.
 */
import { z } from 'zod';

export const driverKinds = ['sane', 'escl', 'dwt', 'folder', 'file'] as const;
export type DriverKind = (typeof driverKinds)[number];

export const scanSources = ['flatbed', 'adf', 'adfDuplex'] as const;
export type ScanSource = (typeof scanSources)[number];

export const colorModes = ['color', 'grey', 'bw'] as const;
export type ColorMode = (typeof colorModes)[number];

export interface ScannerDevice {
  readonly driver: DriverKind;
  /** stable within the driver: a SANE device name, an eSCL base URL, a folder path */
  readonly id: string;
  /** what the clerk sees: make and model */
  readonly label: string;
}

export interface ScannerCapabilities {
  readonly sources: readonly ScanSource[];
  readonly colorModes: readonly ColorMode[];
  /** resolutions the device offers, dpi, ascending */
  readonly resolutions: readonly number[];
  /** the largest page the device scans, millimetres */
  readonly maxWidthMm: number;
  readonly maxHeightMm: number;
  /** the make and model the device reports (eSCL MakeAndModel), when it says */
  readonly model?: string;
}

export const scanSettingsSchema = z.object({
  source: z.enum(scanSources),
  dpi: z.number().int().min(75).max(1200),
  colorMode: z.enum(colorModes),
});
export type ScanSettings = z.infer<typeof scanSettingsSchema>;

export type RawPageMime = 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/x-portable-anymap';

/** One page as the device delivered it, before the image pipeline. */
export interface RawPage {
  /** 0-based, in the order the device delivered them */
  readonly index: number;
  readonly data: Buffer;
  readonly mime: RawPageMime;
  /** the resolution the device reports for the page (falls back to the requested dpi) */
  readonly dpi: number;
  /** for import: which file (base name only) and which page of it */
  readonly origin?: { readonly fileName: string; readonly pageOfFile: number };
  /**
   * the small images made in the driver's own decode of the page (native/image/preview.ts): with
   * them the hub commits the page at once as provisional and runs its heavy steps afterwards
   */
  readonly preview?: PagePreview;
}

/** A page's thumbnail and view as the screens show them before the page is processed, and its size. */
export interface PagePreview {
  /** JPEG, THUMB_WIDTH wide */
  readonly thumb: Buffer;
  /** JPEG, VIEW_HEIGHT tall (the page's own height if smaller) */
  readonly view: Buffer;
  /** the original page's pixels */
  readonly widthPx: number;
  readonly heightPx: number;
}

/**
 * Why a scan stopped. Stable codes; the renderer says each in one Persian sentence. Pages delivered
 * before the error are kept by the caller.
 */
export const scannerErrorCodes = [
  'DEVICE_NOT_FOUND', // the device is not there (unplugged, switched off, wrong address)
  'DEVICE_GONE', // it disappeared in the middle of a batch
  'DEVICE_BUSY', // another job holds it
  'PAPER_JAM', // eSCL 409 with a jam, SANE "Document feeder jammed"
  'FEEDER_EMPTY', // the ADF has no paper (before the first page)
  'COVER_OPEN',
  'CANCELLED', // the clerk cancelled (AbortSignal)
  'TIMEOUT', // the device stopped answering
  'DRIVER_MISSING', // scanimage not installed, DWT service not running
  'LICENCE_MISSING', // Dynamic Web TWAIN without a licence key
  'LICENCE_INVALID', // Dynamic Web TWAIN refused the key (wrong, for another product or version)
  'LICENCE_EXPIRED', // Dynamic Web TWAIN: the key's time is over (trial keys expire)
  'DEVICE_ERROR', // the scanner or its driver reported an error with no more specific code
  'BAD_DATA', // the device (or file) sent something that is not an image we accept
  'UNSUPPORTED', // a setting the device does not have (e.g. duplex)
  'FILE_UNREADABLE', // import: corrupt, truncated, encrypted PDF, 0 bytes, not an image
  'FILE_TOO_LARGE', // import: over the byte or pixel limits (decompression bombs)
  'FILE_NAME_REFUSED', // import/folder: a name with path parts, a symlink, a device file
  'FILE_NOT_SCANNED', // import: a PDF page that is not one scanned image, and pdftoppm is not there to render it
] as const;
export type ScannerErrorCode = (typeof scannerErrorCodes)[number];

export class ScannerError extends Error {
  readonly code: ScannerErrorCode;
  constructor(code: ScannerErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'ScannerError';
    this.code = code;
  }
}

export interface ScannerDriver {
  readonly kind: DriverKind;
  /** devices this driver can reach now; never throws for "none" (an empty list) */
  listDevices(signal?: AbortSignal): Promise<ScannerDevice[]>;
  capabilities(deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities>;
  /**
   * Pages one at a time, as the device delivers them. Ends when the batch is done (flatbed: one page;
   * ADF: until the feeder is empty). Throws ScannerError; pages yielded before are the caller's.
   */
  scan(deviceId: string, settings: ScanSettings, signal?: AbortSignal): AsyncIterable<RawPage>;
  /**
   * Called once the job that scanned is over (its pages stored, or it failed): removes what the scans
   * consumed and kept until then. The watched folder shreds the originals it took; other drivers keep nothing.
   */
  release?(): Promise<void>;
}
