/**
 * A file becomes RawPages: JPEG and PNG as they are, each page of a TIFF as PNG, and each page of a
 * scanned PDF as the image embedded in it (JPEG as stored; 8-bit Flate images as PNG). A PDF page that
 * is not a single plain image is rendered by poppler's `pdftoppm` when it is installed, else refused.
 *
 * Hostile files are expected: the name must be a plain base name, the file a regular file (no
 * symlink followed), the size under a byte cap, the pixel count under a cap checked from the header
 * before anything is decoded (decompression bombs), and every image is decoded once in full so a
 * truncated file fails here and not in the middle of the pipeline.
 */
import { spawn } from 'node:child_process';
import { constants as fsc } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFPage } from 'pdf-lib';
import sharp, { type Metadata } from 'sharp';
import { previewFrom } from '../image/preview';
import { ScannerError, type PagePreview, type RawPage } from './types';

export interface ImportLimits {
  /** bytes of one file (default 256 MB) */
  readonly maxBytes: number;
  /** pixels of one page (default: A3 at 1200 dpi, 14 032 × 19 843 ≈ 278 M) */
  readonly maxPixels: number;
  /** pages of one file (default 1000) */
  readonly maxPages: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxPixels: Math.ceil((297 / 25.4) * 1200) * Math.ceil((420 / 25.4) * 1200),
  maxPages: 1000,
};

export interface ImportOptions {
  readonly limits?: Partial<ImportLimits>;
  /** dpi reported when the file does not say (default 300) */
  readonly defaultDpi?: number;
  /** path of pdftoppm for PDF pages that are not one image; `null` to never render (default `pdftoppm`) */
  readonly pdftoppmPath?: string | null;
  /** index of the first page yielded (a folder batch continues numbering) */
  readonly firstIndex?: number;
  readonly signal?: AbortSignal;
  /**
   * make each image page's thumbnail and view in its truncation check (native/image/preview.ts) and
   * hand them with the page: a scanner's folder does; a clerk's import leaves them to the pipeline
   */
  readonly preview?: boolean;
}

export const importExtensions = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf'] as const;

/** A plain base name: no directory parts, no NUL, not `.`/`..`, not hidden-relative tricks. */
export function checkFileName(name: string): void {
  const bad =
    name.length === 0 ||
    name.length > 255 ||
    name.includes('\0') ||
    name.includes('/') ||
    name.includes('\\') ||
    name === '.' ||
    name === '..' ||
    path.isAbsolute(name) ||
    /^[a-zA-Z]:/.test(name);
  if (bad) throw new ScannerError('FILE_NAME_REFUSED', `not a plain file name: ${JSON.stringify(name.slice(0, 80))}`);
}

type Kind = 'jpeg' | 'png' | 'tiff' | 'pdf';

function sniff(data: Buffer): Kind | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  const head4 = data.subarray(0, 4).toString('latin1');
  if (head4 === 'II*\0' || head4 === 'MM\0*') return 'tiff';
  if (data.subarray(0, 1024).toString('latin1').includes('%PDF-')) return 'pdf';
  return null;
}

function limitsOf(options: ImportOptions): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
}

