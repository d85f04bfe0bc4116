/** The native parts capture runs on in a real hub. Wired when the drivers, pipeline, OCR and PDF land. */
import type { CapturePorts } from './ports';

export function defaultCapturePorts(): CapturePorts {
  const missing = (): never => {
    throw new Error('capture parts not wired yet');
  };
  return { driver: missing, importFile: missing, pipeline: missing, ocr: () => null, pdf: missing };
}
