/**
 * «انطباق با آیین‌نامه»: one row per bylaw rule the software can observe, with its evidence and its
 * exceptions for a period of office days (core/api/compliance.ts). Each row is read from the office's
 * own records — the same tables the statistics, the money reports, the outbox and the audit trail read —
 * never from a summary kept apart, so the view cannot say more than the records show. A rule the
 * records cannot show (yet) says so: «قابل مشاهده نیست», with why.
 *
 * The PDF carries the audit chain's head at the moment it was made: the paper is anchored to the trail.
 */
import type { ComplianceRow, ComplianceView } from '../../core/api/compliance';
import { tableInForce } from '../../core/fees/tariff';
import { formatJalaliDateShort } from '../../core/format/jalali';
import { officeDay } from '../../core/format/jalaliDay';
import { toPersianDigits } from '../../core/text/digits';
import { statisticsFa } from '../../core/report/statistics.fa';
import { auditHead } from '../../db/audit';
import { listDevices } from '../../db/devices';
import { getOffice } from '../../db/office';
import * as r from '../../db/requests';
import * as st from '../../db/statistics';
import * as s from '../../db/sync';
import { compliancePdf } from '../../native/statistics';
import { verify } from '../audit/auditLog';
import type { HubBase } from '../base';
import { buildStatistics, checkPeriod } from '../statistics/statisticsPackage';
import { requestView } from '../statistics/statisticsService';

const MAX_EXCEPTIONS = 200;
const DAY_MS = 86_400_000;

const n = (x: number | string) => toPersianDigits(String(x));

function row(base: Omit<ComplianceRow, 'exceptions' | 'more' | 'status'> & { exceptions: ComplianceRow['exceptions']; status?: ComplianceRow['status'] }): ComplianceRow {
  const status = base.status ?? (base.exceptions.length > 0 ? 'exceptions' : 'ok');
  return { ...base, status, exceptions: base.exceptions.slice(0, MAX_EXCEPTIONS), more: Math.max(0, base.exceptions.length - MAX_EXCEPTIONS) };
}

/** The age of an outbox item, in the buckets the manager reads: under a day, 1–3 days, 3–7 days, a week and more. */
export function ageBucket(queuedAt: string, now: Date): 0 | 1 | 2 | 3 {
  const days = (now.getTime() - Date.parse(queuedAt)) / DAY_MS;
  return days < 1 ? 0 : days < 3 ? 1 : days < 7 ? 2 : 3;
}

