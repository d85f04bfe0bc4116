import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { clearRealtimeCommandPatterns } from './escpos';
import { printedFa } from './labels.fa';
import { renderText } from './persianText';
import { fillRect, packBitmap, stackCentred, type Block, type Raster } from './raster';
import { LAYOUTS, type Paper } from './ticketImage';

export interface TestPageInfo {
  officeName: string;
  /** host:port, printed so the manager can tell printers apart */
  printerAddress: string;
  /** UTC ISO instant */
  printedAt: string;
}

/**
 * The manager's "test print": Persian text at every size the ticket uses, a sample number, all
 * letters and digits, and a frame on the very edges of the printable width — if a side of the
 * frame is missing, the paper width setting (80 / 58 mm) does not match the printer.
 */
export async function renderTestPage(info: TestPageInfo, paper: Paper): Promise<Raster> {
  const L = LAYOUTS[paper];
  const content = L.width - 2 * L.margin;
  const fa = printedFa.testPage;
  const mm = paper === '80mm' ? 80 : 58;
  const lines = await Promise.all([
    renderText(fa.title, L.office, content),
    renderText(info.officeName, L.service, content),
    renderText(fa.printer(info.printerAddress), L.info, content),
    renderText(fa.paper(mm, L.width), L.info, content),
    renderText(printedFa.dateAndTime(formatJalaliDateShort(info.printedAt), formatTime(info.printedAt, false)), L.info, content),
    renderText(fa.sampleNumber, { ...L.number, sizePx: Math.round(L.number.sizePx * 0.6) }, content),
    renderText(fa.alphabet, L.info, content),
    renderText(fa.digits, L.info, content),
    renderText(fa.ok, L.footer, content),
  ]);
  const frame = 3;
  const blocks: Block[] = lines.map((bitmap, i) => ({ bitmap, spaceBefore: i === 0 ? L.gap + frame : L.gap }));
  const page = stackCentred(blocks, L.width, L.gap + frame);
  fillRect(page, 0, 0, page.width, frame);
  fillRect(page, 0, page.height - frame, page.width, frame);
  fillRect(page, 0, 0, frame, page.height);
  fillRect(page, page.width - frame, 0, frame, page.height);
  const raster = packBitmap(page);
  clearRealtimeCommandPatterns(raster);
  return raster;
}