/** Reads `dir/name` without following a symlink, refusing anything but a regular file. */
export async function readImportFile(dir: string, name: string, limits: ImportLimits): Promise<Buffer> {
  checkFileName(name);
  let handle;
  try {
    handle = await open(path.join(dir, name), fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ScannerError('FILE_NAME_REFUSED', `${name} is a symbolic link`, { cause: err });
    throw new ScannerError('FILE_UNREADABLE', `${name}: ${code ?? 'cannot open'}`, { cause: err });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ScannerError('FILE_NAME_REFUSED', `${name} is not a regular file`);
    if (stat.size === 0) throw new ScannerError('FILE_UNREADABLE', `${name} is empty`);
    if (stat.size > limits.maxBytes) throw new ScannerError('FILE_TOO_LARGE', `${name} has ${stat.size} bytes, over ${limits.maxBytes}`);
    const data = await handle.readFile();
    if (data.length > limits.maxBytes) throw new ScannerError('FILE_TOO_LARGE', `${name} grew over ${limits.maxBytes} bytes`);
    return data;
  } finally {
    await handle.close();
  }
}

/** Every page of the file `dir/name`. */
export async function* importFile(dir: string, name: string, options: ImportOptions = {}): AsyncGenerator<RawPage> {
  const data = await readImportFile(dir, name, limitsOf(options));
  yield* importBuffer(data, name, options);
}

/** Every page of a file's bytes (an upload in web mode, a file read by the folder driver). */
export async function* importBuffer(data: Buffer, fileName: string, options: ImportOptions = {}): AsyncGenerator<RawPage> {
  checkFileName(fileName);
  const limits = limitsOf(options);
  if (data.length === 0) throw new ScannerError('FILE_UNREADABLE', `${fileName} is empty`);
  if (data.length > limits.maxBytes) throw new ScannerError('FILE_TOO_LARGE', `${fileName} is over ${limits.maxBytes} bytes`);
  const kind = sniff(data);
  if (!kind) throw new ScannerError('FILE_UNREADABLE', `${fileName} is not JPEG, PNG, TIFF or PDF`);
  let index = options.firstIndex ?? 0;
  const origin = (pageOfFile: number) => ({ fileName, pageOfFile });
  const defaultDpi = options.defaultDpi ?? 300;

  if (kind === 'jpeg' || kind === 'png') {
    const { meta, preview } = await checkedImage(data, fileName, limits, 0, options.preview === true);
    yield { index, data, mime: kind === 'jpeg' ? 'image/jpeg' : 'image/png', dpi: dpiOf(meta.density, defaultDpi), origin: origin(0), ...(preview ? { preview } : {}) };
    return;
  }
  if (kind === 'tiff') {
    const first = await header(data, fileName, 0);
    const pages = first.pages ?? 1;
    if (pages > limits.maxPages) throw new ScannerError('FILE_TOO_LARGE', `${fileName} has ${pages} pages, over ${limits.maxPages}`);
    for (let page = 0; page < pages; page++) {
      if (options.signal?.aborted) throw new ScannerError('CANCELLED', 'cancelled');
      const { meta, preview } = await checkedImage(data, fileName, limits, page, options.preview === true);
      const png = await sharp(data, { page, limitInputPixels: limits.maxPixels, failOn: 'truncated' })
        .png({ compressionLevel: 1 })
        .toBuffer()
        .catch((err: unknown) => {
          throw new ScannerError('FILE_UNREADABLE', `${fileName} page ${page + 1}: ${String(err)}`, { cause: err });
        });
      yield { index: index++, data: png, mime: 'image/png', dpi: dpiOf(meta.density, defaultDpi), origin: origin(page), ...(preview ? { preview } : {}) };
    }
    return;
  }
  try {
    yield* importPdf(data, fileName, limits, options, index);
  } catch (err) {
    // pdf-lib throws plain errors (even TypeErrors) on a broken object tree
    if (err instanceof ScannerError) throw err;
    throw new ScannerError('FILE_UNREADABLE', `${fileName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function dpiOf(density: number | undefined, fallback: number): number {
  return density && density >= 50 && density <= 4800 ? Math.round(density) : fallback;
}

async function header(data: Buffer, fileName: string, page: number): Promise<Metadata> {
  try {
    return await sharp(data, { page, limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ScannerError('FILE_UNREADABLE', `${fileName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * Header first (bombs are refused before any pixel is decoded), then one full decode (truncation) —
 * which, asked, is also the decode the page's thumbnail and view are made from.
 */
async function checkedImage(data: Buffer, fileName: string, limits: ImportLimits, page: number, withPreview: boolean): Promise<{ meta: Metadata; preview: PagePreview | null }> {
  const meta = await header(data, fileName, page);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new ScannerError('FILE_UNREADABLE', `${fileName}: no image size`);
  if (width * height > limits.maxPixels) {
    throw new ScannerError('FILE_TOO_LARGE', `${fileName}: ${width}×${height} pixels, over ${limits.maxPixels}`);
  }
  try {
    const decoder = sharp(data, { page, limitInputPixels: limits.maxPixels, failOn: 'truncated', sequentialRead: true });
    if (withPreview) return { meta, preview: await previewFrom(decoder, { width, height, channels: meta.channels ?? 3 }) };
    await decoder.resize(256, 256, { fit: 'inside' }).raw().toBuffer();
  } catch (err) {
    throw new ScannerError('FILE_UNREADABLE', `${fileName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { meta, preview: null };
}

/** The one image a scanned page shows, or null when the page is anything else. */
function soleImage(page: PDFPage): PDFRawStream | null {
  const resources = page.node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xobjects) return null;
  const streams = xobjects.keys().map((k) => xobjects.lookup(k));
  if (streams.length !== 1) return null;
  const only = streams[0];
  if (!(only instanceof PDFRawStream)) return null;
  const subtype = only.dict.lookupMaybe(PDFName.of('Subtype'), PDFName);
  return subtype === PDFName.of('Image') ? only : null;
}

function filterOf(stream: PDFRawStream): string[] {
  const f = stream.dict.lookup(PDFName.of('Filter'));
  if (f instanceof PDFName) return [f.decodeText()];
  if (f instanceof PDFArray) return f.asArray().map((x) => (x instanceof PDFName ? x.decodeText() : '?'));
  return [];
}

function numberOf(dict: PDFDict, key: string): number {
  const n = dict.lookupMaybe(PDFName.of(key), PDFNumber);
  return n ? n.asNumber() : 0;
}

async function* importPdf(data: Buffer, fileName: string, limits: ImportLimits, options: ImportOptions, firstIndex: number): AsyncGenerator<RawPage> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(data, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    // encrypted PDFs land here too (pdf-lib's EncryptedPDFError)
    throw new ScannerError('FILE_UNREADABLE', `${fileName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const pages = doc.getPages();
  if (pages.length === 0) throw new ScannerError('FILE_UNREADABLE', `${fileName} has no pages`);
  if (pages.length > limits.maxPages) throw new ScannerError('FILE_TOO_LARGE', `${fileName} has ${pages.length} pages`);
  let index = firstIndex;
  for (const [pageOfFile, page] of pages.entries()) {
    if (options.signal?.aborted) throw new ScannerError('CANCELLED', 'cancelled');
    const origin = { fileName, pageOfFile };
    const widthInches = page.getWidth() / 72;
    const image = soleImage(page);
    if (image) {
      const w = numberOf(image.dict, 'Width');
      const h = numberOf(image.dict, 'Height');
      if (w * h > limits.maxPixels) throw new ScannerError('FILE_TOO_LARGE', `${fileName} page ${pageOfFile + 1}: ${w}×${h} pixels`);
      const dpi = dpiOf(widthInches > 0 ? w / widthInches : undefined, options.defaultDpi ?? 300);
      const filters = filterOf(image);
      if (filters.length === 1 && filters[0] === 'DCTDecode') {
        const jpeg = Buffer.from(image.contents);
        const { preview } = await checkedImage(jpeg, fileName, limits, 0, options.preview === true);
        yield { index: index++, data: jpeg, mime: 'image/jpeg', dpi, origin, ...(preview ? { preview } : {}) };
        continue;
      }
      const plain = plainFlateImage(image, w, h);
      if (plain) {
        const png = await sharp(plain.pixels, { raw: { width: w, height: h, channels: plain.channels } })
          .withDensity(dpi)
          .png({ compressionLevel: 1 })
          .toBuffer();
        yield { index: index++, data: png, mime: 'image/png', dpi, origin };
        continue;
      }
    }
    // not one plain image (vector text, CCITT/JBIG2, several images): render it, or refuse
    if (options.pdftoppmPath === null) {
      throw new ScannerError('FILE_NOT_SCANNED', `${fileName} page ${pageOfFile + 1} is not a single scanned image`);
    }
    const dpi = options.defaultDpi ?? 300;
    const pixels = widthInches * dpi * (page.getHeight() / 72) * dpi;
    if (pixels > limits.maxPixels) throw new ScannerError('FILE_TOO_LARGE', `${fileName} page ${pageOfFile + 1} renders to ${Math.round(pixels)} pixels`);
    yield { index: index++, data: await renderPdfPage(data, pageOfFile, dpi, options.pdftoppmPath ?? 'pdftoppm', fileName), mime: 'image/png', dpi, origin };
  }
}

/** An 8-bit DeviceGray/DeviceRGB image under Flate without a predictor, inflated and size-checked. */
function plainFlateImage(image: PDFRawStream, w: number, h: number): { pixels: Buffer; channels: 1 | 3 } | null {
  const filters = filterOf(image);
  if (filters.length !== 1 || filters[0] !== 'FlateDecode') return null;
  if (image.dict.lookup(PDFName.of('DecodeParms')) !== undefined) return null;
  if (numberOf(image.dict, 'BitsPerComponent') !== 8) return null;
  const cs = image.dict.lookupMaybe(PDFName.of('ColorSpace'), PDFName);
  const channels = cs === PDFName.of('DeviceGray') ? 1 : cs === PDFName.of('DeviceRGB') ? 3 : 0;
  if (channels === 0) return null;
  const expected = w * h * channels;
  let pixels: Buffer;
  try {
    // maxOutputLength bounds a zip bomb inside the PDF
    pixels = inflateSync(image.contents, { maxOutputLength: expected + 1 });
  } catch {
    return null;
  }
  if (pixels.length !== expected) return null;
  return { pixels, channels };
}

/** pdftoppm's PNG of one page is bounded by the pixel cap; this bounds what is read from it. */
const MAX_RENDER_BYTES = 512 * 1024 * 1024;

/**
 * One page through pdftoppm, the PDF on its stdin and the PNG on its stdout (poppler keeps a PDF read
 * from stdin in memory): the document never touches the disk here.
 */
function renderPdfPage(pdf: Buffer, pageOfFile: number, dpi: number, bin: string, fileName: string): Promise<Buffer> {
  const page = String(pageOfFile + 1);
  const which = `${fileName} page ${pageOfFile + 1}`;
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn(bin, ['-f', page, '-l', page, '-r', String(dpi), '-png', '-singlefile', '-'], { stdio: ['pipe', 'pipe', 'ignore'], timeout: 60_000 });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = false;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_RENDER_BYTES) {
        tooLarge = true;
        child.kill('SIGKILL');
      } else chunks.push(chunk);
    });
    // pdftoppm may stop reading early (a broken file): the write error is its exit's to report
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') reject(new ScannerError('FILE_NOT_SCANNED', `${which} is not a single scanned image and pdftoppm is not installed`, { cause: err }));
      else reject(new ScannerError('FILE_UNREADABLE', `${which}: pdftoppm could not run`, { cause: err }));
    });
    child.once('close', (code, signal) => {
      if (tooLarge) return reject(new ScannerError('FILE_TOO_LARGE', `${which} renders to over ${MAX_RENDER_BYTES} bytes`));
      const png = Buffer.concat(chunks);
      if (code !== 0 || signal !== null || png.length === 0) {
        return reject(new ScannerError('FILE_UNREADABLE', `${which}: pdftoppm failed (${signal ?? `exit ${String(code)}`})`));
      }
      resolve(png);
    });
  });
}
