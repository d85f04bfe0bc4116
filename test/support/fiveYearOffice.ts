/**
 * A generated five-year office for the search benchmark (`npm run bench -- search`, docs/SEARCH.md):
 * by default 300,000 requests over the five years before the test clock (1400/09/07 – 1405/09/06),
 * 3,000,000 page rows and 2,000,000 audit entries, in an encrypted office database like a real one.
 *
 * How: one request is walked through the real counter workflow (identity, details, fees, both parts
 * paid — test/support/requests.ts) so the stored shapes (fee quote, details, payments) are the real
 * ones; then the rest is written straight into the tables, in order, journal off, from that template:
 * applicants with valid national and legal ids (10 % legal entities; people come back — ≈ 1.4 requests
 * each) and names drawn from common Persian first and last names (so a name matches many), their names
 * in the search table (db/search.ts), a ticket per request, the request with a replayed state
 * (core/request), its fee quote, two payments and receipts, a delivered submission with a tracking code
 * (5 % returned by the authority), a document of ten pages, and the audit trail's views. Hashes are
 * placeholders: the audit chain of this file does not verify, and page files do not exist.
 *
 * Deterministic (a seeded PRNG) apart from the database key. SQL lives here because test/ may hold it
 * (docs/LAYERS.md); the benchmark only reads through the hub.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { applyKey, openDatabase } from '../../db/open';
import { SqliteDatabase, type Database } from '../../db/sqlite';
import { formatJalaliDay, jalaliEpochDay, jalaliOfEpochDay } from '../../core/format/jalaliDay';
import { applicantSchema, type Applicant } from '../../core/identity/applicant';
import { legalEntityCheckDigit } from '../../core/identity/legalEntityId';
import { replay, type RequestEvent, type RequestStatus } from '../../core/request/stateMachine';
import { namesForSearch } from '../../core/text/searchText';
import { setUpHub } from './hub';
import { clerkWithCalledTicket, paidRequest } from './requests';

export interface FiveYearOptions {
  requests: number;
  pagesPerRequest: number;
  auditEntries: number;
}

export const FIVE_YEARS: FiveYearOptions = { requests: 300_000, pagesPerRequest: 10, auditEntries: 2_000_000 };

/** The test clock's day (hub/test/support/hub.ts): the five years end the day before. */
const END = jalaliEpochDay({ year: 1405, month: 9, day: 7 });
const DAYS = END - jalaliEpochDay({ year: 1400, month: 9, day: 7 });

const FIRST = ['علی', 'محمد', 'حسین', 'رضا', 'مهدی', 'حسن', 'امیر', 'سعید', 'مجید', 'احمد', 'فاطمه', 'زهرا', 'مریم', 'معصومه', 'سارا', 'نرگس', 'لیلا', 'زینب', 'محمدرضا', 'علیرضا', 'امیرحسین', 'محمدحسین', 'مصطفی', 'جواد', 'حمید', 'کاظم', 'ابوالفضل', 'یاسمن', 'الهام', 'سمیه', 'رقیه', 'طاهره', 'نازنین', 'پریسا', 'مهسا', 'بهاره', 'یوسف', 'اکبر', 'اصغر', 'ناصر', 'فرهاد', 'بهروز', 'کیوان', 'سپیده', 'آرزو', 'شیرین', 'ژیلا', 'هادی', 'وحید', 'بهزاد'];
const LAST = ['محمدی', 'حسینی', 'احمدی', 'رضایی', 'موسوی', 'کریمی', 'جعفری', 'رحیمی', 'صادقی', 'هاشمی', 'قاسمی', 'حیدری', 'نوری', 'کاظمی', 'ابراهیمی', 'مرادی', 'اکبری', 'عباسی', 'یوسفی', 'زارعی', 'طاهری', 'سلیمانی', 'شریفی', 'بهرامی', 'امینی', 'نجفی', 'کرمانی', 'اصفهانی', 'تهرانی', 'شیرازی', 'محمدزاده', 'حسن‌زاده', 'علیزاده', 'قربانی', 'فرهادی', 'مختاری', 'باقری', 'رستمی', 'خسروی', 'یزدانی', 'سبحانی', 'منصوری', 'عسگری', 'داوودی', 'پورمحمدی', 'شجاعی', 'فتحی', 'صفری', 'نظری', 'جلالی', 'ملکی', 'توکلی', 'رحمانی', 'فلاح', 'کامرانی', 'وکیلی', 'دهقان', 'غفاری', 'میرزایی', 'شکوهی'];
const ENTITY = ['شرکت', 'مؤسسه', 'تعاونی', 'گروه صنعتی', 'بازرگانی'];
const SERVICES = ['petition', 'petition', 'petition', 'complaint', 'request', 'objection', 'formalNotice', 'brief', 'expertOpinion', 'powerOfAttorney'];

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

