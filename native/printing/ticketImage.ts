import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { clearRealtimeCommandPatterns } from './escpos';
import { printedFa } from './labels.fa';
import { renderText, type FontWeight, type TextStyle } from './persianText';
import { qrBitmap } from './qr';
import { blankBitmap, dashedRule, drawBitmap, fillRect, packBitmap, stackCentred, type Bitmap, type Block, type Raster } from './raster';

export { rasterToPng } from './raster';
export type { Raster } from './raster';

/** What goes on a queue ticket. Texts arrive ready for people; digits are made Persian here. */
export interface TicketToPrint {
  officeName: string;
  serviceName: string;
  /** already formatted, prefix letter and number: «ب-۰۴۷» */
  number: string;
  /** UTC ISO instant */
  issuedAt: string;
  peopleAhead: number;
  /** null: no estimate yet, the line is left out */
  estimatedWaitMinutes: number | null;
  /** encoded in the QR code, for the kiosk and the board to look the ticket up */
  ticketId: string;
  /** e.g. «نوبت ویژه — سالمند»; printed white on black under the service */
  priorityLabel?: string | undefined;
}

export type Paper = '80mm' | '58mm';

/** Dots across the printable width at 8 dots/mm (203 dpi): 72 mm of an 80 mm roll, 48 mm of 58 mm. */
export const PAPER_DOTS: Readonly<Record<Paper, number>> = { '80mm': 576, '58mm': 384 };

export interface PaperLayout {
  width: number;
  /** white dots kept free left and right */
  margin: number;
  office: TextStyle;
  service: TextStyle;
  priority: TextStyle;
  number: { weight: FontWeight; sizePx: number; digitSpacing: number };
  info: TextStyle;
  footer: TextStyle;
  qrModuleDots: number;
  ruleThickness: number;
  /** space between ordinary lines */
  gap: number;
}

/** Sizes in dots. The number is as large as fits: it is read across the waiting room and by OCR. */
export const LAYOUTS: Readonly<Record<Paper, PaperLayout>> = {
  '80mm': {
    width: 576,
    margin: 12,
    office: { weight: 'Bold', sizePx: 34, wrap: true },
    service: { weight: 'SemiBold', sizePx: 30, wrap: true },
    priority: { weight: 'Bold', sizePx: 26, wrap: true },
    number: { weight: 'Black', sizePx: 170, digitSpacing: 0.06 },
    info: { weight: 'Medium', sizePx: 26, wrap: true },
    footer: { weight: 'Regular', sizePx: 22, wrap: true },
    qrModuleDots: 6,
    ruleThickness: 2,
    gap: 14,
  },
  '58mm': {
    width: 384,
    margin: 8,
    office: { weight: 'Bold', sizePx: 26, wrap: true },
    service: { weight: 'SemiBold', sizePx: 24, wrap: true },
    priority: { weight: 'Bold', sizePx: 21, wrap: true },
    number: { weight: 'Black', sizePx: 124, digitSpacing: 0.06 },
    info: { weight: 'Medium', sizePx: 21, wrap: true },
    footer: { weight: 'Regular', sizePx: 19, wrap: true },
    qrModuleDots: 5,
    ruleThickness: 2,
    gap: 10,
  },
};

/**
 * Draws a queue ticket, top to bottom and centred: office, service (and priority), the number
 * very large, date and time, people ahead, estimated wait, QR code of the ticket id, footer.
 * Everything is drawn at the printer's resolution (no scaling), and lines that repeat from ticket
 * to ticket come from the text cache, so a warm render is a few milliseconds.
 */
export async function renderTicket(ticket: TicketToPrint, paper: Paper): Promise<Raster> {
  const L = LAYOUTS[paper];
  const content = L.width - 2 * L.margin;
  const text = (s: string, style: TextStyle) => renderText(s, style, content);

  const wait = ticket.estimatedWaitMinutes;
  const [office, service, priority, number, dateTime, ahead, waitLine, footer] = await Promise.all([
    text(ticket.officeName, L.office),
    text(ticket.serviceName, L.service),
    ticket.priorityLabel ? priorityBadge(ticket.priorityLabel, L, content) : undefined,
    numberBitmap(toPersianDigits(ticket.number), L, content),
    text(printedFa.dateAndTime(formatJalaliDateShort(ticket.issuedAt), formatTime(ticket.issuedAt, false)), L.info),
    text(printedFa.peopleAhead(ticket.peopleAhead), L.info),
    wait === null ? undefined : text(printedFa.estimatedWait(wait), L.info),
    text(printedFa.footer, L.footer),
  ]);
  const rule = dashedRule(content, L.ruleThickness);
  const g = L.gap;

  const blocks: Block[] = [
    { bitmap: office, spaceBefore: g },
    { bitmap: service, spaceBefore: g },
    ...(priority ? [{ bitmap: priority, spaceBefore: g }] : []),
    { bitmap: rule, spaceBefore: g + 4 },
    // The number's own ink box is tight; give it air so it reads as the ticket's heart.
    { bitmap: number, spaceBefore: 3 * g },
    { bitmap: rule, spaceBefore: 3 * g },
    { bitmap: dateTime, spaceBefore: g + 4 },
    { bitmap: ahead, spaceBefore: g },
    ...(waitLine ? [{ bitmap: waitLine, spaceBefore: g }] : []),
    { bitmap: qrBitmap(ticket.ticketId, L.qrModuleDots), spaceBefore: g },
    { bitmap: footer, spaceBefore: 0 },
  ];
  const raster = packBitmap(stackCentred(blocks, L.width, g));
  clearRealtimeCommandPatterns(raster);
  return raster;
}

/**
 * The number on one line, shrunk only if a long prefix («الف») would not fit the paper.
 * Persian digits: «ب-047» becomes «ب-۰۴۷».
 */
async function numberBitmap(number: string, L: PaperLayout, maxWidth: number): Promise<Bitmap> {
  let style: TextStyle = { ...L.number };
  let bitmap = await renderText(number, style, maxWidth);
  for (let tries = 0; bitmap.width > maxWidth && tries < 3; tries++) {
    style = { ...style, sizePx: Math.floor((style.sizePx * maxWidth) / bitmap.width) - 1 };
    bitmap = await renderText(number, style, maxWidth);
  }
  return bitmap;
}

/** The priority label knocked out white from a black box, so the clerk sees it from afar. */
async function priorityBadge(label: string, L: PaperLayout, maxWidth: number): Promise<Bitmap> {
  const padX = Math.round(L.priority.sizePx * 0.6);
  const padY = Math.round(L.priority.sizePx * 0.35);
  const inner = await renderText(label, L.priority, maxWidth - 2 * padX);
  const badge = blankBitmap(Math.min(maxWidth, inner.width + 2 * padX), inner.height + 2 * padY);
  fillRect(badge, 0, 0, badge.width, badge.height);
  drawBitmap(badge, inner, Math.floor((badge.width - inner.width) / 2), padY, 0);
  return badge;
}

/** Renders one throw-away ticket so fonts are loaded and shaped before the first real one. */
export async function warmUpTicketRenderer(paper: Paper): Promise<void> {
  await renderTicket(
    {
      officeName: 'دفتر',
      serviceName: 'خدمت',
      number: 'الف-۰۱۲۳۴۵۶۷۸۹',
      issuedAt: new Date().toISOString(),
      peopleAhead: 0,
      estimatedWaitMinutes: 1,
      ticketId: 'warm-up',
      priorityLabel: 'ویژه',
    },
    paper,
  );
}
