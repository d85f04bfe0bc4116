import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  PDFDocument,
  PDFHexString,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import type { OcrLine } from '../ocr/types';
import { pngPassthrough } from './pngImage';
import { tiffG4Strips } from './tiffG4';
import type { DocumentPdfInput, PdfPageInput } from './types';
import { fontkitInput, resolveLine, visualRuns } from './visualRuns';

/**
 * The searchable PDF of one document: each stored page image on a page of its physical size, and
 * over it the OCR text, invisible (render mode 3), word by word where tesseract saw the words. The
 * images go in as they were stored — JPEG as DCT, PNG's own deflate stream, TIFF G4 strips as CCITT
 * — so the PDF is about the size of the images.
 *
 * The text is shaped with Vazirmatn through fontkit (a subset is embedded) after the bidi
 * algorithm has put each word's runs in visual order (visualRuns.ts), so copy, search and
 * `pdftotext` give the text back in logical order.
 */

const PRODUCER = 'Daftaryar';
/** the text layer font; any Persian-capable TTF works, the glyphs are never seen */
const FONT_FILE = 'Vazirmatn-Regular.ttf';

let fontBytes: Promise<Uint8Array> | undefined;
let fontDirectory: string | undefined;

/** Where the Vazirmatn TTFs are; a packaged app (fonts unpacked from asar) sets it explicitly. */
export function setPdfFontDirectory(dir: string): void {
  fontDirectory = dir;
  fontBytes = undefined;
}

function loadFont(): Promise<Uint8Array> {
  if (!fontBytes) {
    let dir = fontDirectory;
    if (dir === undefined) {
      const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
      dir = path.join(path.dirname(createRequire(from).resolve('vazirmatn/package.json')), 'fonts', 'ttf');
    }
    fontBytes = readFile(path.join(dir, FONT_FILE));
    fontBytes.catch(() => (fontBytes = undefined));
  }
  return fontBytes;
}

export async function buildDocumentPdf(input: DocumentPdfInput): Promise<Uint8Array> {
  if (input.pages.length === 0) throw new Error('a document PDF needs at least one page');
  const doc = await PDFDocument.create({ updateMetadata: false });
  let font: PDFFont | null = null;
  if (input.pages.some((p) => p.ocr && p.ocr.lines.length > 0)) {
    // fontkit is loaded with the first searchable PDF, not with the hub (~0.2 s of module loading)
    doc.registerFontkit((await import('@pdf-lib/fontkit')).default);
    // No ligatures: poppler reverses the characters inside a ligature glyph of right-to-left text,
    // so «لا» (one glyph for lam + alef) came back «ال». Contextual forms stay (1:1 glyphs).
    font = await doc.embedFont(await loadFont(), { subset: true, features: { liga: false, rlig: false, dlig: false } });
  }
  for (const [i, pageInput] of input.pages.entries()) {
    if (!(pageInput.dpi > 0) || !(pageInput.widthPx > 0) || !(pageInput.heightPx > 0)) {
      throw new Error(`page ${i + 1}: size ${pageInput.widthPx}×${pageInput.heightPx} px at ${pageInput.dpi} dpi`);
    }
    const width = points(pageInput.widthPx, pageInput.dpi);
    const height = points(pageInput.heightPx, pageInput.dpi);
    const page = doc.addPage([width, height]);
    await drawImage(doc, page, pageInput, width, height);
    if (font && pageInput.ocr) drawTextLayer(page, font, pageInput, width, height);
  }
  setMetadata(doc, input.meta);
  // The file identifier every PDF should have (PDF/A requires it): a digest of the inputs, so the
  // same document always gets the same ID.
  const id = documentId(input);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save({ useObjectStreams: true });
}

/**
 * Pixels → points, a hair under: 764 px at 300 dpi is 183.36 pt, which poppler multiplies back to
 * 764.0000001 and rounds up to a 765-pixel render. 1/10000 pt less keeps renders at the scan's size.
 */
function points(px: number, dpi: number): number {
  return Math.floor((px / dpi) * 72 * 10_000 - 1) / 10_000;
}

function documentId(input: DocumentPdfInput): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...input.meta, created: input.meta.created.toISOString() }));
  for (const page of input.pages) {
    hash.update(`${page.mime} ${page.widthPx} ${page.heightPx} ${page.dpi}`).update(page.image);
    if (page.ocr) hash.update(JSON.stringify(page.ocr.lines));
  }
  return hash.digest('hex').slice(0, 32);
}