function nationalIdFrom(n: number): string {
  const nine = String(n).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const r = sum % 11;
  return `${nine}${r < 2 ? r : 11 - r}`;
}

function legalIdFrom(n: number): string {
  const ten = `1${String(n).padStart(9, '0')}`;
  return `${ten}${legalEntityCheckDigit(ten)}`;
}

/** A UUID-shaped id that sorts in the order rows are written (appends, not random B-tree inserts). */
const orderedId = (kind: number, i: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const hex64 = (kind: number, i: number) => `${kind.toString(16)}${i.toString(16).padStart(20, '0')}`.padStart(64, '0');

export interface FiveYearOfficeFile {
  file: string;
  key: Buffer;
  /** whether the file was there already (generated by an earlier run with the same options) */
  reused: boolean;
  generateSeconds: number | null;
}

/**
 * The office at `file` (`file`.key beside it), generated unless an earlier run left one with the same
 * options; `log` reports progress. The manager is test/support/hub.ts's `manager`; clerk «reza».
 */
export async function fiveYearOffice(file: string, options: FiveYearOptions = FIVE_YEARS, log: (line: string) => void = () => {}): Promise<FiveYearOfficeFile> {
  const stamp = `${file}.options.json`;
  const keyFile = `${file}.key`;
  if (existsSync(file) && existsSync(stamp) && existsSync(keyFile) && readFileSync(stamp, 'utf8') === JSON.stringify(options)) {
    return { file, key: Buffer.from(readFileSync(keyFile, 'utf8'), 'hex'), reused: true, generateSeconds: null };
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, stamp, keyFile]) rmSync(f, { force: true });
  const started = performance.now();
  const key = randomBytes(32);
  writeFileSync(keyFile, key.toString('hex'), { mode: 0o600 });

  // 1. the office set up, and one request walked through the real workflow: the template
  const t = await setUpHub({ db: openDatabase(file, { key }) });
  const { clerk } = await clerkWithCalledTicket(t);
  const template = await paidRequest(t, clerk);
  t.close();

  // 2. the rest, straight into the tables
  const db = new SqliteDatabase(file);
  applyKey(db, key);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -200000');
  try {
    fill(db, template.request.id, options, log);
    log('analyze');
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  writeFileSync(stamp, JSON.stringify(options));
  return { file, key, reused: false, generateSeconds: Math.round((performance.now() - started) / 1000) };
}

function fill(db: Database, templateId: string, o: FiveYearOptions, log: (line: string) => void): void {
  const rnd = prng(1405);
  const tpl = db.prepare('SELECT details, created_by AS staffId, counter_id AS counterId FROM request WHERE id = ?').get(templateId) as { details: string; staffId: number; counterId: number };
  const fq = db.prepare('SELECT * FROM fee_quote WHERE request_id = ? ORDER BY id DESC LIMIT 1').get(templateId) as Record<string, unknown>;
  const pays = db.prepare('SELECT * FROM payment WHERE request_id = ? ORDER BY part').all(templateId) as Record<string, unknown>[];
  const serviceId = db.prepare('SELECT id FROM service ORDER BY id LIMIT 1').pluck().get() as number;
  const counters = db.prepare('SELECT id FROM counter ORDER BY id').pluck().all() as number[];
  const staff = db.prepare('SELECT id FROM staff ORDER BY id').pluck().all() as number[];
  const payable = Number(fq.payable_rials);
  const paid: RequestEvent[] = [{ type: 'identityVerified' }, { type: 'detailsCompleted' }, { type: 'feesFixed', payable }, { type: 'paymentReceived', amount: payable }, { type: 'documentsCaptured' }, { type: 'applicantConfirmed' }, { type: 'originalsMatched' }, { type: 'queuedForSending' }];

  const ins = {
    applicant: db.prepare('INSERT INTO applicant (id, kind, identity_key, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    name: db.prepare('INSERT INTO applicant_name (rowid, name) VALUES (?, ?)'),
    ticket: db.prepare("INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES (?, ?, ?, 'الف', ?, ?, 'done', ?, ?, ?)"),
    request: db.prepare(
      'INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, details, legal_deadline, status, state, office_day, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)',
    ),
    feeQuote: db.prepare(
      'INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials, discount_reason, exemption, fixed_at, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    payment: db.prepare(
      "INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id) VALUES (?, ?, ?, ?, 'pcpos', ?, ?, ?, ?, ?, ?, '00', ?, ?)",
    ),
    receipt: db.prepare('INSERT INTO receipt (payment_id, year, number, issued_at, verify_hash) VALUES (?, ?, ?, ?, ?)'),
    submission: db.prepare(
      "INSERT INTO submission (id, request_id, content, pages, bytes, queued_at, queued_by, tracking_code, receipt, delivered_at, authority_status, authority_reason, authority_at) VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    document: db.prepare("INSERT INTO capture_document (id, request_id, position, doc_type, color_mode, created_at) VALUES (?, ?, 0, 'petition', 'grey', ?)"),
    page: db.prepare(
      "INSERT INTO capture_page (id, request_id, document_id, position, sha256, mime, bytes, width_px, height_px, dpi, thumb_sha256, view_sha256, source, captured_at, captured_by, ocr_status) VALUES (?, ?, ?, ?, ?, 'image/jpeg', 180000, 2480, 3508, 300, ?, ?, 'scanner', ?, ?, 'done')",
    ),
    audit: db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, reason, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)'),
  };

  // applicants: one per ≈1.4 requests, 10 % legal entities
  const applicants = Math.max(1, Math.round(o.requests / 1.4));
  const firstApplicant = (db.prepare('SELECT coalesce(max(id), 0) FROM applicant').pluck().get() as number) + 1;
  const at0 = new Date(Date.UTC(2021, 10, 28)).toISOString();
  db.transaction(() => {
    for (let i = 0; i < applicants; i++) {
      const person = { firstName: rnd.pick(FIRST), lastName: rnd.pick(LAST), fatherName: rnd.pick(FIRST), mobile: `0912${String(1_000_000 + i).padStart(7, '0')}`, sanaStatus: 'registered' as const };
      const a: Applicant =
        i % 10 === 9
          ? { kind: 'legalEntity', legalId: legalIdFrom(100_000 + i), name: `${rnd.pick(ENTITY)} ${rnd.pick(LAST)} ${rnd.pick(FIRST)}`, representative: { ...person, nationalId: nationalIdFrom(500_000_000 + i) }, sanaStatus: 'unknown' }
          : { kind: 'natural', nationalId: nationalIdFrom(10_000_000 + i * 7), ...person };
      if (i < 10) applicantSchema.parse(a); // the generator's shapes are the schema's
      const id = firstApplicant + i;
      ins.applicant.run(id, a.kind === 'natural' ? 'natural' : 'legal', a.kind === 'natural' ? `n:${a.nationalId}` : `l:${(a as { legalId: string }).legalId}`, JSON.stringify(a), at0, at0);
      ins.name.run(id, namesForSearch(a));
    }
  })();
  log(`applicants ${applicants}`);

  const perDay = o.requests / DAYS;
  // numbers go on from what the office has (the template is 1405/1), and the sequences follow at the end
  const requestNumber = new Map((db.prepare('SELECT year, max(number) AS n FROM request GROUP BY year').all() as { year: number; n: number }[]).map((r) => [r.year, r.n]));
  const receiptNumber = new Map((db.prepare('SELECT year, max(number) AS n FROM receipt GROUP BY year').all() as { year: number; n: number }[]).map((r) => [r.year, r.n]));
  const firstTicket = (db.prepare('SELECT count(*) FROM ticket').pluck().get() as number) + 1;
  let auditSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck().get() as number;
  const auditPerRequest = o.auditEntries / o.requests;
  let auditDue = 0;
  const BATCH = 5_000;
  for (let start = 0; start < o.requests; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(o.requests, start + BATCH); i++) {
        const epochDay = END - DAYS + Math.floor(i / perDay);
        const day = jalaliOfEpochDay(epochDay);
        const officeDay = formatJalaliDay(day);
        const createdMs = epochDay * 86_400_000 + (5 * 3600 + (i % 600) * 45) * 1000;
        const createdAt = new Date(createdMs).toISOString();
        const at = (ms: number) => new Date(createdMs + ms).toISOString();
        const reqNo = (requestNumber.get(day.year) ?? 0) + 1;
        requestNumber.set(day.year, reqNo);
        const id = orderedId(1, i);
        const ticketId = orderedId(2, i);
        const counterId = counters[i % counters.length]!;
        const staffId = staff[i % staff.length]!;
        // most people come once; some come back (the first fifth of applicants take a third of the requests)
        const applicantId = firstApplicant + (rnd.next() < 0.33 ? rnd.int(Math.ceil(applicants / 5)) : rnd.int(applicants));
        const roll = rnd.next();
        const final: RequestStatus = roll < 0.05 ? 'returned' : roll < 0.08 ? 'submitted' : 'accepted';
        const trackingCode = String(1_000_000_000_000_000 + i * 7919);
        const events: RequestEvent[] = [...paid, { type: 'submitted', trackingCode }];
        if (final === 'accepted') events.push({ type: 'accepted' });
        if (final === 'returned') events.push({ type: 'returned', reason: 'نقص مدارک: تصویر برگ دوم خوانا نیست' });
        const state = replay(events);

        ins.ticket.run(ticketId, officeDay, serviceId, (i % 500) + 1, serviceId, firstTicket + i, createdAt, counterId);
        ins.request.run(id, day.year, reqNo, ticketId, counterId, rnd.pick(SERVICES), applicantId, tpl.details, state.status, JSON.stringify(state), officeDay, createdAt, staffId);
        const fqId = Number(
          ins.feeQuote.run(id, fq.tariff_table_id, fq.quote, fq.office_tariff_rials, fq.judicial_cost_rials, fq.discount_rials, fq.exempt_rials, fq.payable_rials, fq.discount_reason, fq.exemption, at(60_000), staffId).lastInsertRowid,
        );
        pays.forEach((p, k) => {
          const paymentId = orderedId(3 + k, i);
          ins.payment.run(paymentId, id, fqId, p.part, p.amount_rials, `bench-${i}-${k}`, String(400_000_000_000 + i * 2 + k), String(100_000 + (i % 900_000)), 'C0000301', '603799******1234', at(120_000 + k * 30_000), staffId);
          const rn = (receiptNumber.get(day.year) ?? 0) + 1;
          receiptNumber.set(day.year, rn);
          ins.receipt.run(paymentId, day.year, rn, at(120_000 + k * 30_000), hex64(5, i * 2 + k));
        });
        const deliveredAt = at(3_600_000);
        ins.submission.run(orderedId(6, i), id, o.pagesPerRequest, o.pagesPerRequest * 180_000, at(600_000), staffId, trackingCode, JSON.stringify({ receivedAt: deliveredAt }), deliveredAt,
          final === 'submitted' ? null : final, final === 'returned' ? 'نقص مدارک: تصویر برگ دوم خوانا نیست' : null, final === 'submitted' ? null : at(86_400_000 * 3));
        const documentId = orderedId(7, i);
        ins.document.run(documentId, id, at(300_000));
        for (let k = 0; k < o.pagesPerRequest; k++) {
          const n = i * o.pagesPerRequest + k;
          ins.page.run(orderedId(8, n), id, documentId, k, hex64(9, n), hex64(10, n), hex64(11, n), at(300_000 + k * 5_000), staffId);
        }
        // the trail: views of this request, the occasional login
        for (auditDue += auditPerRequest; auditDue >= 1 && auditSeq < o.auditEntries; auditDue -= 1) {
          auditSeq += 1;
          const login = auditSeq % 10 === 0;
          ins.audit.run(auditSeq, at(auditSeq % 1_000_000), `staff:${staffId}`, login ? 'login' : 'requestViewed', login ? null : `request:${id}`, login ? '{}' : '{"view":"data","via":"request.get"}', hex64(12, auditSeq - 1), hex64(12, auditSeq));
        }
      }
    })();
    if ((start / BATCH) % 10 === 0) log(`requests ${start + BATCH}`);
  }
  db.transaction(() => {
    for (const [year, n] of requestNumber) db.prepare('INSERT INTO request_sequence (year, last_number) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number').run(year, n);
    for (const [year, n] of receiptNumber) db.prepare('INSERT INTO receipt_sequence (year, last_number) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number').run(year, n);
  })();
}

