import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { rialsInWords } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';
import { clearRealtimeCommandPatterns, encodeTicket, type EncodeOptions } from '../printing/escpos';
import { renderText, type TextStyle } from '../printing/persianText';
import { qrBitmap } from '../printing/qr';
import { blankBitmap, dashedRule, drawBitmap, fillRect, packBitmap, stackCentred, type Bitmap, type Block, type Raster } from '../printing/raster';
import type { Paper } from '../printing/ticketImage';
import { receiptFa } from './labels.fa';
import { formatReceiptNumber, formatRials, parseReceipt, type ReceiptData } from './model';

/** RIGHT-TO-LEFT MARK: makes a line that starts with digits a right-to-left paragraph. */
export const RLM = '\u200F';

export interface ReceiptLayout {
  width: number;
  margin: number;
  banner: TextStyle;
  office: TextStyle;
  title: TextStyle;
  row: TextStyle;
  rowBold: TextStyle;
  total: TextStyle;
  words: TextStyle;
  small: TextStyle;
  qrModuleDots: number;
  ruleThickness: number;
  /** space between rows */
  gap: number;
  /** least white between a row's label and its value */
  columnGap: number;
}

/** Sizes in dots (8 dots/mm). Rows are smaller than a queue ticket's: a receipt is read in hand. */
export const RECEIPT_LAYOUTS: Readonly<Record<Paper, ReceiptLayout>> = {
  '80mm': {
    width: 576,
    margin: 12,
    banner: { weight: 'Black', sizePx: 40 },
    office: { weight: 'Bold', sizePx: 30, wrap: true },
    title: { weight: 'Bold', sizePx: 28, wrap: true },
    row: { weight: 'Medium', sizePx: 24 },
    rowBold: { weight: 'Bold', sizePx: 25 },
    total: { weight: 'Black', sizePx: 34 },
    words: { weight: 'SemiBold', sizePx: 24, wrap: true },
    small: { weight: 'Regular', sizePx: 20, wrap: true },
    qrModuleDots: 4,
    ruleThickness: 2,
    gap: 10,
    columnGap: 16,
  },
  '58mm': {
    width: 384,
    margin: 8,
    banner: { weight: 'Black', sizePx: 30 },
    office: { weight: 'Bold', sizePx: 24, wrap: true },
    title: { weight: 'Bold', sizePx: 22, wrap: true },
    row: { weight: 'Medium', sizePx: 19 },
    rowBold: { weight: 'Bold', sizePx: 20 },
    total: { weight: 'Black', sizePx: 26 },
    words: { weight: 'SemiBold', sizePx: 19, wrap: true },
    small: { weight: 'Regular', sizePx: 17, wrap: true },
    qrModuleDots: 3,
    ruleThickness: 2,
    gap: 8,
    columnGap: 12,
  },
};

/**
 * Draws a payment receipt as a 1-bit raster, top to bottom: «المثنی» banner (reprints only),
 * office, title, receipt number / date / applicant, the services with their amounts, discount and
 * exemption, the total in digits and in words, the bank reference, the clerk, a QR code of the
 * verification hash. Rows put the label on the right and the value on the left, as Persian forms do;
 * a row too wide for the paper puts its value under the label.
 *
 * The data is validated first (a receipt with a wrong total is never printed).
 */
