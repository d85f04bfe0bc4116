/**
 * Anonymous complaints end to end (ماده ۲۰): the hub takes them at the kiosk and the applicant screen,
 * seals each to the key the reference central published, queues it with nothing that links it to a
 * ticket, a counter, a device or a time finer than the day — proved on the database file — and the
 * outbox delivers it exactly once, retried, to a central that alone can open it.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCentralApp, type InjectedFault } from '../../central/app';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { readComplaints } from '../../central/complaints';
import { pgliteSql, type Sql } from '../../central/sql';
import { procedures } from '../../core/api/contract';
import { openDatabase } from '../../db/open';
import type { Database } from '../../db/sqlite';
import { enrollConfirmed, syncOffice, type SyncTestHub } from '../support/sync';
import { manager } from '../support/hub';

let sql: Sql;
let app: FastifyInstance;
let o: SyncTestHub;
let db: Database;
let dir: string;
let kiosk: string;
let officeId: string;
let refusedBeforeKey: string;
let fault: InjectedFault | null = null;

const TEXTS = ['متصدی باجهٔ دوم پیش از نوبت من کس دیگری را صدا زد و پاسخی نداد.', 'هزینهٔ دفتر بیشتر از تعرفهٔ روی تابلو گرفته شد.', 'Staff asked for cash on the side; no receipt.'];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-complaints-'));
  db = openDatabase(path.join(dir, 'office.sqlite'));
  sql = await pgliteSql();
  app = await createCentralApp({ sql, now: () => o?.t.hub.services.now() ?? new Date(), hooks: { faultFor: (req) => (fault && req.url.startsWith('/v1/complaints/') ? fault : null) } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  o = await syncOffice({ db, sync: { timeoutMs: 3000, backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 1 } });
  kiosk = (await o.t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
  const before = await o.t.call('complaint.submit', { text: TEXTS[0]! }, kiosk);
  refusedBeforeKey = before.ok ? 'ok' : before.error.code;
  const office = await createOffice(sql, { code: '7002', name: 'دفتر ۷۰۰۲' });
  officeId = office.id;
  const { code } = await issueEnrollmentCode(sql, office.id, 3_600_000, o.t.hub.services.now());
  await enrollConfirmed(o.t, url, code);
  await o.sync.pull();
}, 60_000);

afterAll(async () => {
  o?.t.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (o) rmSync(o.dir, { recursive: true, force: true });
  await app?.close();
  await sql?.close();
});

const code = async (res: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await res;
  return r.ok ? 'ok' : r.error!.code;
};
const rows = () => db.prepare('SELECT * FROM complaint_outbox').all() as { id: string; office_day: string; sealed: string | null; delivered: number; audited: number }[];

describe('taking a complaint', () => {
  it('is refused until the Center published its key, then offered', async () => {
    expect(refusedBeforeKey).toBe('COMPLAINT_NOT_ACCEPTING');
    expect(await o.t.ok('complaint.status', {}, kiosk)).toEqual({ accepting: true });
  });

  it('takes one from the kiosk and from the applicant screen, and none from staff', async () => {
    expect(await o.t.ok('complaint.submit', { text: TEXTS[0]! }, kiosk)).toEqual({ ok: true });
    expect(await o.t.ok('complaint.submit', { text: TEXTS[1]! }, o.screen)).toEqual({ ok: true });
    expect(await o.t.ok('complaint.submit', { text: TEXTS[2]! }, kiosk)).toEqual({ ok: true });
    expect(await code(o.t.call('complaint.submit', { text: 'متصدی شکایت از خودش را ثبت می‌کند' }, o.clerk))).toBe('FORBIDDEN');
    expect(await code(o.t.call('complaint.submit', { text: 'مدیر شکایت از دفتر را ثبت می‌کند' }, o.t.managerSession))).toBe('FORBIDDEN');
    expect(await code(o.t.call('complaint.submit', { text: 'بدون نشست هیچ‌کس' }))).toBe('UNAUTHENTICATED');
    expect(rows()).toHaveLength(3);
  });

  it('refuses bad input with a code, storing nothing: over the size limit, markup, control characters, too short', async () => {
    const submit = (text: string) => code(o.t.call('complaint.submit', { text }, kiosk));
    expect(await submit('ا'.repeat(2001))).toBe('INVALID_INPUT');
    expect(await submit('<script>alert(1)</script> کارمند بدرفتار بود')).toBe('COMPLAINT_MARKUP');
    expect(await submit('کارمند بدرفتار بود <b>خیلی</b>')).toBe('COMPLAINT_MARKUP');
    expect(await submit('کارمند بدرفتار بود &lt;')).toBe('COMPLAINT_MARKUP');
    expect(await submit('پیوند javascript:alert(1) را ببینید')).toBe('COMPLAINT_MARKUP');
    expect(await submit('کارمند\u0007 بدرفتار بود')).toBe('INVALID_INPUT');
    expect(await submit('کارمند \u202eبدرفتار بود')).toBe('INVALID_INPUT');
    expect(await submit('کوتاه')).toBe('INVALID_INPUT');
    // a «less than» in prose is not markup
    expect(await submit('انتظار کمتر از < 10 دقیقه نبود، بیش از یک ساعت شد')).toBe('ok');
    expect(rows()).toHaveLength(4);
  });
});

describe('what the office keeps of a complaint (on the database file)', () => {
  it('holds no text, no instant, no ticket, counter or device, and stores rows in the order of a random key', () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const file = path.join(dir, 'office.sqlite');
    const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    for (const text of TEXTS) expect(bytes.includes(Buffer.from(text, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('بی‌نوبت', 'utf8'))).toBe(false);

    const stored = rows();
    const today = o.t.hub.services.now();
    for (const r of stored) {
      expect(Object.keys(r)).toEqual(['id', 'office_day', 'sealed', 'delivered', 'audited']);
      expect(r.id).toMatch(/^[0-9a-f]{32}$/);
      expect(r.office_day).toBe('1405-09-07');
      // nothing in the row (the sealed JSON's fields included) is an instant, a ticket, a counter or a device
      const flat = JSON.stringify(r);
      expect(flat).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(flat).not.toContain(today.toISOString().slice(0, 13));
      expect(flat).not.toMatch(/ticket|counter|device|kiosk|applicant/i);
      expect(Object.keys(JSON.parse(r.sealed!))).toEqual(['v', 'alg', 'keyId', 'epk', 'nonce', 'ct']);
      // padded: every sealed text is a whole number of 512-byte blocks (+16 of the tag)
      expect((Buffer.from(JSON.parse(r.sealed!).ct, 'base64url').length - 16) % 512).toBe(0);
    }
    // the stored order is the random key's, not the order they came in
    expect(stored.map((r) => r.id)).toEqual(stored.map((r) => r.id).sort());
    const schema = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'complaint_outbox'").pluck().get() as string).replace(/--[^\n]*/g, '');
    expect(schema).toMatch(/WITHOUT ROWID/);
    // no other table took a row for them: no submission in the outbox, no audit entry before the day is over
    expect(db.prepare('SELECT count(*) FROM submission').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'complaintQueued'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE actor LIKE 'device:%' AND at > ?").pluck().get(new Date(today.getTime() - 60_000).toISOString())).toBe(0);
  });

  it('offers the office no way to read, delete or hold one: the namespace is submit, status and the day counts', () => {
    expect(Object.keys(procedures).filter((p) => p.startsWith('complaint.')).sort()).toEqual(['complaint.days', 'complaint.status', 'complaint.submit']);
  });
});

