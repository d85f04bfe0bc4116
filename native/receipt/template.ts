import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import QRCode from 'qrcode';
import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { rialsInWords } from '../../core/text/amountWords';
import { toPersianDigits } from '../../core/text/digits';
import { receiptFa, filingReceiptFa } from './labels.fa';
import { formatDigest, formatReceiptNumber, formatRequestNumber, formatRials, formatRialsDigits, formatTrackingCode, parseReceipt, type FilingReceiptData, type Receipt, type ReceiptData } from './model';

/**
 * The A5 receipt — payment or filing — as one self-contained RTL HTML document, for Chromium's
 * print-to-PDF: no script, no network — Vazirmatn is embedded as base64 `@font-face`, the QR code is
 * inline SVG. Every field goes through {@link escapeHtml}. Bank references, the submission id and
 * the grouped tracking code are Latin runs isolated left-to-right (`<bdi dir="ltr">`) so
 * «603799******1234» or «۱۲۳۴ ۵۶۷۸ …» is never reordered by the right-to-left line around it.
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

/**
 * The document title, which Chromium writes as the PDF's Title: «رسید پرداخت شماره ۱۴۰۵/۰۰۰۱۲۳»,
 * «رسید موقت ثبت درخواست ۱۴۰۵/۱۲»; a reprint adds « (المثنی)».
 */
export function receiptTitle(receipt: Receipt): string {
  const [title, duplicateWord] =
    receipt.for === 'payment'
      ? [`${receiptFa.title} شماره ${formatReceiptNumber(receipt.body)}`, receiptFa.duplicate]
      : [`${receipt.body.variant === 'final' ? filingReceiptFa.titleFinal : filingReceiptFa.titleProvisional} ${formatRequestNumber(receipt.body)}`, filingReceiptFa.duplicate];
  const voided = receipt.for === 'payment' && receipt.body.voided === true ? ` (${receiptFa.voided})` : '';
  return `${title}${receipt.body.duplicate ? ` (${duplicateWord})` : ''}${voided}`;
}

/**
 * The page, the body, the «المثنی» bar, the header (office at the right, number and date at the
 * left), the label/value table, Latin runs, the stamp line and the QR block: the look every A5
 * receipt of the office shares.
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

const e = escapeHtml;
/** Digits made Persian, then escaped. */
const fa = (s: string | number) => e(toPersianDigits(s));
/** A Latin run (bank reference, uuid, digest, grouped code) kept left-to-right. */
const ltr = (s: string) => `<bdi dir="ltr">${e(s)}</bdi>`;

/** What one kind of receipt puts in the common page. Every string but the labels is HTML. */
interface A5Body {
  /** the kind's own words for the frame: «کد دفتر», «المثنی» and its note */
  labels: { officeCode: string; duplicate: string; duplicateNote: string };
  title: string;
  subtitle?: string;
  /** the header's left column, one line each */
  numbers: string[];
  /** CSS of the kind's own parts, after the base */
  css: string;
  main: string;
}

/** The label/value table under the header; values are HTML. */
function metaTable(rows: [string, string][]): string {
  return `<table class="meta">
${rows.map(([k, v]) => `  <tr><td class="k">${e(k)}:</td><td>${v}</td></tr>`).join('\n')}
</table>`;
}