export async function renderReceipt(data: ReceiptData, paper: Paper): Promise<Raster> {
  const r = parseReceipt(data);
  const L = RECEIPT_LAYOUTS[paper];
  const content = L.width - 2 * L.margin;
  const g = L.gap;
  const text = (s: string, style: TextStyle, max = content) => renderText(s, style, max);
  // Values are set right-to-left (RLM first: «۷۷۰٬۰۰۰ ریال» starts with digits, and Pango would take
  // the paragraph as left-to-right); bank references are Latin runs and stay left-to-right.
  const row = (label: string, value: string, style: TextStyle = L.row, valueStyle: TextStyle = style) =>
    labelValueRow(label, RLM + value, style, valueStyle, content, L.columnGap);
  const ltrRow = (label: string, value: string) => labelValueRow(label, value, L.row, L.row, content, L.columnGap);
  const rule = dashedRule(content, L.ruleThickness);
  const subtotal = r.lines.reduce((s, l) => s + l.amountRials, 0);

  const [banner, office, title, header, lines, adjustments, total, words, payment, clerk, verify] = await Promise.all([
    r.duplicate ? duplicateBanner(L, content) : undefined,
    text(`${r.officeName}\n${receiptFa.officeCode}: ${toPersianDigits(r.officeCode)}`, L.office),
    text(`${receiptFa.title} — ${r.partLabel}`, L.title),
    Promise.all([
      row(receiptFa.receiptNumber, formatReceiptNumber(r), L.rowBold),
      row(receiptFa.date, `${formatJalaliDateShort(r.issuedAt)}   ${receiptFa.time} ${formatTime(r.issuedAt, false)}`),
      row(receiptFa.applicant, r.applicant.name),
      row(r.applicant.idLabel, toPersianDigits(r.applicant.id)),
      row(receiptFa.requestNumber, toPersianDigits(r.requestNumber)),
    ]),
    Promise.all(r.lines.map((l) => row(l.label, formatRials(l.amountRials)))),
    Promise.all([
      ...(r.discount || r.exemption ? [row(receiptFa.subtotal, formatRials(subtotal))] : []),
      ...(r.discount
        ? [row(receiptFa.discount, formatRials(r.discount.amountRials)), row(receiptFa.discountReason, r.discount.reason)]
        : []),
      ...(r.exemption ? [row(`${receiptFa.exemption}: ${r.exemption.label}`, formatRials(r.exemption.exemptRials))] : []),
    ]),
    row(receiptFa.total, formatRials(r.totalRials), L.rowBold, L.total),
    text(`${receiptFa.inWords}: ${rialsInWords(r.totalRials)} ${receiptFa.rial}`, L.words),
    Promise.all([
      row(receiptFa.paymentMethod, r.payment.methodLabel),
      ltrRow(receiptFa.rrn, r.payment.rrn),
      ltrRow(receiptFa.trace, r.payment.trace),
      ltrRow(receiptFa.terminal, r.payment.terminalId),
      ltrRow(receiptFa.card, r.payment.maskedCard),
    ]),
    row(receiptFa.clerk, r.clerkName),
    text(receiptFa.verify, L.small),
  ]);

  const rows = (bitmaps: Bitmap[], first: number): Block[] => bitmaps.map((bitmap, i) => ({ bitmap, spaceBefore: i === 0 ? first : g }));
  const blocks: Block[] = [
    ...(banner ? [{ bitmap: banner, spaceBefore: g }] : []),
    { bitmap: office, spaceBefore: 2 * g },
    { bitmap: title, spaceBefore: g },
    { bitmap: rule, spaceBefore: 2 * g },
    ...rows(header, 2 * g),
    { bitmap: rule, spaceBefore: 2 * g },
    ...rows(lines, 2 * g),
    ...(adjustments.length > 0 ? [{ bitmap: dashedRule(content, 1, 4, 4), spaceBefore: 2 * g }, ...rows(adjustments, 2 * g)] : []),
    { bitmap: rule, spaceBefore: 2 * g },
    { bitmap: total, spaceBefore: 2 * g },
    { bitmap: words, spaceBefore: 2 * g },
    { bitmap: rule, spaceBefore: 2 * g },
    ...rows(payment, 2 * g),
    { bitmap: clerk, spaceBefore: 2 * g },
    { bitmap: qrBitmap(r.verifyHash, L.qrModuleDots), spaceBefore: g },
    { bitmap: verify, spaceBefore: 0 },
    ...(banner ? [{ bitmap: banner, spaceBefore: 2 * g }] : []),
  ];
  const raster = packBitmap(stackCentred(blocks, L.width, 2 * g));
  clearRealtimeCommandPatterns(raster);
  return raster;
}

/** The receipt as one ESC/POS job (`GS v 0` bands, feed, cut), ready for a `TcpPrinter`. */
export async function encodeReceipt(data: ReceiptData, paper: Paper, options?: EncodeOptions): Promise<Uint8Array> {
  return encodeTicket(await renderReceipt(data, paper), options);
}

/**
 * A row `content` dots wide: label at the right edge, value at the left edge, their first lines
 * level. When both do not fit side by side, the longer one wraps within the room the other leaves
 * (a long service name wraps in the right column, its amount stays in the left one); only when
 * that room is too narrow, or a word does not fit in it, does the value go under the label.
 */
export async function labelValueRow(label: string, value: string, labelStyle: TextStyle, valueStyle: TextStyle, content: number, columnGap: number): Promise<Bitmap> {
  const [l, v] = await Promise.all([renderText(label, labelStyle, content), renderText(value, valueStyle, content)]);
  if (l.width + columnGap + v.width <= content) {
    const h = Math.max(l.height, v.height);
    const out = blankBitmap(content, h);
    drawBitmap(out, l, content - l.width, Math.floor((h - l.height) / 2));
    drawBitmap(out, v, 0, Math.floor((h - v.height) / 2));
    return out;
  }
  const minColumn = Math.floor(content / 3);
  // A word cannot be broken (a uuid, a long number): when the wrapped side is still wider than its
  // room, the two would overlap, so the row falls through to the value under the label.
  if (v.width <= l.width && content - v.width - columnGap >= minColumn) {
    const room = content - v.width - columnGap;
    const wrapped = await wrapRight(label, labelStyle, room);
    if (wrapped.width <= room) return sideBySide(wrapped, v, content, columnGap, 'label', labelStyle.sizePx);
  } else if (content - l.width - columnGap >= minColumn) {
    const room = content - l.width - columnGap;
    const wrapped = await wrapRight(value, valueStyle, room);
    if (wrapped.width <= room) return sideBySide(l, wrapped, content, columnGap, 'value', valueStyle.sizePx);
  }
  const wrappedLabel = await wrapRight(label, labelStyle, content);
  const wrappedValue = await wrapRight(value, valueStyle, content);
  const spacing = Math.round(labelStyle.sizePx * 0.4);
  const out = blankBitmap(content, wrappedLabel.height + spacing + wrappedValue.height);
  drawBitmap(out, wrappedLabel, content - wrappedLabel.width, 0);
  drawBitmap(out, wrappedValue, content - wrappedValue.width, wrappedLabel.height + spacing);
  return out;
}