describe('delivery to the Center', () => {
  it('retries after a failure, delivers each exactly once, and only the Center opens them', async () => {
    fault = { status: 503, code: 'UNAVAILABLE' };
    await o.sync.runOnce();
    expect(rows().filter((r) => r.delivered)).toHaveLength(0);
    fault = null;
    await o.sync.runOnce(); // within the backoff: not tried again yet
    expect(rows().filter((r) => r.delivered)).toHaveLength(0);
    o.t.advance(61_000);
    await o.sync.runOnce();
    expect(rows().every((r) => r.delivered === 1 && r.sealed === null)).toBe(true);
    await o.sync.runOnce();

    const opened = await readComplaints(sql, officeId);
    expect(opened.map((c) => c.complaint.text).sort()).toEqual([...TEXTS, 'انتظار کمتر از < 10 دقیقه نبود، بیش از یک ساعت شد'].sort());
    expect(opened.every((c) => c.complaint.day === '1405-09-07')).toBe(true);
    expect(opened.map((c) => c.id).sort()).toEqual(rows().map((r) => r.id).sort());
  });

  it('tells the manager the day’s counts, and writes the audit entries — «a complaint was queued», the day only — once the day is over', async () => {
    expect(await o.t.ok('complaint.days', {}, o.t.managerSession)).toEqual({ days: [{ day: '1405-09-07', queued: 4, delivered: 4 }], accepting: true });
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'complaintQueued'").pluck().get()).toBe(0);
    expect(await code(o.t.call('complaint.days', {}, o.clerk))).toBe('FORBIDDEN');
    o.t.advance(24 * 3600_000);
    const { session } = await o.t.ok('auth.login', { username: manager.username, password: manager.password });
    await o.t.ok('complaint.days', {}, session);
    const entries = db.prepare("SELECT actor, subject, reason, detail FROM audit_log WHERE action = 'complaintQueued'").all();
    expect(entries).toEqual(Array.from({ length: 4 }, () => ({ actor: 'anonymous', subject: null, reason: null, detail: '{"day":"1405-09-07"}' })));
    await o.t.ok('complaint.days', {}, session);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'complaintQueued'").pluck().get()).toBe(4);
  });
});
