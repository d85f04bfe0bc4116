/**
 * A page's small images — the thumbnail the counter shows and the view its screens open — made in
 * the one decode a driver does anyway (the folder driver's truncation check, a SANE page's raw
 * pixels). The same code runs in a workstation's agent and in the hub's own drivers, so the two are
 * measured alike (docs/WORKSTATIONS.md § Bench). The processed page's own thumbnail and view
 * (pipeline.ts) replace them once its heavy steps are done; the sizes are the same.
 */
import sharp, { type Sharp } from 'sharp';
import { ScannerError, type PagePreview, type RawPage } from '../capture/types';
import { decodePnm, type RawPixels } from './pnm';

export const VIEW_HEIGHT = 1400;
export const THUMB_WIDTH = 160;
const VIEW_QUALITY = 80;
const THUMB_QUALITY = 70;

/**
 * From a decoder positioned on one page (`size`: its pixels, from the header): decoded once, straight
 * to the view's size; the thumbnail from the view. Throws what the decoder throws (a truncated file).
 */
export async function previewFrom(input: Sharp, size: { width: number; height: number; channels?: number }): Promise<PagePreview> {
  const grey = (size.channels ?? 3) <= 2;
  let s = input.resize({ height: Math.min(VIEW_HEIGHT, size.height) });
  s = grey ? s.toColourspace('b-w') : s.removeAlpha().toColourspace('srgb');
  const view = await s.raw().toBuffer({ resolveWithObject: true });
  const raw = () => sharp(view.data, { raw: { width: view.info.width, height: view.info.height, channels: view.info.channels } });
  const viewJpeg = await raw().jpeg({ quality: VIEW_QUALITY }).toBuffer();
  const thumb = await raw().resize({ width: Math.min(THUMB_WIDTH, view.info.width) }).jpeg({ quality: THUMB_QUALITY }).toBuffer();
  return { thumb, view: viewJpeg, widthPx: size.width, heightPx: size.height };
}

/** From raw pixels (a SANE page, PNM): no decode at all, only the shrink and the encodes. */
export function previewOfPixels(p: RawPixels): Promise<PagePreview> {
  return previewFrom(sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels } }), p);
}

/**
 * Any driver's page (a SANE or eSCL page came without one): one decode, header and pixel limits
 * first. Throws ScannerError BAD_DATA / FILE_TOO_LARGE as the pipeline would.
 */
export async function previewOfPage(page: RawPage, limitPixels: number): Promise<PagePreview> {
  if (page.mime === 'image/x-portable-anymap') {
    try {
      return await previewOfPixels(decodePnm(page.data, limitPixels));
    } catch (err) {
      throw new ScannerError(err instanceof RangeError ? 'FILE_TOO_LARGE' : 'BAD_DATA', `page ${page.index}: ${(err as Error).message}`, { cause: err });
    }
  }
  try {
    const meta = await sharp(page.data, { limitInputPixels: limitPixels }).metadata();
    if (!meta.width || !meta.height) throw new Error('no image size');
    return await previewFrom(sharp(page.data, { limitInputPixels: limitPixels, failOn: 'truncated', sequentialRead: true }), { width: meta.width, height: meta.height, channels: meta.channels ?? 3 });
  } catch (err) {
    const message = (err as Error).message;
    throw new ScannerError(/pixel limit/i.test(message) ? 'FILE_TOO_LARGE' : 'BAD_DATA', `page ${page.index}: ${message}`, { cause: err });
  }
}
