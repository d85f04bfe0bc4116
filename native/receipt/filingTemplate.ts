import { formatJalaliDateShort, formatTime } from '../../core/format/jalali';
import { toPersianDigits } from '../../core/text/digits';
import { formatDigest, formatRequestNumber, formatTrackingCode, parseFilingReceipt, type FilingReceiptData } from './filingModel';
import { filingReceiptFa as t } from './labels.fa';
import { escapeHtml, fontFaces, qrSvg, RECEIPT_BASE_CSS } from './template';

/**
 * The A5 filing receipt as one self-contained RTL HTML document, with the payment receipt's page,
 * fonts and header (`RECEIPT_BASE_CSS`). The final variant sets the tracking code large in its own
 * box; the provisional one puts the promise of a tracking code in that place instead, so the two
 * can never be mistaken for one another at a glance.
 */

/** The document title, which Chromium writes as the PDF's Title: «رسید موقت ثبت درخواست ۱۴۰۵/۱۲». */
export function filingReceiptTitle(r: Pick<FilingReceiptData, 'variant' | 'requestYear' | 'requestNumber' | 'duplicate'>): string {
  const title = r.variant === 'final' ? t.titleFinal : t.titleProvisional;
  return `${title} ${formatRequestNumber(r)}${r.duplicate ? ` (${t.duplicate})` : ''}`;
}

/** Builds the A5 filing receipt HTML. The data is validated first. */
export function buildFilingReceiptHtml(data: FilingReceiptData): string {
  const r = parseFilingReceipt(data);
  const e = escapeHtml;
  const fa = (s: string | number) => e(toPersianDigits(s));
  // Latin runs and the grouped tracking code are isolated left-to-right: «۱۲۳۴ ۵۶۷۸ …» must not
  // have its groups reordered by the right-to-left line around it.
  const ltr = (s: string) => `<bdi dir="ltr">${e(s)}</bdi>`;
  const at = (iso: string) => `${e(formatJalaliDateShort(iso))} — ${e(t.time)} ${e(formatTime(iso, false))}`;
  const final = r.variant === 'final' ? r : null;
  const dup = r.duplicate ? `<div class="dup">${e(t.duplicate)}</div>` : '';

  const rows: [string, string][] = [
    [t.applicant, e(r.applicant.name)],
    [r.applicant.idLabel, fa(r.applicant.id)],
    [t.service, e(r.serviceLabel)],
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

  const bottom = final
    ? `<div class="bottom">
  <div class="left">
    <div>${e(t.finalNote)}</div>
    <div class="stamp">${e(t.stamp)}</div>
  </div>
  <div class="qr">${qrSvg(final.trackingCode, 22)}<div>${e(t.verify)}:</div><div class="digest">${ltr(formatDigest(final.verifyDigest))}</div></div>
</div>`
    : `<div class="bottom">
  <div class="left">
    <div>${e(t.provisionalNote)}</div>
    <div class="stamp">${e(t.stamp)}</div>
  </div>
</div>`;

  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<title>${e(filingReceiptTitle(r))}</title>
<style>
${fontFaces()}
${RECEIPT_BASE_CSS}
header .sub { font-size: 9.5pt; font-weight: 500; }
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
</style>
</head>
<body>
${dup}
<header>
  <div>
    <div class="office">${e(r.officeName)}</div>
    <div class="code">${e(t.officeCode)}: ${fa(r.officeCode)}</div>
    <div class="title">${e(final ? t.titleFinal : t.titleProvisional)}</div>
    <div class="sub">${e(final ? t.subtitleFinal : t.subtitleProvisional)}</div>
  </div>
  <div class="no">
    <div>${e(t.requestNumber)}: <b>${e(formatRequestNumber(r))}</b></div>
  </div>
</header>
${box}
<table class="meta">
${rows.map(([k, v]) => `  <tr><td class="k">${e(k)}:</td><td>${v}</td></tr>`).join('\n')}
</table>
${bottom}
${r.duplicate ? `<div class="dupnote">${e(t.duplicateNote)}</div>` : ''}
</body>
</html>
`;
}
