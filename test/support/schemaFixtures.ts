/**
 * The fixture databases of every past schema version (test/fixtures/schemas/vNNNN.db): how they
 * are built and opened. `scripts/schema-fixtures.ts` writes the missing ones; test/unit/schemasEveryVersion.test.ts
 * upgrades each with the program's real path (`openDatabase`) and checks nothing was lost.
 *
 * An office that lived through every version: for each migration k, once the database is at
 * version k, `rowsAfter[k]` puts in the rows an office would have written with the tables k added
 * (plain SQL, as the schema was then). The fixture of version v has the rows of steps 1..v, so an
 * old table carries rows through every later migration. A migration that adds no table still gets
 * a step (rows of the tables it changed, or an empty step saying so) — a new migration without a
 * step, or without its fixture file, fails the test until both exist.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyKey } from '../../db/open';
import { SqliteDatabase, type Database } from '../../db/sqlite';
import { entryHash, GENESIS, canonicalJson } from '../../hub/audit/auditLog';
import { migrateTo } from './migrationRows';

/** The fixtures' key (a test key, never an office's): SQLCipher 4, raw 256 bits, as db/open.ts. */
export const FIXTURE_KEY = Buffer.from('5c'.repeat(16) + 'a7'.repeat(16), 'hex');

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schemas');

export function fixtureFile(version: number): string {
  return path.join(FIXTURE_DIR, `v${String(version).padStart(4, '0')}.db`);
}

export function fixtureExists(version: number): boolean {
  return existsSync(fixtureFile(version));
}

/** Opens a fixture (or a copy of one) with the fixtures' key, as it is: no migration, no WAL. */
export function openFixture(file: string): Database {
  const db = new SqliteDatabase(file);
  applyKey(db, FIXTURE_KEY);
  db.pragma('foreign_keys = ON');
  return db;
}

const AT = '2026-01-10T06:30:00.000Z';
const LATER = '2026-01-10T07:15:00.000Z';
const REQUEST = '11111111-1111-4111-8111-111111111111';
const REQUEST_2 = '11111111-1111-4111-8111-222222222222';
const PAYMENT = '22222222-2222-4222-8222-222222222222';
const PAYMENT_2 = '22222222-2222-4222-8222-333333333333';
const SUBMISSION = '33333333-3333-4333-8333-333333333333';
const ORDER = '44444444-4444-4444-8444-444444444444';
const REFUND = '55555555-5555-4555-8555-555555555555';
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Appends audit entries on the chain, hashed as hub/audit does, so the chain of a fixture verifies. */
function audit(db: Database, entries: ReadonlyArray<{ actor: string; action: string; subject?: string; detail?: Record<string, unknown> }>): void {
  const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS;
  for (const e of entries) {
    seq += 1;
    const base = { seq, at: AT, actor: e.actor, action: e.action, subject: e.subject ?? null, reason: null, detail: canonicalJson(e.detail ?? {}) };
    const hash = entryHash(prev, base);
    db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, reason, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      base.seq,
      base.at,
      base.actor,
      base.action,
      base.subject,
      base.reason,
      base.detail,
      prev,
      hash,
    );
    prev = hash;
  }
}

/**
 * The rows put in once the database is at version k (index k). Every migration has an entry; a
 * step that adds nothing says why in its comment.
 */
