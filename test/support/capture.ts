/**
 * Capture parts for hub tests that are about the hub's own logic (order, moves, the steps), where the
 * real pipeline's 1–2 s per A4 page would only slow the test down: a scripted scanner that speaks the
 * ScannerDriver interface (pages, then optionally a ScannerError, or hanging until cancelled) and a
 * small sharp pipeline (decode → grey → JPEG, thumbnail, view; blank = almost no dark pixels). The
 * real drivers and pipeline have their own tests against real peers, and an integration test runs the
 * hub on them.
 */
import sharp from 'sharp';
import type { CapturePorts, ImagePipeline } from '../../hub/capture/ports';
import { ScannerError, type RawPage, type ScannerDriver, type ScannerErrorCode } from '../../native/capture/types';

/** A small page: white with `marks` dark bars (0 marks = blank), PNG. */
export async function smallPage(marks: number, seed = 0): Promise<Buffer> {
  const w = 300;
  const h = 420;
  const bars = Array.from({ length: marks }, (_, i) => `<rect x="30" y="${40 + i * 30 + (seed % 7)}" width="${200 - ((i * 37 + seed) % 90)}" height="10" fill="#111"/>`).join('');
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${bars}</svg>`)).png().toBuffer();
}

export interface ScriptedScan {
  /** marks per page: 0 is a blank page */
  pages: number[];
  /** after the pages, fail with this code */
  failWith?: ScannerErrorCode;
  /** after the pages, wait until cancelled */
  hang?: boolean;
  /** varies the pages' drawing, so two scans of the same marks are different files */
  seed?: number;
}

export function scriptedScanner(script: () => ScriptedScan): ScannerDriver {
  return {
    kind: 'sane',
    async listDevices() {
      return [{ driver: 'sane', id: 'test:0', label: 'Scripted scanner' }];
    },
    async capabilities() {
      return { sources: ['flatbed', 'adf'], colorModes: ['grey', 'bw', 'color'], resolutions: [150, 300], maxWidthMm: 216, maxHeightMm: 356 };
    },
    async *scan(_device, settings, signal) {
      const s = script();
      for (const [index, marks] of s.pages.entries()) {
        if (signal?.aborted) throw new ScannerError('CANCELLED', 'cancelled');
        yield { index, data: await smallPage(marks, (s.seed ?? 0) + index), mime: 'image/png', dpi: settings.dpi } satisfies RawPage;
      }
      if (s.failWith) throw new ScannerError(s.failWith, 'scripted failure');
      if (s.hang) {
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
        throw new ScannerError('CANCELLED', 'cancelled');
      }
    },
  };
}

export const smallPipeline: ImagePipeline = {
  async process(page, options) {
    let img = sharp(page.data).greyscale();
    if (options.rotate) img = img.rotate(options.rotate);
    const { data, info } = await img.clone().raw().toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (const v of data) if (v < 128) dark++;
    const inkRatio = dark / data.length;
    const image = await img.clone().jpeg({ quality: 80 }).withMetadata({ density: page.dpi }).toBuffer();
    return {
      image,
      mime: 'image/jpeg',
      widthPx: info.width,
      heightPx: info.height,
      dpi: page.dpi,
      deskewDeg: 0,
      crop: null,
      blank: inkRatio < 0.002,
      inkRatio,
      thumb: await img.clone().resize({ width: 160 }).jpeg().toBuffer(),
      view: await img.clone().resize({ height: 1400, withoutEnlargement: true }).jpeg().toBuffer(),
    };
  },
  async close() {},
};

export function testCapturePorts(script: () => ScriptedScan, extra: Partial<CapturePorts> = {}): CapturePorts {
  const scanner = scriptedScanner(script);
  return {
    driver: () => scanner,
    async *importFile() {
      throw new ScannerError('FILE_UNREADABLE', 'no importer in this test');
    },
    pipeline: () => smallPipeline,
    ocr: () => null,
    pdf: async () => {
      throw new Error('no PDF builder in this test');
    },
    ...extra,
  };
}