/** Values to search for, drawn from what the office holds (a spread over the five years). */
export function searchSamples(db: Database, n: number) {
  const step = Math.max(1, Math.floor((db.prepare('SELECT max(rowid) FROM request').pluck().get() as number) / n));
  const requests = db
    .prepare(
      `SELECT r.id, r.year, r.number, r.office_day AS officeDay, a.identity_key AS identityKey, a.data, s.tracking_code AS trackingCode,
        (SELECT rc.year || '/' || rc.number FROM payment p JOIN receipt rc ON rc.payment_id = p.id WHERE p.request_id = r.id LIMIT 1) AS receipt
       FROM request r JOIN applicant a ON a.id = r.applicant_id LEFT JOIN submission s ON s.request_id = r.id WHERE r.rowid % ? = 0 LIMIT ?`,
    )
    .all(step, n) as { id: string; year: number; number: number; officeDay: string; identityKey: string; data: string; trackingCode: string | null; receipt: string | null }[];
  const legal = db.prepare("SELECT identity_key FROM applicant WHERE kind = 'legal' AND id IN (SELECT applicant_id FROM request) LIMIT ?").pluck().all(n) as string[];
  return { requests, legalIds: legal.map((k) => k.slice(2)) };
}

/** How big the office is. */
export function officeCounts(db: Database) {
  const count = (table: 'request' | 'capture_page' | 'audit_log' | 'applicant') => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { requests: count('request'), pages: count('capture_page'), audit: count('audit_log'), applicants: count('applicant') };
}