/**
 * Label at the right, value at the left; the one that wrapped (`wrapped`) keeps its first line
 * level with the other's single line. A wrapped value is set right-aligned against the label.
 */
function sideBySide(label: Bitmap, value: Bitmap, content: number, columnGap: number, wrapped: 'label' | 'value', wrappedSizePx: number): Bitmap {
  const single = wrapped === 'label' ? value : label;
  const multi = wrapped === 'label' ? label : value;
  const firstLine = firstBandHeight(multi, wrappedSizePx);
  const singleTop = Math.max(0, Math.floor((firstLine - single.height) / 2));
  const multiTop = Math.max(0, Math.floor((single.height - firstLine) / 2));
  const out = blankBitmap(content, Math.max(singleTop + single.height, multiTop + multi.height));
  drawBitmap(out, label, content - label.width, wrapped === 'label' ? multiTop : singleTop);
  const valueX = wrapped === 'value' ? content - label.width - columnGap - value.width : 0;
  drawBitmap(out, value, Math.max(0, valueX), wrapped === 'value' ? multiTop : singleTop);
  return out;
}

/**
 * Text wrapped at words to `maxWidth`, every line flush right (Pango centres the lines of a
 * paragraph; a Persian form wants them right-aligned). Lines are found as bands of inked rows;
 * a band thinner than half an em (the dots above or below a line) stays with its neighbour.
 */
export async function wrapRight(text: string, style: TextStyle, maxWidth: number): Promise<Bitmap> {
  const single = await renderText(text, { ...style, wrap: false }, maxWidth);
  if (single.width <= maxWidth) return single;
  const para = await renderText(text, { ...style, wrap: true }, maxWidth);
  const bands = lineBands(para, style.sizePx);
  if (bands.length < 2) return para;
  const out = blankBitmap(para.width, para.height);
  for (const [top, bottom] of bands) {
    let right = -1;
    for (let y = top; y < bottom; y++) {
      for (let x = para.width - 1; x > right; x--) if (para.dots[y * para.width + x]) right = x;
    }
    const shift = para.width - 1 - right;
    for (let y = top; y < bottom; y++) {
      for (let x = 0; x <= right; x++) if (para.dots[y * para.width + x]) out.dots[y * para.width + x + shift] = 1;
    }
  }
  return out;
}

/** Row ranges [top, bottom) of the text lines in a bitmap (see {@link wrapRight}). */
function lineBands(b: Bitmap, sizePx: number): [number, number][] {
  const bands: [number, number][] = [];
  let start = -1;
  for (let y = 0; y <= b.height; y++) {
    let inked = false;
    if (y < b.height) {
      for (let x = 0; x < b.width && !inked; x++) inked = b.dots[y * b.width + x] === 1;
    }
    if (inked && start < 0) start = y;
    if (!inked && start >= 0) {
      bands.push([start, y]);
      start = -1;
    }
  }
  // Merge thin bands (dots, marks) into the neighbour across the smaller gap.
  const thin = sizePx * 0.5;
  for (let i = 0; i < bands.length && bands.length > 1; ) {
    const [top, bottom] = bands[i]!;
    if (bottom - top >= thin) {
      i++;
      continue;
    }
    const gapUp = i > 0 ? top - bands[i - 1]![1] : Infinity;
    const gapDown = i < bands.length - 1 ? bands[i + 1]![0] - bottom : Infinity;
    if (gapUp <= gapDown) {
      bands[i - 1]![1] = bottom;
      bands.splice(i, 1);
    } else {
      bands[i + 1]![0] = top;
      bands.splice(i, 1);
    }
    i = 0;
  }
  return bands;
}

/** Height of the first line of a (possibly wrapped) text bitmap. */
function firstBandHeight(b: Bitmap, sizePx: number): number {
  const bands = lineBands(b, sizePx);
  const first = bands[0];
  return first ? first[1] - first[0] : b.height;
}

/** «المثنی» knocked out white from a full-width black bar: a reprint is seen at a glance. */
export async function duplicateBanner(L: ReceiptLayout, content: number): Promise<Bitmap> {
  const inner = await renderText(receiptFa.duplicate, L.banner, content);
  const padY = Math.round(L.banner.sizePx * 0.35);
  const banner = blankBitmap(content, inner.height + 2 * padY);
  fillRect(banner, 0, 0, banner.width, banner.height);
  drawBitmap(banner, inner, Math.floor((content - inner.width) / 2), padY, 0);
  return banner;
}
