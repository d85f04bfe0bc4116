/**
 * The native parts capture runs on in a real hub: the scanner drivers, one image worker pool for the
 * hub's life (a thread per core), the importer, one low-priority OCR worker, and the PDF builder.
 * Each heavy part starts on first use, so a hub that never scans pays nothing for them.
 *
 * `DAFTARYAR_OCR=0` switches OCR off (pages stay `pending`; nothing else changes).
 */
import { readFile } from 'node:fs/promises';
import { DwtDriver, EsclDriver, FolderDriver, SaneDriver, discoverEsclScanners, importBuffer, type ScannerDriver } from '../../native/capture';
import { ImagePool } from '../../native/image/pool';
import { createOcrPool, type OcrPool } from '../../native/ocr';
import { buildDocumentPdf } from '../../native/pdf';
import type { CapturePorts } from './ports';

/** A folder driver for the one folder a counter's setting names (folders are typed in, not discovered). */
function folderDriver(): ScannerDriver {
  const one = (path: string) => new FolderDriver({ folders: [{ path, label: path }] });
  return {
    kind: 'folder',
    listDevices: async () => [],
    capabilities: (deviceId) => one(deviceId).capabilities(deviceId),
    scan: (deviceId, settings, signal) => one(deviceId).scan(deviceId, settings, signal),
  };
}

export function defaultCapturePorts(env: NodeJS.ProcessEnv = process.env): CapturePorts & { close(): Promise<void> } {
  let pool: ImagePool | undefined;
  let ocr: OcrPool | undefined;
  const drivers = {
    sane: () => new SaneDriver(),
    escl: () => new EsclDriver({ discover: (signal) => discoverEsclScanners({ timeoutMs: 3000, ...(signal ? { signal } : {}) }) }),
    dwt: () => new DwtDriver(env.DAFTARYAR_DWT_LICENCE ? { licenceKey: env.DAFTARYAR_DWT_LICENCE } : {}),
    folder: folderDriver,
  } as const;
  const ocrOn = env.DAFTARYAR_OCR !== '0';
  return {
    driver: (kind) => drivers[kind](),
    async *importFile(filePath, fileName, signal) {
      yield* importBuffer(await readFile(filePath), fileName, { signal });
    },
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
