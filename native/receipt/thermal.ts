import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { rialsInWords } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';
import { clearRealtimeCommandPatterns, encodeTicket, type EncodeOptions } from '../printing/escpos';
import { renderText, type TextStyle } from '../printing/persianText';
import { qrBitmap } from '../printing/qr';
import { blankBitmap, dashedRule, drawBitmap, fillRect, packBitmap, stackCentred, type Bitmap, type Block, type Raster } from '../printing/raster';
import type { Paper } from '../printing/ticketImage';
import { filingReceiptFa, receiptFa } from './labels.fa';
import { formatDigest, formatReceiptNumber, formatRequestNumber, formatRials, formatTrackingCode, parseReceipt, type FilingReceiptData, type Receipt, type ReceiptData } from './model';

/** RIGHT-TO-LEFT MARK: makes a line that starts with digits a right-to-left paragraph. */
export const RLM = '\u200F';
/** LEFT-TO-RIGHT MARK: the grouped tracking code and Latin runs are read left to right. */
const LRM = '\u200E';

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

type StyleName = 'banner' | 'office' | 'title' | 'row' | 'rowBold' | 'total' | 'words' | 'small';

/** Each style's weight, its size in dots on 80 and on 58 mm paper, and whether it wraps. */
const STYLES: Record<StyleName, [TextStyle['weight'], number, number, boolean?]> = {
  banner: ['Black', 40, 30],
  office: ['Bold', 30, 24, true],
  title: ['Bold', 28, 22, true],
  row: ['Medium', 24, 19],
  rowBold: ['Bold', 25, 20],
  total: ['Black', 34, 26],
  words: ['SemiBold', 24, 19, true],
  small: ['Regular', 20, 17, true],
};

function layout(paper: 0 | 1, rest: Omit<ReceiptLayout, StyleName>): ReceiptLayout {
  const styles = Object.fromEntries(
    Object.entries(STYLES).map(([name, [weight, px80, px58, wrap]]) => [name, { weight, sizePx: paper === 0 ? px80 : px58, ...(wrap ? { wrap } : {}) }]),
  ) as Record<StyleName, TextStyle>;
  return { ...rest, ...styles };
}

/** Sizes in dots (8 dots/mm). Rows are smaller than a queue ticket's: a receipt is read in hand. */
export const RECEIPT_LAYOUTS: Readonly<Record<Paper, ReceiptLayout>> = {
  '80mm': layout(0, { width: 576, margin: 12, qrModuleDots: 4, ruleThickness: 2, gap: 10, columnGap: 16 }),
  '58mm': layout(1, { width: 384, margin: 8, qrModuleDots: 3, ruleThickness: 2, gap: 8, columnGap: 12 }),
};

/** What a receipt's body draws with: the layout and its row helpers, at one paper width. */
interface Pen {
  L: ReceiptLayout;
  content: number;
  g: number;
  text(s: string, style: TextStyle): Promise<Bitmap>;
  /** label at the right, value at the left, set right-to-left (RLM first) */
  row(label: string, value: string, style?: TextStyle, valueStyle?: TextStyle): Promise<Bitmap>;
  /** a row whose value is a Latin run (bank reference, uuid, digest), kept left-to-right */
  ltrRow(label: string, value: string, valueStyle?: TextStyle): Promise<Bitmap>;
  rule: Bitmap;
  /** rows one under the other, `first` above the first one */
  stacked(bitmaps: Bitmap[], first: number): Block[];
}

/** What one kind of receipt puts under the common frame. */
interface ThermalBody {
  /** the kind's own words for the frame: «کد دفتر» and «المثنی» */
  labels: { officeCode: string; duplicate: string };
  title: string;
  /** everything between the title and the closing «المثنی» bar */
  blocks: Promise<Block[]>;
}

/**
 * Draws a receipt — payment or filing — as a 1-bit raster, top to bottom: «المثنی» banner
 * (reprints only), office, title, then the body of its kind, and the banner again. Rows put the
 * label on the right and the value on the left, as Persian forms do; a row too wide for the paper
 * wraps (see {@link labelValueRow}).
 *
 * The data is validated first (a payment receipt with a wrong total is never printed).
 */
