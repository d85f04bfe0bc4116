/**
 * What the capture service needs from native/: drivers, the image pipeline (a worker pool), the
 * importer, OCR and the PDF builder — as small interfaces, so tests can hand in real parts with
 * small settings (one worker, no OCR) and the hub never imports a heavy module it does not use.
 */
import type { DocumentType, ScannerSettingInput } from '../../core/api/capture';
import type { ColorMode, DriverKind, RawPage, ScannerDriver, ScanSettings } from '../../native/capture/types';
import type { PipelineOptions, ProcessedPage } from '../../native/image/types';
import type { OcrPage } from '../../native/ocr/types';
import type { DocumentPdfInput } from '../../native/pdf/types';
import type { Staff } from '../request/caller';

/** A scan the clerk starts: the counter's setting, or the clerk's choice for this scan. */
export interface ScanInput {
  requestId: string;
  counterId: number;
  documentType: DocumentType;
  documentId?: string | undefined;
  replacePageId?: string | undefined;
  source?: ScanSettings['source'] | undefined;
  colorMode?: ColorMode | undefined;
  dpi?: number | undefined;
}

/**
 * The scanners of the caller's own workstation, reached through its device agent (hub/agent): a port
 * built per call for the device the caller's connection proved, as the workstation's printer and card
 * terminal are (hub/agent/deviceJobs.ts). It is the driver behind a counter setting of driver
 * `workstation`; off a workstation it lists nothing and refuses a scan (`WORKSTATION_REQUIRED`).
 */
export interface WorkstationScanner {
  /** the scanners the workstation's agent last reported */
  listDevices(): { id: string; label: string; model: string | null }[];
  /** opens the job on the agent (its pages arrive later: remoteJobs.ts) */
  start(input: ScanInput, setting: ScannerSettingInput, staff: Staff): { jobId: string };
  /** a job given to an agent is cancelled there (it ends once the agent reports); null: not an agent's job */
  cancel(jobId: string): { cancelled: boolean } | null;
}

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
   * `dwtLicence`: the office's Dynamic Web TWAIN licence key (an office setting), for `dwt`.
   */
  driver(kind: Exclude<DriverKind, 'file'>, where: { tmpDir: string; dwtLicence: string | null }): ScannerDriver;
  /** the pages of a file the clerk uploaded, from memory; `fileName` is what the clerk's computer called it */
  importFile(data: Buffer, fileName: string, signal: AbortSignal): AsyncIterable<RawPage>;
  pipeline(): ImagePipeline;
  /** null: no OCR on this hub (tests, or switched off); pages stay `pending` */
  ocr(): OcrEngine | null;
  pdf(input: DocumentPdfInput): Promise<Uint8Array>;
  /** ends worker threads the parts started (the hub calls it at close) */
  close?(): Promise<void>;
}