async function drawImage(doc: PDFDocument, page: PDFPage, input: PdfPageInput, width: number, height: number): Promise<void> {
  const place = (ref: PDFRef, y: number, h: number) => {
    const name = page.node.newXObject('Im', ref);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, h, 0, y), drawObject(name), popGraphicsState());
  };
  if (input.mime === 'image/jpeg') {
    // pdf-lib copies the JPEG bytes into a DCTDecode stream: no re-encoding.
    const image = await doc.embedJpg(input.image);
    place(image.ref, 0, height);
    return;
  }
  if (input.mime === 'image/png') {
    const png = pngPassthrough(input.image);
    if (!png) {
      // transparency or interlacing: pdf-lib decodes and re-compresses (lossless, larger)
      const image = await doc.embedPng(input.image);
      place(image.ref, 0, height);
      return;
    }
    const colorSpace = png.palette
      ? doc.context.obj([PDFName.of('Indexed'), PDFName.of('DeviceRGB'), png.palette.length / 3 - 1, PDFHexString.of(png.palette.toString('hex'))])
      : PDFName.of(png.colors === 3 ? 'DeviceRGB' : 'DeviceGray');
    const stream = doc.context.stream(png.data, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: png.width,
      Height: png.height,
      BitsPerComponent: png.bitsPerComponent,
      ColorSpace: colorSpace,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: png.bitsPerComponent, Columns: png.width },
    });
    place(doc.context.register(stream), 0, height);
    return;
  }
  // TIFF: CCITT Group 4 only (what the pipeline stores for black and white); each strip is its own
  // CCITT image, stacked top to bottom.
  const tiff = tiffG4Strips(input.image);
  let top = 0;
  for (const strip of tiff.strips) {
    const stream = doc.context.stream(strip.data, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: tiff.width,
      Height: strip.rows,
      BitsPerComponent: 1,
      ColorSpace: 'DeviceGray',
      Filter: 'CCITTFaxDecode',
      DecodeParms: { K: -1, Columns: tiff.width, Rows: strip.rows, BlackIs1: tiff.blackIs1 },
    });
    const h = (strip.rows / tiff.height) * height;
    place(doc.context.register(stream), height - top - h, h);
    top += h;
  }
}

/**
 * One BT…ET per page. Each line gets one font size and baseline from its box; each word is placed
 * at its own box's left edge and squeezed or stretched (Tz) to the box width, so what a reader
 * selects is highlighted over the word in the image.
 */
function drawTextLayer(page: PDFPage, font: PDFFont, input: PdfPageInput, width: number, height: number): void {
  const ocr = input.ocr!;
  const sx = width / (ocr.widthPx || input.widthPx);
  const sy = height / (ocr.heightPx || input.heightPx);
  const fontKey = page.node.newFontDictionary('F', font.ref);
  // Vazirmatn's ascender + descender, per unit of font size; a line's box spans about that much.
  const fullHeight = font.heightAtSize(1, { descender: true });
  const descender = fullHeight - font.heightAtSize(1, { descender: false });
  const ops: PDFOperator[] = [beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const line of ocr.lines) {
    const lineHeight = (line.bbox.y1 - line.bbox.y0) * sy;
    if (lineHeight <= 0) continue;
    const size = round(lineHeight / fullHeight);
    const baseline = height - line.bbox.y1 * sy + descender * size;
    ops.push(setFontAndSize(fontKey, size));
    for (const word of wordsInLine(line)) {
      const runs = visualRuns(word.resolved, word.start, word.end).map(fontkitInput);
      const natural = runs.reduce((sum, run) => sum + font.widthOfTextAtSize(run, size), 0);
      const boxWidth = (word.bbox.x1 - word.bbox.x0) * sx;
      if (natural <= 0 || boxWidth <= 0) continue;
      ops.push(setCharacterSqueeze(round((boxWidth / natural) * 100)), setTextMatrix(1, 0, 0, 1, round(word.bbox.x0 * sx), round(baseline)));
      for (const run of runs) ops.push(showText(font.encodeText(run)));
    }
  }
  ops.push(endText());
  page.pushOperators(...ops);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Each word with its place in the line's text, so the bidi algorithm sees the whole line (a
 * neutral between two words takes its direction from both sides). A word not found in the line
 * text is resolved on its own.
 */
function wordsInLine(line: OcrLine) {
  const resolvedLine = resolveLine(line.text);
  let cursor = 0;
  return line.words.map((word) => {
    const at = line.text.indexOf(word.text, cursor);
    if (at < 0 || word.text === '') return { bbox: word.bbox, resolved: resolveLine(word.text), start: 0, end: word.text.length };
    cursor = at + word.text.length;
    return { bbox: word.bbox, resolved: resolvedLine, start: at, end: cursor };
  });
}

function setMetadata(doc: PDFDocument, meta: DocumentPdfInput['meta']): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords && meta.keywords.length > 0) doc.setKeywords([...meta.keywords]);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.created);
  // The document language: screen readers and PDF/A-aware tools read it.
  doc.setLanguage('fa-IR');
  const xmp = Buffer.from(xmpPacket(meta), 'utf8');
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}

/**
 * XMP mirroring the Info dictionary (Dublin Core, XMP basic, Adobe PDF schemas). No `pdfaid`
 * claim: the file is not PDF/A (no OutputIntent with an ICC profile; see README).
 */
export function xmpPacket(meta: DocumentPdfInput['meta']): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const date = meta.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const keywords = meta.keywords ?? [];
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${esc(meta.author)}</rdf:li></rdf:Seq></dc:creator>`,
    meta.subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.subject)}</rdf:li></rdf:Alt></dc:description>` : '',
    keywords.length > 0 ? `<dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${esc(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>` : '',
    '<dc:language><rdf:Bag><rdf:li>fa-IR</rdf:li></rdf:Bag></dc:language>',
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${PRODUCER}</xmp:CreatorTool>`,
    `<pdf:Producer>${PRODUCER}</pdf:Producer>`,
    keywords.length > 0 ? `<pdf:Keywords>${esc(keywords.join(', '))}</pdf:Keywords>` : '',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ]
    .filter((l) => l !== '')
    .join('\n');
}