export async function renderReceipt(receipt: Receipt, paper: Paper): Promise<Raster> {
  const r = parseReceipt(receipt);
  const L = RECEIPT_LAYOUTS[paper];
  const content = L.width - 2 * L.margin;
  const g = L.gap;
  const pen: Pen = {
    L,
    content,
    g,
    text: (s, style) => renderText(s, style, content),
    // Values are set right-to-left (RLM first: «۷۷۰٬۰۰۰ ریال» starts with digits, and Pango would
    // take the paragraph as left-to-right); Latin runs start with an LRM and stay left-to-right.
    row: (label, value, style = L.row, valueStyle = style) => labelValueRow(label, RLM + value, style, valueStyle, content, L.columnGap),
    ltrRow: (label, value, valueStyle = L.row) => labelValueRow(label, LRM + value, L.row, valueStyle, content, L.columnGap),
    rule: dashedRule(content, L.ruleThickness),
    stacked: (bitmaps, first) => bitmaps.map((bitmap, i) => ({ bitmap, spaceBefore: i === 0 ? first : g })),
  };
  const body = r.for === 'payment' ? paymentBody(r.body, pen) : filingBody(r.body, pen);
  const b = r.body;

  const voided = r.for === 'payment' && r.body.voided === true;
  const [voidBanner, banner, office, title, blocks] = await Promise.all([
    // a receipt whose payment was given back says so first, on every print (the same black bar)
    voided ? duplicateBanner(L, content, receiptFa.voided) : undefined,
    b.duplicate ? duplicateBanner(L, content, body.labels.duplicate) : undefined,
    pen.text(`${b.officeName}\n${body.labels.officeCode}: ${toPersianDigits(b.officeCode)}`, L.office),
    pen.text(body.title, L.title),
    body.blocks,
  ]);
  const raster = packBitmap(
    stackCentred(
      [
        ...(voidBanner ? [{ bitmap: voidBanner, spaceBefore: g }] : []),
        ...(banner ? [{ bitmap: banner, spaceBefore: g }] : []),
        { bitmap: office, spaceBefore: 2 * g },
        { bitmap: title, spaceBefore: g },
        ...blocks,
        ...(banner ? [{ bitmap: banner, spaceBefore: 2 * g }] : []),
        ...(voidBanner ? [{ bitmap: voidBanner, spaceBefore: banner ? g : 2 * g }] : []),
      ],
      L.width,
      2 * g,
    ),
  );
  clearRealtimeCommandPatterns(raster);
  return raster;
}

/** The receipt as one ESC/POS job (`GS v 0` bands, feed, cut), ready for a `TcpPrinter`. */
export async function encodeReceipt(receipt: Receipt, paper: Paper, options?: EncodeOptions): Promise<Uint8Array> {
  return encodeTicket(await renderReceipt(receipt, paper), options);
}

/**
 * A payment receipt's body: receipt number / date / applicant, the services with their amounts,
 * discount and exemption, the total in digits and in words, the bank reference, the clerk, a QR
 * code of the verification hash.
 */
function paymentBody(r: ReceiptData, { L, g, text, row, ltrRow, rule, stacked, content }: Pen): ThermalBody {
  const t = receiptFa;
  const subtotal = r.lines.reduce((s, l) => s + l.amountRials, 0);
  const blocks = async (): Promise<Block[]> => {
    const [header, lines, adjustments, total, words, payment, clerk, verify] = await Promise.all([
      Promise.all([
        row(t.receiptNumber, formatReceiptNumber(r), L.rowBold),
        row(t.date, `${formatJalaliDateShort(r.issuedAt)}   ${t.time} ${formatTime(r.issuedAt, false)}`),
        row(t.applicant, r.applicant.name),
        row(r.applicant.idLabel, toPersianDigits(r.applicant.id)),
        row(t.requestNumber, toPersianDigits(r.requestNumber)),
      ]),
      Promise.all(r.lines.map((l) => row(l.label, formatRials(l.amountRials)))),
      Promise.all([
        ...(r.discount || r.exemption ? [row(t.subtotal, formatRials(subtotal))] : []),
        ...(r.discount ? [row(t.discount, formatRials(r.discount.amountRials)), row(t.discountReason, r.discount.reason)] : []),
        ...(r.exemption ? [row(`${t.exemption}: ${r.exemption.label}`, formatRials(r.exemption.exemptRials))] : []),
      ]),
      row(t.total, formatRials(r.totalRials), L.rowBold, L.total),
      text(`${t.inWords}: ${rialsInWords(r.totalRials)} ${t.rial}`, L.words),
      Promise.all([
        row(t.paymentMethod, r.payment.methodLabel),
        ltrRow(t.rrn, r.payment.rrn),
        ltrRow(t.trace, r.payment.trace),
        ltrRow(t.terminal, r.payment.terminalId),
        ltrRow(t.card, r.payment.maskedCard),
      ]),
      row(t.clerk, r.clerkName),
      text(t.verify, L.small),
    ]);
    return [
      { bitmap: rule, spaceBefore: 2 * g },
      ...stacked(header, 2 * g),
      { bitmap: rule, spaceBefore: 2 * g },
      ...stacked(lines, 2 * g),
      ...(adjustments.length > 0 ? [{ bitmap: dashedRule(content, 1, 4, 4), spaceBefore: 2 * g }, ...stacked(adjustments, 2 * g)] : []),
      { bitmap: rule, spaceBefore: 2 * g },
      { bitmap: total, spaceBefore: 2 * g },
      { bitmap: words, spaceBefore: 2 * g },
      { bitmap: rule, spaceBefore: 2 * g },
      ...stacked(payment, 2 * g),
      { bitmap: clerk, spaceBefore: 2 * g },
      { bitmap: qrBitmap(r.verifyHash, L.qrModuleDots), spaceBefore: g },
      { bitmap: verify, spaceBefore: 0 },
    ];
  };
  return { labels: t, title: `${t.title} — ${r.partLabel}`, blocks: blocks() };
}