export const rowsAfter: Readonly<Record<number, (db: Database) => void>> = {
  1: (db) => {
    db.prepare("INSERT INTO office (id, name, code, city, created_at) VALUES (1, 'دفتر خدمات قضایی ۱۲۳۴', '1234', 'تهران', ?)").run(AT);
    const staff = db.prepare('INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    staff.run('maryam', 'مریم احمدی', 'manager', '$scrypt$manager', AT);
    staff.run('reza', 'رضا کریمی', 'clerk', '$scrypt$clerk', AT);
    staff.run('sara', 'سارا نوری', 'legalExpert', '$scrypt$expert', AT);
    db.prepare("INSERT INTO session (token_hash, staff_id, created_at, expires_at) VALUES (?, 2, ?, '2026-01-10T15:00:00.000Z')").run(sha('session-reza'), AT);
  },
  2: (db) => {
    // counter 1 and the services come with the migration; one more counter and a day's tickets
    db.prepare('INSERT INTO counter (id, number) VALUES (2, 2) ON CONFLICT DO NOTHING').run();
    db.prepare("INSERT INTO ticket_sequence (office_day, service_id, last_number) VALUES ('1404-10-20', 1, 3)").run();
    const ticket = db.prepare(
      "INSERT INTO ticket (id, office_day, issued_service_id, prefix, number, service_id, status, queue_key, issued_at, counter_id) VALUES (?, '1404-10-20', 1, 'الف', ?, 1, ?, ?, ?, ?)",
    );
    ticket.run('t1', 1, 'done', 1, AT, 1);
    ticket.run('t2', 2, 'serving', 2, AT, 2);
    ticket.run('t3', 3, 'waiting', 3, LATER, null);
    const event = db.prepare('INSERT INTO ticket_event (ticket_id, kind, at, counter_id, staff_id, service_id) VALUES (?, ?, ?, ?, ?, 1)');
    event.run('t1', 'issued', AT, null, null);
    event.run('t1', 'called', AT, 1, 2);
    event.run('t1', 'finished', LATER, 1, 2);
    event.run('t2', 'issued', AT, null, null);
    event.run('t2', 'called', LATER, 2, 2);
  },
  3: (db) => {
    db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('natural', 'n:0013542419', ?, ?, ?)").run(
      JSON.stringify({ firstName: 'علی', lastName: 'رضایی', nationalId: '0013542419' }),
      AT,
      AT,
    );
    db.prepare("INSERT INTO applicant (kind, identity_key, data, created_at, updated_at) VALUES ('legal', 'l:10100000001', ?, ?, ?)").run(
      JSON.stringify({ name: 'شرکت نمونه', nationalId: '10100000001' }),
      AT,
      AT,
    );
    db.prepare('INSERT INTO request_sequence (year, last_number) VALUES (1404, 2)').run();
    const request = db.prepare(
      `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, status, state, office_day, created_at, created_by)
       VALUES (?, 1404, ?, ?, ?, 'petition', ?, ?, json_object('status', ?), '1404-10-20', ?, 2)`,
    );
    request.run(REQUEST, 1, 't1', 1, 1, 'paid', 'paid', AT);
    request.run(REQUEST_2, 2, 't2', 2, 2, 'feesFixed', 'feesFixed', LATER);
    const event = db.prepare("INSERT INTO request_event (request_id, type, payload, at, staff_id) VALUES (?, ?, '{}', ?, 2)");
    for (const type of ['opened', 'identityVerified', 'feesFixed', 'paymentReceived']) event.run(REQUEST, type, AT);
    for (const type of ['opened', 'feesFixed']) event.run(REQUEST_2, type, LATER);
    db.prepare("INSERT INTO identity_check (request_id, applicant_id, document, staff_id, at) VALUES (?, 1, 'nationalCard', 2, ?)").run(REQUEST, AT);
    const quote = db.prepare(
      `INSERT INTO fee_quote (request_id, tariff_table_id, quote, office_tariff_rials, judicial_cost_rials, discount_rials, exempt_rials, payable_rials, discount_reason, exemption, fixed_at, staff_id)
       VALUES (?, 'office-1403', '{}', 770000, 1500000, 0, 0, 2270000, NULL, NULL, ?, 2)`,
    );
    quote.run(REQUEST, AT);
    quote.run(REQUEST_2, LATER);
    const payment = db.prepare(
      `INSERT INTO payment (id, request_id, fee_quote_id, part, method, amount_rials, order_id, rrn, trace, terminal_id, masked_card, response_code, paid_at, staff_id)
       VALUES (?, ?, 1, ?, 'pcpos', ?, ?, ?, ?, 'C0000301', '603799******1234', '00', ?, 2)`,
    );
    payment.run(PAYMENT, REQUEST, 'officeTariff', 770000, 'o1', '412345678901', '654321', AT);
    payment.run(PAYMENT_2, REQUEST, 'judicialCost', 1500000, 'o2', '412345678902', '654322', AT);
    db.prepare('INSERT INTO receipt_sequence (year, last_number) VALUES (1404, 2)').run();
    const receipt = db.prepare('INSERT INTO receipt (payment_id, year, number, issued_at, verify_hash) VALUES (?, 1404, ?, ?, ?)');
    receipt.run(PAYMENT, 1, AT, sha('receipt-1'));
    receipt.run(PAYMENT_2, 2, AT, sha('receipt-2'));
  },
  4: (db) => {
    const print = db.prepare('INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id) VALUES (1404, ?, ?, ?, ?, 2)');
    print.run(1, 'pdf', 0, AT);
    print.run(1, 'pdf', 1, LATER);
    print.run(2, 'pdf', 0, AT);
  },
  5: (db) => {
    db.prepare("INSERT INTO payment_terminal (counter_id, kind, base_url, timeout_ms, device_ip, device_port, terminal_id, updated_at, updated_by) VALUES (1, 'sadad', 'http://127.0.0.1:8085', 90000, '192.168.1.50', 8888, 'C0000301', ?, 1)").run(AT);
    db.prepare(
      `INSERT INTO payment_attempt (order_id, request_id, fee_quote_id, part, amount_rials, counter_id, staff_id, started_at, state, payment_id, resolved_at)
       VALUES (?, ?, 2, 'officeTariff', 770000, 2, 2, ?, 'notCharged', NULL, ?)`,
    ).run(ORDER, REQUEST_2, LATER, LATER);
  },
  6: (db) => {
    db.prepare("INSERT INTO receipt_printer (counter_id, host, port, paper, updated_at, updated_by) VALUES (1, '192.168.1.60', 9100, '80mm', ?, 1)").run(AT);
    db.prepare("INSERT INTO receipt_print (receipt_year, receipt_number, kind, duplicate, at, staff_id, printer) VALUES (1404, 2, 'thermal', 1, ?, 2, '192.168.1.60:9100')").run(LATER);
  },
  7: (db) => {
    audit(db, [
      { actor: 'staff:1', action: 'login' },
      { actor: 'staff:2', action: 'login' },
      { actor: 'staff:2', action: 'feesDiscounted', subject: REQUEST, detail: { discountRials: 0 } },
      { actor: 'staff:2', action: 'applicantViewed', subject: '1', detail: {} },
    ]);
  },
  8: (db) => {
    db.prepare('UPDATE office SET lock_after_minutes = 10 WHERE id = 1').run();
    db.prepare('UPDATE session SET locked_at = ? WHERE staff_id = 2').run(LATER);
  },
  9: (db) => {
    db.prepare("UPDATE staff SET national_id = '0013542419', certificate_number = '12345', certificate_issuer = 'قوه قضاییه', certificate_date = '1400-05-01' WHERE username = 'sara'").run();
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, active, created_at, deactivated_at, deactivated_by, deactivation_reason) VALUES ('hamid', 'حمید', 'clerk', '$scrypt$x', 0, ?, ?, 1, 'پایان همکاری')").run(AT, LATER);
    audit(db, [{ actor: 'staff:1', action: 'staffDeactivated', subject: 'staff:4', detail: { reason: 'پایان همکاری' } }]);
  },
  10: (db) => {
    db.prepare("UPDATE staff SET must_change_password = 1 WHERE username = 'sara'").run();
  },
  11: (db) => {
    db.prepare("INSERT INTO secret (name, value, created_at) VALUES ('receiptKey', ?, ?)").run(Buffer.alloc(32, 7), AT);
    db.prepare("INSERT INTO scanner_setting (counter_id, driver, device_id, label, source, dpi, color_mode, updated_at, updated_by) VALUES (1, 'escl', 'http://192.168.1.70', 'اسکنر باجه ۱', 'adf', 300, 'grey', ?, 1)").run(AT);
    db.prepare("INSERT INTO capture_job (id, request_id, counter_id, driver, device_id, settings, status, pages, started_at, ended_at, started_by) VALUES ('j1', ?, 1, 'escl', 'http://192.168.1.70', '{}', 'done', 2, ?, ?, 2)").run(REQUEST, AT, AT);
    db.prepare("INSERT INTO capture_document (id, request_id, position, doc_type, color_mode, created_at) VALUES ('d1', ?, 1, 'petition', 'grey', ?)").run(REQUEST, AT);
    const page = db.prepare(
      `INSERT INTO capture_page (id, request_id, document_id, position, job_id, sha256, mime, bytes, width_px, height_px, dpi, thumb_sha256, view_sha256, source, captured_at, captured_by, ocr_status, ocr)
       VALUES (?, ?, 'd1', ?, 'j1', ?, 'image/jpeg', 120000, 2480, 3508, 300, ?, ?, 'adf', ?, 2, 'done', '{}')`,
    );
    for (const n of [1, 2]) page.run(`p${n}`, REQUEST, n, sha(`page-${n}`), sha(`thumb-${n}`), sha(`view-${n}`), AT);
    db.prepare("INSERT INTO page_text (text, page_id, request_id) VALUES ('دادخواست مطالبه وجه', 'p1', ?)").run(REQUEST);
    db.prepare("INSERT INTO applicant_review (request_id, counter_id, outcome, pages, pages_digest, at) VALUES (?, 1, 'confirmed', 2, ?, ?)").run(REQUEST, sha('p1p2'), AT);
  },
  12: (db) => {
    db.prepare("INSERT INTO sync_identity VALUES (1, 'https://central.example', 'office-1', '1234', 'دفتر', 'device-1', 'pk', 'spk', ?, 1)").run(AT);
    db.prepare(
      "INSERT INTO submission (id, request_id, content, pages, bytes, deadline, queued_at, queued_by, manifest, manifest_sha256, signature) VALUES (?, ?, '{}', 2, 240000, NULL, ?, 2, '{}', ?, 'sig')",
    ).run(SUBMISSION, REQUEST, LATER, sha('manifest'));
    db.prepare("INSERT INTO outbox (submission_id, state, queued_at, attempts, next_attempt_at, last_attempt_at, last_error_code) VALUES (?, 'pending', ?, 2, ?, ?, 'network')").run(SUBMISSION, LATER, LATER, LATER);
    db.prepare('INSERT INTO sync_upload (submission_id, sha256, confirmed_at) VALUES (?, ?, ?)').run(SUBMISSION, sha('page-1'), LATER);
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('tariffsVersion', '3')").run();
  },
  13: (db) => {
    db.prepare("INSERT INTO filing_receipt_print (submission_id, variant, kind, duplicate, at, staff_id) VALUES (?, 'provisional', 'pdf', 0, ?, 2)").run(SUBMISSION, LATER);
  },
  14: (db) => {
    db.prepare('INSERT INTO page_file_gc (sha256, queued_at) VALUES (?, ?)').run(sha('page-old'), LATER);
  },
  15: (db) => {
    db.prepare("INSERT INTO sana_consent (request_id, given, identity_document, counter_id, at) VALUES (?, 1, 'nationalCard', 1, ?)").run(REQUEST, AT);
  },
  16: (db) => {
    const device = db.prepare('INSERT INTO device (kind, name, credential_hash, paired_at, paired_by, paired_from) VALUES (?, ?, ?, ?, 1, ?)');
    device.run('counter', 'باجه ۲', sha('cred-counter'), AT, '192.168.1.22');
    device.run('board', 'تلویزیون سالن', sha('cred-board'), AT, '192.168.1.30');
    db.prepare("INSERT INTO pairing_code (secret_hash, kind, name, issued_by, issued_at, expires_at, used_at, device_id) VALUES (?, 'counter', 'باجه ۲', 1, ?, ?, ?, 1)").run(sha('code'), AT, LATER, AT);
    audit(db, [{ actor: 'staff:1', action: 'devicePaired', subject: 'device:1', detail: { kind: 'counter' } }]);
  },
  17: (db) => {
    db.prepare("UPDATE staff SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled = 1, totp_last_step = 58000000 WHERE username = 'maryam'").run();
  },
  18: (db) => {
    db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome, answer, answered_at) VALUES ('i1', ?, 2, 'identity', 'petition', '0013542419', ?, 'answered', '{}', ?)").run(REQUEST, AT, AT);
  },
  19: (db) => {
    db.prepare("INSERT INTO session (token_hash, device_role, created_at, expires_at, counter_id) VALUES (?, 'applicant', ?, '2026-01-10T15:00:00.000Z', 1)").run(sha('screen-1'), AT);
  },
  20: (db) => {
    db.prepare("INSERT INTO scan_profile (doc_type, dpi, color_mode, source, updated_at, updated_by) VALUES ('identity', 300, 'color', 'flatbed', ?, 1)").run(AT);
  },
  21: (db) => {
    db.prepare('UPDATE queue_settings SET no_show_after_recalls = 3 WHERE id = 1').run();
  },
  // 22 adds indexes only: the rows of every earlier step go through it
  22: () => {},
  23: (db) => {
    db.prepare("INSERT INTO agent_workstation (device_id, agent_version, contract_version, devices, hello_at, address) VALUES (1, '0.3.0', 1, '[]', ?, '192.168.1.22')").run(AT);
    db.prepare("INSERT INTO agent_job (id, device_id, kind, job, target, state, next_seq, total, created_at, ended_at) VALUES ('aj1', 1, 'scan', '{}', '{}', 'done', 1, 1, ?, ?)").run(AT, AT);
    db.prepare("INSERT INTO agent_page (job_id, seq, sha256, page_id, received_at) VALUES ('aj1', 0, ?, 'p2', ?)").run(sha('page-2'), AT);
  },
  24: (db) => {
    const REMEDY = '11111111-1111-4111-8111-333333333333';
    db.prepare('UPDATE request_sequence SET last_number = 3 WHERE year = 1404').run();
    db.prepare(
      `INSERT INTO request (id, year, number, ticket_id, counter_id, service, applicant_id, status, state, office_day, created_at, created_by)
       VALUES (?, 1404, 3, 't2', 2, 'remedy', 1, 'detailsComplete', json_object('status', 'detailsComplete'), '1404-10-20', ?, 2)`,
    ).run(REMEDY, LATER);
    db.prepare("UPDATE submission SET tracking_code = '1404000000000123', delivered_at = ?, authority_status = 'returned', authority_reason = 'پیوست ناخوانا', authority_at = ? WHERE id = ?").run(LATER, LATER, SUBMISSION);
    db.prepare("INSERT INTO follow_up (request_id, returned_request_id, returned_submission_id, tracking_code, reason, opened_at, opened_by) VALUES (?, ?, ?, '1404000000000123', 'پیوست ناخوانا', ?, 2)").run(REMEDY, REQUEST, SUBMISSION, LATER);
  },
  // 25 fills the name index from the applicants on file (its own rows); nothing to add
  25: () => {},
  26: (db) => {
    db.prepare("UPDATE office SET dwt_licence = 'licence-text' WHERE id = 1").run();
  },
  27: (db) => {
    db.prepare("UPDATE agent_workstation SET printer_choice = 'HP LaserJet', terminal_choice = 'sadad' WHERE device_id = 1").run();
  },
  28: (db) => {
    db.prepare(
      `INSERT INTO refund (id, payment_id, request_id, method, amount_rials, reason, order_id, state, counter_id, staff_id, approved_by, started_at, done_at, office_day)
       VALUES (?, ?, ?, 'manual', 1500000, 'پرداخت تکراری', NULL, 'approved', 1, 2, 1, ?, ?, '1404-10-20')`,
    ).run(REFUND, PAYMENT_2, REQUEST, LATER, LATER);
    db.prepare("INSERT INTO counter_close (counter_id, office_day, staff_id, closed_at, summary) VALUES (1, '1404-10-20', 2, ?, '{}')").run(LATER);
    db.prepare("INSERT INTO office_day_close (office_day, staff_id, closed_at, summary) VALUES ('1404-10-20', 1, ?, '{}')").run(LATER);
    audit(db, [{ actor: 'staff:1', action: 'paymentRefunded', subject: REFUND, detail: { amountRials: 1500000 } }]);
  },
  29: (db) => {
    db.prepare("INSERT INTO inquiry (id, request_id, staff_id, kind, purpose, subject, asked_at, outcome, answer, answered_at) VALUES ('i2', ?, 2, 'caseStatus', 'followUp', '1404000000000123', ?, 'answered', '{}', ?)").run(REQUEST, LATER, LATER);
  },
  30: (db) => {
    const rating = db.prepare('INSERT INTO satisfaction_rating (ticket_id, office_day, service_id, counter_id, score, reason_code, reason_text, answered_on) VALUES (?, \'1404-10-20\', 1, ?, ?, ?, ?, ?)');
    rating.run('t1', 1, 5, null, null, 'applicantScreen');
    rating.run('t2', 2, 2, 'other', 'باجه بسته بود', 'kiosk');
  },
  31: (db) => {
    const complaint = db.prepare("INSERT INTO complaint_outbox (id, office_day, sealed, delivered, audited) VALUES (?, '1404-10-20', ?, ?, ?)");
    complaint.run('0a'.repeat(16), '{"v":1,"sealed":"c2VhbGVk"}', 0, 0);
    complaint.run('f3'.repeat(16), null, 1, 1);
  },
  32: (db) => {
    db.prepare(
      `INSERT INTO statistics_request (id, seq, period_from, period_to, due_at, received_at, queued_at, queued_by, body, sent_at, late, last_error)
       VALUES ('66666666-6666-4666-8666-666666666666', 1, '1404-09-01', '1404-09-30', '2026-01-12T20:30:00.000Z', ?, ?, 1, '{"tickets":3}', ?, 0, NULL)`,
    ).run(AT, LATER, LATER);
    db.prepare("UPDATE ticket_event SET out_of_turn = 1, reason_code = 'legal_deadline_today' WHERE ticket_id = 't2' AND kind = 'called'").run();
  },
  33: (db) => {
    db.prepare("UPDATE backup_setting SET target = '/media/backup/دفتر', keep_hourly = 24 WHERE id = 1").run();
    const run = db.prepare(
      'INSERT INTO backup_run (generation, kind, target, started_at, finished_at, state, problem, detail, database_bytes, page_files, pages_copied, total_bytes) VALUES (?, ?, \'/media/backup/دفتر\', ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    run.run('20260110T063000Z', 'hourly', AT, AT, 'verified', null, null, 524288, 2, 2, 764288);
    run.run(null, 'manual', LATER, LATER, 'failed', 'TARGET_FULL', 'no space left on device', 0, 0, 0, 0);
  },
  34: (db) => {
    db.prepare("INSERT INTO standby (id, device_id, named_at, named_by, address, last_copy_at, last_copy_bytes) VALUES (1, 1, ?, 1, '192.168.1.22:8443', ?, 524288)").run(AT, LATER);
  },
  35: (db) => {
    db.prepare("UPDATE device SET app_version = '0.1.0', app_version_at = ? WHERE id = 1").run(LATER);
  },
  36: (db) => {
    db.prepare("INSERT INTO capture_document (id, request_id, position, doc_type, color_mode, created_at) VALUES ('d2', ?, 1, 'evidence', 'grey', ?)").run(REQUEST_2, LATER);
    db.prepare(
      `INSERT INTO capture_page (id, request_id, document_id, position, sha256, mime, bytes, width_px, height_px, dpi, thumb_sha256, view_sha256, source, captured_at, captured_by, processing)
       VALUES ('p3', ?, 'd2', 1, ?, 'image/jpeg', 110000, 2480, 3508, 300, ?, ?, 'adf', ?, 2, 1)`,
    ).run(REQUEST_2, sha('page-3'), sha('thumb-3'), sha('view-3'), LATER);
  },
};

/**
 * Builds the fixture of `version` at `file` (which must not exist): encrypted with FIXTURE_KEY, in
 * rollback-journal mode (one file, nothing beside it), migrated step by step with each step's rows.
 */
export function buildFixture(file: string, version: number): void {
  const db = new SqliteDatabase(file);
  try {
    applyKey(db, FIXTURE_KEY);
    db.pragma('journal_mode = DELETE');
    db.pragma('foreign_keys = ON');
    for (let k = 1; k <= version; k++) {
      const step = rowsAfter[k];
      if (!step) throw new Error(`no rows step for migration ${k} in test/support/schemaFixtures.ts`);
      migrateTo(db, k);
      db.transaction(() => step(db)).immediate();
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) throw new Error(`fixture v${version} breaks foreign keys: ${JSON.stringify(fk)}`);
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}
