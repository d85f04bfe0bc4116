/**
 * What the capture service needs from native/: drivers, the image pipeline (a worker pool), the
 * importer, OCR and the PDF builder — as small interfaces, so tests can hand in real parts with
 * small settings (one worker, no OCR) and the hub never imports a heavy module it does not use.
 */
import type { DriverKind, RawPage, ScannerDriver } from '../../native/capture/types';
import type { PipelineOptions, ProcessedPage } from '../../native/image/types';
import type { OcrPage } from '../../native/ocr/types';
import type { DocumentPdfInput } from '../../native/pdf/types';

export interface ImagePipeline {
  process(page: RawPage, options: PipelineOptions): Promise<ProcessedPage>;
  close(): Promise<void>;
}

export interface OcrEngine {
  recognize(image: Buffer, size: { widthPx: number; heightPx: number }): Promise<OcrPage>;
  close(): Promise<void>;
}

export interface CapturePorts {
  /**
   * a driver of a kind (scanners); `folder` takes the folder path as its device id. `tmpDir` is the
   * hub's private work folder inside the data folder: a driver that needs a temporary makes it there.
   */
  driver(kind: Exclude<DriverKind, 'file'>, where: { tmpDir: string }): ScannerDriver;
  /** the pages of a file the clerk uploaded, from memory; `fileName` is what the clerk's computer called it */
  importFile(data: Buffer, fileName: string, signal: AbortSignal): AsyncIterable<RawPage>;
  pipeline(): ImagePipeline;
  /** null: no OCR on this hub (tests, or switched off); pages stay `pending` */
  ocr(): OcrEngine | null;
  pdf(input: DocumentPdfInput): Promise<Uint8Array>;
  /** ends worker threads the parts started (the hub calls it at close) */
  close?(): Promise<void>;
}