/**
 * A filing receipt's body: under the variant's subtitle — where the eye lands first — the tracking
 * code in the largest type (final) or the promise that it will follow (provisional), then request
 * number, applicant, service, pages, times, deadline, the submission id, the clerk; the final
 * variant ends with a QR code of the tracking code and the receipt's verification digest.
 */
function filingBody(r: FilingReceiptData, { L, g, text, row, ltrRow, rule, stacked, content }: Pen): ThermalBody {
  const t = filingReceiptFa;
  const final = r.variant === 'final' ? r : null;
  const at = (iso: string) => `${formatJalaliDateShort(iso)}   ${t.time} ${formatTime(iso, false)}`;
  // the tracking code as large as the paper allows: 16 digits in 4 groups fit 58 mm at the banner's size
  const codeStyle: TextStyle = { weight: 'Black', sizePx: L.banner.sizePx };
  const blocks = async (): Promise<Block[]> => {
    const [subtitle, codeLabel, code, rows, note, verify] = await Promise.all([
      text(final ? t.subtitleFinal : t.subtitleProvisional, L.small),
      text(t.trackingCode, L.rowBold),
      final ? text(LRM + formatTrackingCode(final.trackingCode), codeStyle) : wrapRight(t.promise, L.words, content),
      Promise.all([
        row(t.requestNumber, formatRequestNumber(r), L.rowBold),
        row(t.applicant, r.applicant.name),
        row(r.applicant.idLabel, toPersianDigits(r.applicant.id)),
        row(t.service, r.serviceLabel),
        ...(r.remedyOf ? [row(t.remedyOf, formatRequestNumber(r.remedyOf)), row(t.caseTrackingCode, LRM + formatTrackingCode(r.remedyOf.trackingCode))] : []),
        row(t.pages, t.pagesValue(toPersianDigits(r.pages))),
        row(t.queuedAt, at(r.queuedAt)),
        ...(r.deadline ? [row(t.deadline, toPersianDigits(r.deadline), L.rowBold)] : []),
        ...(final ? [row(t.receivedAt, at(final.receivedAt))] : []),
        // the uuid in the small type: 36 Latin characters fit beside the label on 80 mm
        ltrRow(t.submissionId, r.submissionId, L.small),
        ...(r.clerkName ? [row(t.clerk, r.clerkName)] : []),
      ]),
      wrapRight(final ? t.finalNote : t.provisionalNote, L.small, content),
      final ? ltrRow(t.verify, formatDigest(final.verifyDigest)) : undefined,
    ]);
    return [
      { bitmap: subtitle, spaceBefore: g },
      { bitmap: rule, spaceBefore: 2 * g },
      { bitmap: codeLabel, spaceBefore: 2 * g },
      { bitmap: code, spaceBefore: g },
      { bitmap: rule, spaceBefore: 2 * g },
      ...stacked(rows, 2 * g),
      { bitmap: rule, spaceBefore: 2 * g },
      { bitmap: note, spaceBefore: 2 * g },
      ...(final && verify ? [{ bitmap: qrBitmap(final.trackingCode, L.qrModuleDots), spaceBefore: g }, { bitmap: verify, spaceBefore: 0 }] : []),
    ];
  };
  return { labels: t, title: final ? t.titleFinal : t.titleProvisional, blocks: blocks() };
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
async function duplicateBanner(L: ReceiptLayout, content: number, word: string): Promise<Bitmap> {
  const inner = await renderText(word, L.banner, content);
  const padY = Math.round(L.banner.sizePx * 0.35);
  const banner = blankBitmap(content, inner.height + 2 * padY);
  fillRect(banner, 0, 0, banner.width, banner.height);
  drawBitmap(banner, inner, Math.floor((content - inner.width) / 2), padY, 0);
  return banner;
}
