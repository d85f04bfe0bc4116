import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { clearRealtimeCommandPatterns, encodeTicket, type EncodeOptions } from '../printing/escpos';
import { renderText, type TextStyle } from '../printing/persianText';
import { qrBitmap } from '../printing/qr';
import { dashedRule, packBitmap, stackCentred, type Bitmap, type Block, type Raster } from '../printing/raster';
import type { Paper } from '../printing/ticketImage';
import { formatDigest, formatRequestNumber, formatTrackingCode, parseFilingReceipt, type FilingReceiptData } from './filingModel';
import { filingReceiptFa as t } from './labels.fa';
import { duplicateBanner, labelValueRow, RECEIPT_LAYOUTS, RLM, wrapRight } from './thermal';

/** LEFT-TO-RIGHT MARK: the grouped tracking code and Latin runs are read left to right. */
const LRM = '\u200E';

/**
 * Draws a filing receipt as a 1-bit raster, with the payment receipt's layout (sizes, rows, rules,
 * «المثنی» bars): office, the variant's title, then — where the eye lands first — the tracking code
 * in the largest type (final) or the promise that it will follow (provisional), then request
 * number, applicant, service, pages, times, deadline, the submission id, the clerk; the final
 * variant ends with a QR code of the tracking code and the receipt's verification digest.
 *
 * The data is validated first.
 */
export async function renderFilingReceipt(data: FilingReceiptData, paper: Paper): Promise<Raster> {
  const r = parseFilingReceipt(data);
  const L = RECEIPT_LAYOUTS[paper];
  const content = L.width - 2 * L.margin;
  const g = L.gap;
  const final = r.variant === 'final' ? r : null;
  const text = (s: string, style: TextStyle) => renderText(s, style, content);
  // As on the payment receipt: values start with an RLM (a value that begins with digits would
  // otherwise be set left-to-right); Latin runs start with an LRM and stay left-to-right.
  const row = (label: string, value: string, style: TextStyle = L.row) => labelValueRow(label, RLM + value, style, style, content, L.columnGap);
  const ltrRow = (label: string, value: string, valueStyle: TextStyle) => labelValueRow(label, LRM + value, L.row, valueStyle, content, L.columnGap);
  const at = (iso: string) => `${formatJalaliDateShort(iso)}   ${t.time} ${formatTime(iso, false)}`;
  // the tracking code as large as the paper allows: 16 digits in 4 groups fit 58 mm at the banner's size
  const codeStyle: TextStyle = { weight: 'Black', sizePx: L.banner.sizePx };

  const [banner, office, title, subtitle, codeLabel, code, rows, note, verify] = await Promise.all([
    r.duplicate ? duplicateBanner(L, content) : undefined,
    text(`${r.officeName}\n${t.officeCode}: ${toPersianDigits(r.officeCode)}`, L.office),
    text(final ? t.titleFinal : t.titleProvisional, L.title),
    text(final ? t.subtitleFinal : t.subtitleProvisional, L.small),
    text(t.trackingCode, L.rowBold),
    final ? text(LRM + formatTrackingCode(final.trackingCode), codeStyle) : wrapRight(t.promise, L.words, content),
    Promise.all([
      row(t.requestNumber, formatRequestNumber(r), L.rowBold),
      row(t.applicant, r.applicant.name),
      row(r.applicant.idLabel, toPersianDigits(r.applicant.id)),
      row(t.service, r.serviceLabel),
      row(t.pages, t.pagesValue(toPersianDigits(r.pages))),
      row(t.queuedAt, at(r.queuedAt)),
      ...(r.deadline ? [row(t.deadline, toPersianDigits(r.deadline), L.rowBold)] : []),
      ...(final ? [row(t.receivedAt, at(final.receivedAt))] : []),
      // the uuid in the small type: 36 Latin characters fit beside the label on 80 mm
      ltrRow(t.submissionId, r.submissionId, L.small),
      ...(r.clerkName ? [row(t.clerk, r.clerkName)] : []),
    ]),
    wrapRight(final ? t.finalNote : t.provisionalNote, L.small, content),
    final ? ltrRow(t.verify, formatDigest(final.verifyDigest), L.row) : undefined,
  ]);

  const stacked = (bitmaps: Bitmap[], first: number): Block[] => bitmaps.map((bitmap, i) => ({ bitmap, spaceBefore: i === 0 ? first : g }));
  const rule = dashedRule(content, L.ruleThickness);
  const blocks: Block[] = [
    ...(banner ? [{ bitmap: banner, spaceBefore: g }] : []),
    { bitmap: office, spaceBefore: 2 * g },
    { bitmap: title, spaceBefore: g },
    { bitmap: subtitle, spaceBefore: g },
    { bitmap: rule, spaceBefore: 2 * g },
    { bitmap: codeLabel, spaceBefore: 2 * g },
    { bitmap: code, spaceBefore: g },
    { bitmap: rule, spaceBefore: 2 * g },
    ...stacked(rows, 2 * g),
    { bitmap: rule, spaceBefore: 2 * g },
    { bitmap: note, spaceBefore: 2 * g },
    ...(final && verify ? [{ bitmap: qrBitmap(final.trackingCode, L.qrModuleDots), spaceBefore: g }, { bitmap: verify, spaceBefore: 0 }] : []),
    ...(banner ? [{ bitmap: banner, spaceBefore: 2 * g }] : []),
  ];
  const raster = packBitmap(stackCentred(blocks, L.width, 2 * g));
  clearRealtimeCommandPatterns(raster);
  return raster;
}

/** The filing receipt as one ESC/POS job (`GS v 0` bands, feed, cut), ready for a `TcpPrinter`. */
export async function encodeFilingReceipt(data: FilingReceiptData, paper: Paper, options?: EncodeOptions): Promise<Uint8Array> {
  return encodeTicket(await renderFilingReceipt(data, paper), options);
}