export function buildCompliance(db: HubBase['db'], from: string, to: string, now: Date): ComplianceView {
  const period = checkPeriod(from, to, now);
  const stats = buildStatistics(db, from, to, now);
  const today = officeDay(now);
  const rows: ComplianceRow[] = [];

  // ۳۵ ت — a receipt for every payment
  const pr = st.paymentsAndReceipts(db, period);
  const missing = st.paymentsWithoutReceipt(db, period);
  rows.push(
    row({
      rule: 'receipts',
      article: '۳۵ ت',
      text: 'برای هر پرداخت رسید داده شود.',
      figures: [
        { label: 'پرداخت‌های دریافت‌شده', value: pr.payments },
        { label: 'رسیدهای صادرشده', value: pr.receipts },
        { label: 'پرداخت بی‌رسید', value: missing.length },
      ],
      exceptions: missing.map((m) => ({ text: `درخواست ${n(`${m.requestYear}/${m.requestNumber}`)}: پرداخت ${n(m.amountRials.toLocaleString('en-US'))} ریال بی‌رسید`, at: m.paidAt })),
      link: 'moneyReports',
      note: 'از جدول پرداخت‌ها و رسیدها در دوره',
    }),
  );

  // ۳۵ پ — serving in turn; a call out of turn only with a recorded reason
  const noReason = stats.outOfTurn.rows.filter((c) => c.note.trim().length === 0);
  rows.push(
    row({
      rule: 'outOfTurn',
      article: '۳۵ پ',
      text: 'خدمت به ترتیب نوبت؛ فراخوانی خارج از نوبت تنها با دلیل ثبت‌شده.',
      figures: [
        { label: 'نوبت‌های صادرشده', value: stats.queue.total.issued },
        { label: 'فراخوانی خارج از نوبت', value: stats.outOfTurn.count },
        ...stats.outOfTurn.byReason.map((b) => ({ label: `دلیل: ${reasonFa[b.reason]}`, value: b.count })),
        { label: 'بی توضیح', value: noReason.length },
      ],
      exceptions: noReason.map((c) => ({ text: `نوبت ${c.ticket} بی توضیح خارج از نوبت خوانده شد (${c.staff})`, at: c.at })),
      link: 'statistics',
      note: 'هر فراخوانی خارج از نوبت با دلیل و توضیح، نام متصدی و زمان در رویدادهای نوبت ثبت است',
    }),
  );

  // ۳۷ پ — no refusal without a reason
  const refusalNoReason = stats.refusals.rows.filter((x) => x.reason.trim().length === 0);
  rows.push(
    row({
      rule: 'refusals',
      article: '۳۷ پ',
      text: 'خودداری از خدمت بی‌دلیل ممنوع؛ هر رد یا انصراف با دلیل ثبت شود.',
      figures: [
        { label: 'ردشده', value: stats.refusals.refused },
        { label: 'انصراف متقاضی', value: stats.refusals.cancelled },
        { label: 'اشتباه متصدی', value: stats.refusals.clerkError },
        { label: 'بی دلیل', value: refusalNoReason.length },
      ],
      exceptions: refusalNoReason.map((x) => ({ text: `درخواست ${n(`${x.requestYear}/${x.requestNumber}`)} بی دلیل بسته شد`, at: x.at })),
      link: 'statistics',
      note: 'از وضعیت درخواست‌های ثبت‌شده در دوره',
    }),
  );

  // ۳۸ الف — deadline-bound filings sent in time
  const lateOnes = stats.deadlines.rows.filter((d) => d.outcome === 'late' || d.outcome === 'overdue');
  const outbox = s.outboxItems(db);
  const atRisk = outbox.filter((o) => o.state === 'pending' && o.deadline !== null && o.deadline.replace(/\//g, '-') <= today);
  const count = (o: string) => stats.deadlines.byOutcome.find((b) => b.outcome === o)?.count ?? 0;
  rows.push(
    row({
      rule: 'deadlines',
      article: '۳۸ الف',
      text: 'تأخیر در ارسال امور دارای مهلت قانونی ممنوع است.',
      figures: [
        { label: 'درخواست‌های دارای مهلت', value: stats.deadlines.count },
        { label: 'به‌موقع رسید', value: count('inTime') },
        { label: 'دیر رسید', value: count('late') },
        { label: 'نرسیده و مهلت گذشته', value: count('overdue') },
        { label: 'در صف، مهلت امروز یا گذشته', value: atRisk.length },
      ],
      exceptions: [
        ...lateOnes.map((d) => ({ text: `درخواست ${n(`${d.requestYear}/${d.requestNumber}`)} با مهلت ${n(d.deadline.replace(/-/g, '/'))}: ${d.outcome === 'late' ? 'دیر رسید' : 'هنوز نرسیده'}`, at: d.deliveredAt })),
        ...atRisk.map((o) => ({ text: `در صف ارسال با مهلت ${n((o.deadline ?? '').replace(/-/g, '/'))}`, at: o.queuedAt })),
      ],
      link: 'sync',
      note: 'مهلت قانونی هر درخواست و زمان رسیدن آن به سامانهٔ مرکزی؛ صف ارسال اکنون',
    }),
  );

  // ۳، ۵ — unsent items by age (the outbox now)
  const pending = outbox;
  const buckets = [0, 0, 0, 0];
  for (const o of pending) buckets[ageBucket(o.queuedAt, now)]! += 1;
  const stuck = pending.filter((o) => o.state !== 'pending' || ageBucket(o.queuedAt, now) >= 1);
  rows.push(
    row({
      rule: 'unsent',
      article: '۳، ۵',
      text: 'هر درخواست از راه سامانه ارسال شود و کد رهگیری بگیرد.',
      figures: [
        { label: 'در صف کمتر از یک روز', value: buckets[0]! },
        { label: 'یک تا سه روز', value: buckets[1]! },
        { label: 'سه تا هفت روز', value: buckets[2]! },
        { label: 'یک هفته و بیشتر', value: buckets[3]! },
        { label: 'ردشده یا نیازمند بررسی', value: pending.filter((o) => o.state !== 'pending').length },
      ],
      exceptions: stuck.map((o) => ({ text: `ارسال ${o.state === 'pending' ? 'در صف' : o.state === 'rejected' ? 'ردشده' : 'نیازمند بررسی'} از ${formatJalaliDateShort(o.queuedAt)}${o.lastErrorCode ? ` (${o.lastErrorCode})` : ''}`, at: o.queuedAt })),
      link: 'sync',
      note: 'صف ارسال اکنون، به سن هر مورد (بیش از یک روز در صف، مورد شمرده می‌شود)',
    }),
  );

  // ۳۸ ج — inquiries only with a legal basis
  const inquiries = st.auditEntries(db, 'inquiryMade', period);
  const refusedInquiries = st.auditEntries(db, 'inquiryRefused', period);
  rows.push(
    row({
      rule: 'inquiries',
      article: '۳۸ ج',
      text: 'استعلام بی‌مبنای قانونی ممنوع؛ هر استعلام به درخواست و هدفی بسته است.',
      figures: [
        { label: 'استعلام‌های انجام‌شده', value: inquiries.length },
        { label: 'استعلام ردشده برای نبود مبنا', value: refusedInquiries.length },
      ],
      exceptions: refusedInquiries.map((e) => ({ text: `استعلام رد شد (${e.actor})${e.reason ? `: ${e.reason}` : ''}`, at: e.at })),
      link: 'audit',
      note: 'از رویدادنگاری: استعلام‌ها و استعلام‌های ردشده؛ هر رد یک مورد است تا مدیر ببیند چه کسی بی‌مبنا پرسید',
    }),
  );

  // ۳۶ ت — no staff without a skills certificate
  const uncertified = st.activeStaffWithoutCertificate(db);
  rows.push(
    row({
      rule: 'certificates',
      article: '۳۶ ت',
      text: 'به کارگیری کارکنان بدون گواهی مهارت ممنوع است.',
      figures: [
        { label: 'کارکنان فعال', value: st.activeStaffCount(db) },
        { label: 'بی گواهی مهارت', value: uncertified.length },
      ],
      exceptions: uncertified.map((u) => ({ text: `${u.displayName} (${roleFa[u.role] ?? u.role}) گواهی مهارت ثبت‌شده ندارد`, at: null })),
      link: 'staff',
      note: 'از پروندهٔ کارکنان، اکنون',
    }),
  );

  // ۳۸ ب — personal data: every export on the trail
  const exports = [...st.auditEntries(db, 'reportExported', period), ...st.auditEntries(db, 'documentExported', period)].sort((a, b) => a.seq - b.seq);
  rows.push(
    row({
      rule: 'exports',
      article: '۳۸ ب',
      text: 'افشای اطلاعات اصحاب دعوا ممنوع؛ هر خروجی از اطلاعات ثبت می‌شود.',
      figures: [
        { label: 'خروجی گزارش‌ها', value: exports.filter((e) => e.action === 'reportExported').length },
        { label: 'خروجی اسناد', value: exports.filter((e) => e.action === 'documentExported').length },
      ],
      exceptions: [],
      link: 'audit',
      note: 'از رویدادنگاری: هر خروجی با نام، زمان و نوع ثبت است و در فهرست رویدادها دیده می‌شود',
    }),
  );

  // ۳۷ الف — the audit trail intact
  const chain = verify(db);
  const head = auditHead(db) ?? null;
  rows.push(
    row({
      rule: 'auditChain',
      article: '۳۷ الف',
      text: 'رعایت ضوابط امنیت اطلاعات؛ رویدادنگاری دست‌نخورده.',
      figures: [
        { label: 'رویدادهای ثبت‌شده', value: chain.entries },
        { label: 'زنجیره سالم', value: chain.ok ? 1 : 0 },
      ],
      exceptions: chain.ok ? [] : [{ text: `زنجیرهٔ رویدادنگاری از رویداد ${n(chain.brokenAt)} گسسته است (${chain.problem})`, at: null }],
      link: 'audit',
      note: head ? `سر زنجیره: ${n(head.seq)}` : 'رویدادنگاری هنوز خالی است',
    }),
  );

  // ۱۳، ۳۸ ذ — a tariff in force
  const tables = r.listTariffTables(db);
  let inForce: { id: string; title: string; effectiveFrom: string; source: string } | null = null;
  try {
    inForce = tables.length ? tableInForce(tables, today) : null;
  } catch {
    inForce = null;
  }
  rows.push(
    row({
      rule: 'tariff',
      article: '۱۳، ۳۸ ذ',
      text: 'تعرفهٔ مصوب در هر روز معین است و بیش از آن گرفته نمی‌شود.',
      figures: [{ label: 'جدول‌های تعرفهٔ ثبت‌شده', value: tables.length }],
      exceptions: inForce ? [] : [{ text: 'برای امروز جدول تعرفه‌ای در دست نیست', at: null }],
      link: 'tariffs',
      note: inForce ? `تعرفهٔ جاری: ${inForce.title} از ${n(inForce.effectiveFrom.replace(/-/g, '/'))} (${inForce.source}); دریافت بیش از تعرفه را نرم‌افزار نمی‌پذیرد` : 'جدول تعرفه‌ای ثبت نشده است',
    }),
  );

  // ۳۴ ت — the tariff shown: every paired waiting-room board shows the tariff in force in its cycle
  // (core/queue/boardCycle.ts); a printed A3 poster on the wall is for the inspector to see in place
  const boards = listDevices(db, now.toISOString()).filter((d) => d.kind === 'board' && d.revokedAt === null);
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  const boardsSeen = boards.filter((d) => d.lastSeenAt !== null && d.lastSeenAt >= dayAgo).length;
  rows.push(
    row({
      rule: 'tariffBoard',
      article: '۳۴ ت',
      text: 'تعرفه در معرض دید مراجعان نصب شود.',
      figures: [
        { label: 'تابلوهای سالن انتظار', value: boards.length },
        { label: 'متصل در ۲۴ ساعت گذشته', value: boardsSeen },
      ],
      exceptions: [],
      ...(boards.length === 0 ? { status: 'notObservable' as const } : {}),
      link: 'tariffs',
      note:
        boards.length === 0
          ? 'تابلوی سالن انتظاری جفت نشده است؛ پوستر A۳ تعرفه را بازرس در محل می‌بیند'
          : 'هر تابلو تعرفهٔ جاری را در چرخهٔ نمایش خود نشان می‌دهد',
    }),
  );

  // ۱۴، ۱۸ — free services to the deprived
  rows.push(
    row({
      rule: 'freeServices',
      article: '۱۴، ۱۸',
      text: 'خدمات رایگان به مددجویان کمیتهٔ امداد، مستمری‌بگیران بهزیستی و زندانیان نیازمند.',
      figures: [{ label: 'خدمات رایگان', value: stats.freeServices.count }, ...stats.freeServices.byCategory.map((c) => ({ label: categoryFa[c.category], value: c.count }))],
      exceptions: [],
      link: 'statistics',
      note: 'هر معافیت با مدرک آن در محاسبهٔ هزینه ثبت است',
    }),
  );

  // ۱۸ — satisfaction collected
  const sat = stats.satisfaction;
  rows.push(
    row({
      rule: 'satisfaction',
      article: '۱۸',
      text: 'رضایت مراجعان سنجیده شود.',
      figures: [{ label: 'نظرهای ثبت‌شده', value: sat.count }, ...sat.byScore.map((c, i) => ({ label: `امتیاز ${n(i + 1)}`, value: c }))],
      exceptions: [],
      link: 'statistics',
      note: sat.averageX100 === null ? 'در این دوره نظری ثبت نشده است' : `میانگین ${n((sat.averageX100 / 100).toFixed(2))} از ۵`,
    }),
  );

  // ۳۵ ب — statistics sent in time
  const requests = st.statisticsRequests(db).map((x) => requestView(x, now));
  const lateRequests = requests.filter((x) => x.late);
  rows.push(
    row({
      rule: 'statistics',
      article: '۳۵ ب',
      text: 'آمار خواسته‌شده به‌موقع به مراجع ذی‌ربط داده شود.',
      figures: [
        { label: 'درخواست‌های آمار', value: requests.length },
        { label: 'فرستاده‌شده', value: requests.filter((x) => x.state === 'sent').length },
        { label: 'دیرکرد', value: lateRequests.length },
      ],
      exceptions: lateRequests.map((x) => ({ text: `آمار ${n(x.from.replace(/-/g, '/'))} تا ${n(x.to.replace(/-/g, '/'))} ${x.state === 'sent' ? 'دیر فرستاده شد' : 'هنوز فرستاده نشده و مهلتش گذشته'}`, at: x.sentAt ?? x.dueAt })),
      link: 'statistics',
      note: 'درخواست‌های آمار سامانهٔ مرکزی و زمان رسیدن آمار',
    }),
  );

  return { from, to, generatedAt: now.toISOString(), auditHead: head, rows };
}

const reasonFa = statisticsFa.outOfTurnReasons;
const categoryFa = statisticsFa.categories;
const roleFa: Record<string, string> = { manager: 'مدیر', legalExpert: 'کارشناس حقوقی', clerk: 'متصدی' };

export class ComplianceService {
  constructor(private readonly hub: HubBase) {}

  view(from: string, to: string): ComplianceView {
    return buildCompliance(this.hub.db, from, to, this.hub.now());
  }

  /** The view as an A4 PDF with the audit chain head; read before the first await. */
  async pdf(from: string, to: string): Promise<{ fileName: string; pdfBase64: string; auditHead: ComplianceView['auditHead'] }> {
    const v = this.view(from, to);
    const office = getOffice(this.hub.db);
    const pdf = await compliancePdf(this.hub.pdfPrinter(), v, { name: office?.name ?? '', code: office?.code ?? '' });
    return { fileName: `daftaryar-compliance-${from}_${to}.pdf`, pdfBase64: pdf.toString('base64'), auditHead: v.auditHead };
  }
}
