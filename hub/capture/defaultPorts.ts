/**
 * The native parts capture runs on in a real hub: the scanner drivers, one image worker pool for the
 * hub's life (a thread per core), the importer, one low-priority OCR worker, and the PDF builder.
 * Each heavy part starts on first use, so a hub that never scans pays nothing for them.
 *
 * `DAFTARYAR_OCR=0` switches OCR off (pages stay `pending`; nothing else changes).
 */
import { DwtDriver, EsclDriver, FolderDriver, SaneDriver, discoverEsclScanners, importBuffer, type ScannerDriver } from '../../native/capture';
import { ImagePool } from '../../native/image/pool';
import { createOcrPool, type OcrPool } from '../../native/ocr';
import { buildDocumentPdf } from '../../native/pdf';
import type { CapturePorts } from './ports';

/**
 * A folder driver for the one folder a counter's setting names (folders are typed in, not discovered).
 * One per job: `release` shreds the originals its scan took.
 */
function folderDriver(): ScannerDriver {
  const one = (path: string) => new FolderDriver({ folders: [{ path, label: path }] });
  const scanned: FolderDriver[] = [];
  return {
    kind: 'folder',
    listDevices: async () => [],
    capabilities: (deviceId) => one(deviceId).capabilities(deviceId),
    scan: (deviceId, settings, signal) => {
      const d = one(deviceId);
      scanned.push(d);
      return d.scan(deviceId, settings, signal);
    },
    release: async () => {
      for (const d of scanned.splice(0)) await d.release();
    },
  };
}

type Where = Parameters<CapturePorts['driver']>[1];

export function defaultCapturePorts(env: NodeJS.ProcessEnv = process.env): CapturePorts & { close(): Promise<void> } {
  let pool: ImagePool | undefined;
  let ocr: OcrPool | undefined;
  const drivers = {
    sane: ({ tmpDir }: Where) => new SaneDriver({ tmpDir }),
    escl: () => new EsclDriver({ discover: (signal) => discoverEsclScanners({ timeoutMs: 3000, ...(signal ? { signal } : {}) }) }),
    // the office's licence key (the manager's «تنظیمات»)
    dwt: ({ dwtLicence }: Where) => new DwtDriver(dwtLicence ? { licenceKey: dwtLicence } : {}),
    folder: folderDriver,
  } as const;
  const ocrOn = env.DAFTARYAR_OCR !== '0';
  return {
    driver: (kind, where) => drivers[kind](where),
    importFile: (data, fileName, signal) => importBuffer(data, fileName, { signal }),
    pipeline: () => (pool ??= new ImagePool()),
    ocr: () => {
      if (!ocrOn) return null;
      ocr ??= createOcrPool({ workers: 1 });
      const engine = ocr;
      return {
        recognize: (image, size) => engine.recognize(image, size),
        close: () => engine.close(),
      };
    },
    pdf: (input) => buildDocumentPdf(input),
    async close() {
      await Promise.allSettled([pool?.close(), ocr?.close()]);
    },
  };
}
