import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import QRCode from 'qrcode';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { rialsInWords } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';
import { receiptFa } from './labels.fa';
import { formatReceiptNumber, formatRials, formatRialsDigits, parseReceipt, type ReceiptData } from './model';

/**
 * The A5 receipt as one self-contained RTL HTML document, for Chromium's print-to-PDF: no script,
 * no network — Vazirmatn is embedded as base64 `@font-face`, the QR code is inline SVG. Every
 * field goes through {@link escapeHtml}. Bank references are Latin runs isolated left-to-right
 * (`<bdi dir="ltr">`) so «603799******1234» is never reordered.
 */

/** Text → HTML text or attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WEIGHTS = { Regular: 400, Medium: 500, Bold: 700, Black: 900 } as const;

let fontCss: string | undefined;
let webfontDirectory: string | undefined;

/** Where the Vazirmatn woff2 files are; defaults to the `vazirmatn` package (a packaged app sets it). */
export function setReceiptFontDirectory(dir: string): void {
  webfontDirectory = dir;
  fontCss = undefined;
}

function webfontDir(): string {
  if (webfontDirectory === undefined) {
    // As in ../printing/persianText.ts: no `import.meta`, the file is also bundled to CommonJS.
    const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
    webfontDirectory = path.join(path.dirname(createRequire(from).resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
  }
  return webfontDirectory;
}

/** The `@font-face` rules, read once: ~4 weights × ~45 KB of woff2 (the report PDFs embed them too). */
export function fontFaces(): string {
  fontCss ??= Object.entries(WEIGHTS)
    .map(([name, weight]) => {
      const data = readFileSync(path.join(webfontDir(), `Vazirmatn-${name}.woff2`)).toString('base64');
      return `@font-face{font-family:'Vazirmatn';font-style:normal;font-weight:${weight};src:url(data:font/woff2;base64,${data}) format('woff2');}`;
    })
    .join('\n');
  return fontCss;
}

/** The QR code as SVG paths, drawn from the modules (level M, 4-module quiet zone). */
export function qrSvg(text: string, sizeMm: number): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size + 8;
  let d = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${sizeMm}mm" height="${sizeMm}mm" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** The document title, which Chromium writes as the PDF's Title: «رسید پرداخت شماره ۱۴۰۵/۰۰۰۱۲۳». */
export function receiptTitle(r: Pick<ReceiptData, 'receiptYear' | 'receiptNumber' | 'duplicate'>): string {
  return `${receiptFa.title} شماره ${formatReceiptNumber(r)}${r.duplicate ? ` (${receiptFa.duplicate})` : ''}`;
}

/**
 * The page, the body, the «المثنی» bar, the header (office at the right, number and date at the
 * left), the label/value table, Latin runs, the stamp line and the QR block: the look every A5
 * receipt of the office shares (payment receipts and filing receipts).
 */
export const RECEIPT_BASE_CSS = `@page { size: A5; margin: 9mm 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Vazirmatn', sans-serif; font-size: 9.5pt; line-height: 1.5; color: #000; }
.dup { border: 1.5pt solid #000; background: #000; color: #fff; text-align: center; font-weight: 900; font-size: 16pt; letter-spacing: 0; padding: 0.5mm 0; margin-bottom: 3mm; }
header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1.2pt solid #000; padding-bottom: 2mm; }
header .office { font-weight: 700; font-size: 12pt; line-height: 1.4; }
header .code { font-size: 9pt; }
header .title { font-weight: 900; font-size: 13pt; margin-top: 1mm; }
header .no { text-align: left; white-space: nowrap; }
header .no div { text-align: right; }
header .no b { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; }
.meta { margin-top: 2.5mm; }
.meta td { padding: 0.4mm 0; vertical-align: top; }
.meta .k { color: #333; width: 27mm; white-space: nowrap; }
bdi[dir=ltr] { font-variant-numeric: tabular-nums; letter-spacing: 0.02em; }
.stamp { margin-top: 4mm; color: #333; }
.qr { text-align: center; font-size: 7.5pt; line-height: 1.4; width: 30mm; }
.qr svg { display: block; margin: 0 auto 1mm; }
.dupnote { margin-top: 2mm; font-size: 8.5pt; text-align: center; }
`;

/** Builds the A5 receipt HTML. The data is validated first. */
export function buildReceiptHtml(data: ReceiptData): string {
  const r = parseReceipt(data);
  const e = escapeHtml;
  const fa = (s: string | number) => e(toPersianDigits(s));
  const ltr = (s: string) => `<bdi dir="ltr">${e(s)}</bdi>`;
  const money = (n: number) => `<span class="num">${e(formatRialsDigits(n))}</span>`;
  const subtotal = r.lines.reduce((s, l) => s + l.amountRials, 0);
  const dup = r.duplicate ? `<div class="dup">${e(receiptFa.duplicate)}</div>` : '';

  const lineRows = r.lines
    .map((l, i) => `<tr><td class="idx">${fa(i + 1)}</td><td>${e(l.label)}</td><td class="amt">${money(l.amountRials)}</td></tr>`)
    .join('');
  const adjustments = [
    r.discount || r.exemption ? `<tr class="sub"><td></td><td>${e(receiptFa.subtotal)}</td><td class="amt">${money(subtotal)}</td></tr>` : '',
    r.discount
      ? `<tr><td></td><td>${e(receiptFa.discount)} <span class="why">(${e(receiptFa.discountReason)}: ${e(r.discount.reason)})</span></td><td class="amt">${money(r.discount.amountRials)}</td></tr>`
      : '',
    r.exemption ? `<tr><td></td><td>${e(receiptFa.exemption)}: ${e(r.exemption.label)}</td><td class="amt">${money(r.exemption.exemptRials)}</td></tr>` : '',
  ].join('');

  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>${e(receiptTitle(r))}</title>
<style>
${fontFaces()}
${RECEIPT_BASE_CSS}
.lines { margin-top: 3mm; }
.lines th { background: #e8e8e8; border: 0.6pt solid #000; font-weight: 700; padding: 1mm 1.5mm; text-align: right; }
.lines td { border: 0.6pt solid #000; padding: 1mm 1.5mm; vertical-align: top; }
.lines .idx { width: 9mm; text-align: center; }
.lines .amt, .lines th.amt { width: 32mm; text-align: left; white-space: nowrap; }
.lines tr.sub td { border-top: 1.2pt solid #000; }
.why { font-size: 8.5pt; color: #333; }
.num { font-variant-numeric: tabular-nums; }
.total { margin-top: 3mm; border: 1.2pt solid #000; padding: 2mm 3mm; }
.total .fig { display: flex; justify-content: space-between; font-weight: 900; font-size: 13pt; }
.total .words { margin-top: 0.5mm; font-weight: 500; }
.bottom { margin-top: 3mm; display: flex; justify-content: space-between; align-items: flex-start; gap: 4mm; }
.bottom .left { flex: 1; }
.pay td { padding: 0.2mm 0; }
.pay .k { color: #333; width: 32mm; white-space: nowrap; }
</style>
</head>
<body>
${dup}
<header>
  <div>
    <div class="office">${e(r.officeName)}</div>
    <div class="code">${e(receiptFa.officeCode)}: ${fa(r.officeCode)}</div>
    <div class="title">${e(receiptFa.title)} — ${e(r.partLabel)}</div>
  </div>
  <div class="no">
    <div>${e(receiptFa.receiptNumber)}: <b>${e(formatReceiptNumber(r))}</b></div>
    <div>${e(receiptFa.date)}: ${e(formatJalaliDateShort(r.issuedAt))}</div>
    <div>${e(receiptFa.time)}: ${e(formatTime(r.issuedAt, false))}</div>
  </div>
</header>
<table class="meta">
  <tr><td class="k">${e(receiptFa.applicant)}:</td><td>${e(r.applicant.name)}</td></tr>
  <tr><td class="k">${e(r.applicant.idLabel)}:</td><td>${fa(r.applicant.id)}</td></tr>
  <tr><td class="k">${e(receiptFa.requestNumber)}:</td><td>${fa(r.requestNumber)}</td></tr>
</table>
<table class="lines">
  <thead><tr><th class="idx">${e(receiptFa.row)}</th><th>${e(receiptFa.services)}</th><th class="amt">${e(receiptFa.amount)}</th></tr></thead>
  <tbody>${lineRows}${adjustments}</tbody>
</table>
<div class="total">
  <div class="fig"><span>${e(receiptFa.total)}</span><span>${e(formatRials(r.totalRials))}</span></div>
  <div class="words">${e(receiptFa.inWords)}: ${e(rialsInWords(r.totalRials))} ${e(receiptFa.rial)}</div>
</div>
<div class="bottom">
  <div class="left">
    <table class="pay">
      <tr><td class="k">${e(receiptFa.paymentMethod)}:</td><td>${e(r.payment.methodLabel)}</td></tr>
      <tr><td class="k">${e(receiptFa.rrn)}:</td><td>${ltr(r.payment.rrn)}</td></tr>
      <tr><td class="k">${e(receiptFa.trace)}:</td><td>${ltr(r.payment.trace)}</td></tr>
      <tr><td class="k">${e(receiptFa.terminal)}:</td><td>${ltr(r.payment.terminalId)}</td></tr>
      <tr><td class="k">${e(receiptFa.card)}:</td><td>${ltr(r.payment.maskedCard)}</td></tr>
      <tr><td class="k">${e(receiptFa.clerk)}:</td><td>${e(r.clerkName)}</td></tr>
    </table>
    <div class="stamp">${e(receiptFa.stamp)}</div>
  </div>
  <div class="qr">${qrSvg(r.verifyHash, 24)}<div>${e(receiptFa.verify)}</div></div>
</div>
${r.duplicate ? `<div class="dupnote">${e(receiptFa.duplicateNote)}</div>` : ''}
</body>
</html>
`;
}