/** Builds the A5 receipt HTML, payment or filing. The data is validated first. */
export function buildReceiptHtml(receipt: Receipt): string {
  const r = parseReceipt(receipt);
  const b = r.body;
  const page = r.for === 'payment' ? paymentBody(r.body) : filingBody(r.body);
  const t = page.labels;
  const voided = r.for === 'payment' && r.body.voided === true;
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>${e(receiptTitle(r))}</title>
<style>
${fontFaces()}
${RECEIPT_BASE_CSS}
${page.css}</style>
</head>
<body>
${voided ? `<div class="dup void">${e(receiptFa.voided)}</div>` : ''}
${b.duplicate ? `<div class="dup">${e(t.duplicate)}</div>` : ''}
<header>
  <div>
    <div class="office">${e(b.officeName)}</div>
    <div class="code">${e(t.officeCode)}: ${fa(b.officeCode)}</div>
    <div class="title">${e(page.title)}</div>
${page.subtitle === undefined ? '' : `    <div class="sub">${e(page.subtitle)}</div>\n`}  </div>
  <div class="no">
${page.numbers.map((n) => `    <div>${n}</div>`).join('\n')}
  </div>
</header>
${page.main}
${b.duplicate ? `<div class="dupnote">${e(t.duplicateNote)}</div>` : ''}
${voided ? `<div class="dupnote">${e(receiptFa.voidedNote)}</div>` : ''}
</body>
</html>
`;
}

/** A payment receipt: services with amounts, discount and exemption, the total, the bank's reference. */
function paymentBody(r: ReceiptData): A5Body {
  const t = receiptFa;
  const money = (n: number) => `<span class="num">${e(formatRialsDigits(n))}</span>`;
  const subtotal = r.lines.reduce((s, l) => s + l.amountRials, 0);
  const lineRows = r.lines
    .map((l, i) => `<tr><td class="idx">${fa(i + 1)}</td><td>${e(l.label)}</td><td class="amt">${money(l.amountRials)}</td></tr>`)
    .join('');
  const adjustments = [
    r.discount || r.exemption ? `<tr class="sub"><td></td><td>${e(t.subtotal)}</td><td class="amt">${money(subtotal)}</td></tr>` : '',
    r.discount
      ? `<tr><td></td><td>${e(t.discount)} <span class="why">(${e(t.discountReason)}: ${e(r.discount.reason)})</span></td><td class="amt">${money(r.discount.amountRials)}</td></tr>`
      : '',
    r.exemption ? `<tr><td></td><td>${e(t.exemption)}: ${e(r.exemption.label)}</td><td class="amt">${money(r.exemption.exemptRials)}</td></tr>` : '',
  ].join('');

  return {
    labels: t,
    title: `${t.title} — ${r.partLabel}`,
    numbers: [
      `${e(t.receiptNumber)}: <b>${e(formatReceiptNumber(r))}</b>`,
      `${e(t.date)}: ${e(formatJalaliDateShort(r.issuedAt))}`,
      `${e(t.time)}: ${e(formatTime(r.issuedAt, false))}`,
    ],
    css: `.lines { margin-top: 3mm; }
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
`,
    main: `${metaTable([
      [t.applicant, e(r.applicant.name)],
      [r.applicant.idLabel, fa(r.applicant.id)],
      [t.requestNumber, fa(r.requestNumber)],
    ])}
<table class="lines">
  <thead><tr><th class="idx">${e(t.row)}</th><th>${e(t.services)}</th><th class="amt">${e(t.amount)}</th></tr></thead>
  <tbody>${lineRows}${adjustments}</tbody>
</table>
<div class="total">
  <div class="fig"><span>${e(t.total)}</span><span>${e(formatRials(r.totalRials))}</span></div>
  <div class="words">${e(t.inWords)}: ${e(rialsInWords(r.totalRials))} ${e(t.rial)}</div>
</div>
<div class="bottom">
  <div class="left">
    <table class="pay">
      <tr><td class="k">${e(t.paymentMethod)}:</td><td>${e(r.payment.methodLabel)}</td></tr>
      <tr><td class="k">${e(t.rrn)}:</td><td>${ltr(r.payment.rrn)}</td></tr>
      <tr><td class="k">${e(t.trace)}:</td><td>${ltr(r.payment.trace)}</td></tr>
      <tr><td class="k">${e(t.terminal)}:</td><td>${ltr(r.payment.terminalId)}</td></tr>
      <tr><td class="k">${e(t.card)}:</td><td>${ltr(r.payment.maskedCard)}</td></tr>
      <tr><td class="k">${e(t.clerk)}:</td><td>${e(r.clerkName)}</td></tr>
    </table>
    <div class="stamp">${e(t.stamp)}</div>
  </div>
  <div class="qr">${qrSvg(r.verifyHash, 24)}<div>${e(t.verify)}</div></div>
</div>`,
  };
}

/**
 * A filing receipt. The final variant sets the tracking code large in its own box; the provisional
 * one puts the promise of a tracking code in that place instead, so the two can never be mistaken
 * for one another at a glance.
 */
function filingBody(r: FilingReceiptData): A5Body {
  const t = filingReceiptFa;
  const at = (iso: string) => `${e(formatJalaliDateShort(iso))} — ${e(t.time)} ${e(formatTime(iso, false))}`;
  const final = r.variant === 'final' ? r : null;
  const rows: [string, string][] = [
    [t.applicant, e(r.applicant.name)],
    [r.applicant.idLabel, fa(r.applicant.id)],
    [t.service, e(r.serviceLabel)],
    ...(r.remedyOf
      ? ([
          [t.remedyOf, e(formatRequestNumber(r.remedyOf))],
          [t.caseTrackingCode, ltr(formatTrackingCode(r.remedyOf.trackingCode))],
        ] as [string, string][])
      : []),
    [t.pages, e(t.pagesValue(toPersianDigits(r.pages)))],
    [t.queuedAt, at(r.queuedAt)],
    ...(r.deadline ? [[t.deadline, fa(r.deadline)] as [string, string]] : []),
    ...(final ? [[t.receivedAt, at(final.receivedAt)] as [string, string]] : []),
    [t.submissionId, ltr(r.submissionId)],
    ...(r.clerkName ? [[t.clerk, e(r.clerkName)] as [string, string]] : []),
  ];
  const box = final
    ? `<div class="code-box">
  <div class="k">${e(t.trackingCode)}</div>
  <div class="code">${ltr(formatTrackingCode(final.trackingCode))}</div>
</div>`
    : `<div class="code-box pending">
  <div class="k">${e(t.trackingCode)}</div>
  <div class="promise">${e(t.promise)}</div>
</div>`;
  const qr = final ? `\n  <div class="qr">${qrSvg(final.trackingCode, 22)}<div>${e(t.verify)}:</div><div class="digest">${ltr(formatDigest(final.verifyDigest))}</div></div>` : '';

  return {
    labels: t,
    title: final ? t.titleFinal : t.titleProvisional,
    subtitle: final ? t.subtitleFinal : t.subtitleProvisional,
    numbers: [`${e(t.requestNumber)}: <b>${e(formatRequestNumber(r))}</b>`],
    css: `header .sub { font-size: 9.5pt; font-weight: 500; }
.meta .k { width: 36mm; }
.code-box { margin-top: 4mm; border: 1.5pt solid #000; padding: 2.5mm 3mm; text-align: center; }
.code-box .k { font-weight: 700; font-size: 10pt; }
.code-box .code { font-weight: 900; font-size: 22pt; line-height: 1.3; letter-spacing: 0.04em; }
.code-box.pending { border-style: dashed; }
.code-box .promise { font-weight: 500; font-size: 10pt; margin-top: 1mm; }
.bottom { margin-top: 4mm; display: flex; justify-content: space-between; align-items: flex-start; gap: 4mm; }
.bottom .left { flex: 1; }
.qr { width: 34mm; }
.qr .digest { white-space: nowrap; font-size: 8.5pt; }
`,
    main: `${box}
${metaTable(rows)}
<div class="bottom">
  <div class="left">
    <div>${e(final ? t.finalNote : t.provisionalNote)}</div>
    <div class="stamp">${e(t.stamp)}</div>
  </div>${qr}
</div>`,
  };
}
