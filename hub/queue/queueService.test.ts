import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { addClerk, setUpHub } from '../../test/support/hub';
import type { TicketPrinterFactory, TicketToPrint } from './printerPort';

// Queue behaviour through the real dispatch (contract, sessions, access), on an in-memory office
// with the default catalogue: services الف ب پ ت ث, counters 1 and 2 serving all of them.

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A printer that works, or fails with a printer's error code, and remembers what it printed. */
function scriptedPrinter() {
  const printed: TicketToPrint[] = [];
  let failWith: string | null = null;
  const factory: TicketPrinterFactory = () => ({
    async print(t) {
      if (failWith) throw Object.assign(new Error('printer says no'), { code: failWith });
      printed.push(t);
    },
    async status() {
      return { nearEnd: false };
    },
    async testPrint() {},
  });
  return { factory, printed, fail: (code: string | null) => (failWith = code) };
}

async function office(options: Parameters<typeof setUpHub>[0] = {}) {
  const t = await setUpHub(options);
  cleanup.push(t.close);
  const kiosk = (await t.ok('auth.deviceLogin', { role: 'kiosk' })).session;
  const clerk = await addClerk(t);
  const issue = (serviceId = 1, priorityCategoryId?: number) =>
    t.ok('queue.issueTicket', { serviceId, ...(priorityCategoryId ? { priorityCategoryId } : {}) }, kiosk);
  return { ...t, kiosk, clerk, issue };
}

describe('issuing tickets', () => {
  it('numbers each service from 1 per day, with its prefix, in Persian digits', async () => {
    const t = await office();
    expect((await t.issue(1)).ticket.display).toBe('الف-۰۰۱');
    expect((await t.issue(1)).ticket.display).toBe('الف-۰۰۲');
    expect((await t.issue(2)).ticket.display).toBe('ب-۰۰۱');
    const third = await t.issue(1);
    expect(third).toMatchObject({ printed: false, peopleAhead: 2, ticket: { number: 3, status: 'waiting' } });
  });

  it('continues the day’s sequence after a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-queue-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'office.sqlite');
    const first = await setUpHub({ db: openDatabase(file) });
    const kiosk = (await first.ok('auth.deviceLogin', { role: 'kiosk' })).session;
    await first.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
    await first.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
    first.close();

    const { testHub } = await import('../../test/support/hub');
    const again = testHub({ db: openDatabase(file) });
    cleanup.push(again.close);
    const kiosk2 = (await again.ok('auth.deviceLogin', { role: 'kiosk' })).session;
    expect((await again.ok('queue.issueTicket', { serviceId: 1 }, kiosk2)).ticket.number).toBe(3);
  });

  it('starts again at 1 after office-local midnight and closes yesterday’s open tickets', async () => {
    const t = await office();
    t.db.prepare("UPDATE service SET opens_at = '00:00', closes_at = '23:59'").run();
    const y = await t.issue(1);
    t.setNow('2026-11-28T20:28:00Z'); // 23:58 in Tehran, still the same day
    expect((await t.issue(1)).ticket.number).toBe(2);
    t.setNow('2026-11-29T04:00:00Z'); // 07:30 the next morning
    expect((await t.issue(1)).ticket.number).toBe(1);
    const old = t.db.prepare("SELECT status FROM ticket WHERE id = ?").pluck().get(y.ticket.id);
    expect(old).toBe('cancelled');
    expect(t.db.prepare("SELECT count(*) FROM ticket_event WHERE kind = 'day_closed'").pluck().get()).toBe(2);
  });

  it('looks for tickets left from earlier days once a day, not on every call (the look scans every earlier day)', async () => {
    const t = await office();
    t.db.prepare("UPDATE service SET opens_at = '00:00', closes_at = '24:00'").run();
    await t.issue(1); // the day's first look finds nothing before today
    // a ticket of an earlier day appearing now (no hub makes one) is not looked for again today…
    t.db.prepare("UPDATE ticket SET office_day = '1405-09-06'").run();
    await t.issue(1);
    expect(t.db.prepare("SELECT count(*) FROM ticket WHERE status = 'cancelled'").pluck().get()).toBe(0);
    // …and the next day's first call closes it
    t.setNow('2026-11-29T04:00:00Z');
    await t.issue(1);
    expect(t.db.prepare("SELECT count(*) FROM ticket_event WHERE kind = 'day_closed'").pluck().get()).toBe(2);
  });

  it('a service that closes at «24:00» is open to the last second of the day, and opens again at 00:00', async () => {
    const t = await office();
    const [first] = (await t.ok('queue.config', {}, t.managerSession)).services;
    await t.ok('queue.saveService', { ...first!, opensAt: '00:00', closesAt: '24:00' }, t.managerSession);
    // not another hour past 24
    expect(await t.call('queue.saveService', { ...first!, closesAt: '24:30' }, t.managerSession)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    t.setNow('2026-11-28T20:29:59Z'); // 23:59:59 in Tehran
    expect((await t.issue(first!.id)).ticket.number).toBe(1);
    t.setNow('2026-11-28T20:30:00Z'); // 00:00 the next day
    expect((await t.issue(first!.id)).ticket.number).toBe(1);
  });

  it('refuses outside service hours, beyond the daily cap, and for unknown services', async () => {
    const t = await office();
    t.setNow('2026-11-28T16:00:00Z'); // 19:30 in Tehran: closed
    expect(await t.call('queue.issueTicket', { serviceId: 1 }, t.kiosk)).toMatchObject({ error: { code: 'SERVICE_CLOSED' } });
    t.setNow('2026-11-28T06:30:00Z');
    t.db.prepare('UPDATE service SET daily_cap = 2 WHERE id = 1').run();
    await t.issue(1);
    await t.issue(1);
    expect(await t.call('queue.issueTicket', { serviceId: 1 }, t.kiosk)).toMatchObject({ error: { code: 'DAILY_CAP_REACHED' } });
    expect(await t.call('queue.issueTicket', { serviceId: 99 }, t.kiosk)).toMatchObject({ error: { code: 'UNKNOWN_SERVICE' } });
  });

  it('counts a ticket as issued only once the printer took it; a failed one is kept for a reprint', async () => {
    const printer = scriptedPrinter();
    const t = await office({ ticketPrinter: printer.factory });
    await t.ok('queue.setPrinter', { printer: { kind: 'network', host: '127.0.0.1', port: 9100, paper: '80mm' } }, t.managerSession);

    const ok = await t.issue(1);
    expect(ok).toMatchObject({ printed: true, ticket: { status: 'waiting' } });
    expect(printer.printed[0]).toMatchObject({ number: 'الف-۰۰۱', serviceName: 'ثبت دادخواست، شکوائیه و درخواست', peopleAhead: 0, ticketId: ok.ticket.id });

    printer.fail('PRINTER_PAPER_OUT');
    const failed = await t.call('queue.issueTicket', { serviceId: 1 }, t.kiosk);
    expect(failed).toMatchObject({ ok: false, error: { code: 'PRINTER_PAPER_OUT' } });
    const ref = !failed.ok ? failed.error.ref! : '';
    expect(t.db.prepare('SELECT status, number FROM ticket WHERE id = ?').get(ref)).toEqual({ status: 'print_failed', number: 2 });
    // not in the line while nobody holds the paper
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    expect((await t.ok('queue.callNext', { counterId: 1 }, t.clerk)).number).toBe(1);
    await t.ok('queue.noShow', { counterId: 1, confirmed: true }, t.clerk);
    expect(await t.call('queue.callNext', { counterId: 1 }, t.clerk)).toMatchObject({ error: { code: 'QUEUE_EMPTY' } });
    // the manager sees it and reprints when there is paper
    expect((await t.ok('queue.live', {}, t.managerSession)).printFailures.map((x) => x.number)).toEqual([2]);
    printer.fail(null);
    expect(await t.ok('queue.reprint', { ticketId: ref }, t.kiosk)).toMatchObject({ printed: true, ticket: { number: 2, status: 'waiting' } });
    expect(t.db.prepare("SELECT kind FROM ticket_event WHERE ticket_id = ? ORDER BY id").pluck().all(ref)).toEqual(['print_failed', 'reprinted', 'issued']);
    expect(await t.call('queue.reprint', { ticketId: ref }, t.kiosk)).toMatchObject({ error: { code: 'TICKET_NOT_WAITING' } });
  });

  it('checks a booking code and national id, and allows two bookings per person per day', async () => {
    const t = await office();
    expect(await t.call('queue.checkInBooking', { code: '12', nationalId: '0013542419', serviceId: 1 }, t.kiosk)).toMatchObject({ error: { code: 'INVALID_BOOKING_CODE' } });
    expect(await t.call('queue.checkInBooking', { code: 'AB123456', nationalId: '1111111111', serviceId: 1 }, t.kiosk)).toMatchObject({ error: { code: 'INVALID_NATIONAL_ID' } });
    await t.ok('queue.checkInBooking', { code: '۱۲۳۴۵۶۷۸', nationalId: '۰۰۱۳۵۴۲۴۱۹', serviceId: 1 }, t.kiosk);
    await t.ok('queue.checkInBooking', { code: 'ab123456', nationalId: '0013542419', serviceId: 2 }, t.kiosk);
    expect(await t.call('queue.checkInBooking', { code: 'ab999999', nationalId: '0013542419', serviceId: 1 }, t.kiosk)).toMatchObject({ error: { code: 'BOOKING_LIMIT' } });
  });
});

describe('serving in turn', () => {
  it('calls only at a counter the clerk has open, one ticket at a time', async () => {
    const t = await office();
    await t.issue(1);
    await t.issue(1);
    expect(await t.call('queue.callNext', { counterId: 1 }, t.clerk)).toMatchObject({ error: { code: 'COUNTER_NOT_OPEN' } });
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    expect(await t.call('queue.openCounter', { counterId: 1 }, t.managerSession)).toMatchObject({ error: { code: 'COUNTER_TAKEN' } });
    expect((await t.ok('queue.callNext', { counterId: 1 }, t.clerk)).display).toBe('الف-۰۰۱');
    expect(await t.call('queue.callNext', { counterId: 1 }, t.clerk)).toMatchObject({ error: { code: 'COUNTER_BUSY' } });
    await t.ok('queue.startService', { counterId: 1 }, t.clerk);
    expect(await t.call('queue.noShow', { counterId: 1, confirmed: true }, t.clerk)).toMatchObject({ error: { code: 'TICKET_NOT_WAITING' } });
    await t.ok('queue.finish', { counterId: 1 }, t.clerk);
    expect((await t.ok('queue.callNext', { counterId: 1 }, t.clerk)).display).toBe('الف-۰۰۲');
    expect(await t.call('queue.closeCounter', { counterId: 1 }, t.clerk)).toMatchObject({ error: { code: 'COUNTER_BUSY' } });
    expect(await t.call('queue.callNext', { counterId: 1 })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('never lets two counters hold the same ticket', async () => {
    const t = await office();
    await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.openCounter', { counterId: 2 }, t.managerSession);
    const [a, b] = await Promise.all([t.call('queue.callNext', { counterId: 1 }, t.clerk), t.call('queue.callNext', { counterId: 2 }, t.managerSession)]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { code: 'QUEUE_EMPTY' } });
  });

  it('gives priority tickets one turn in every three calls by default (two normal per priority)', async () => {
    const t = await office();
    for (let i = 0; i < 4; i++) await t.issue(1);
    await t.issue(1, 1); // disability
    await t.issue(1, 2);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const ticket = await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
      order.push(`${ticket.priority ? 'P' : 'N'}${ticket.number}`);
      await t.ok('queue.noShow', { counterId: 1, confirmed: true }, t.clerk);
    }
    expect(order).toEqual(['N1', 'N2', 'P5', 'N3', 'N4', 'P6']);
  });

  it('calls the longest waiter first once someone passes the wait cap', async () => {
    const t = await office();
    await t.ok('queue.updateSettings', { normalPerPriority: 0, maxWaitMinutes: 20, serviceLevelMinutes: 15, defaultServiceMinutes: 8, noShowAfterRecalls: 2 }, t.managerSession);
    await t.issue(1); // normal, first
    t.advance(60_000);
    await t.issue(1, 1); // priority, later
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    expect((await t.ok('queue.callNext', { counterId: 1 }, t.clerk)).priority).toBe(true); // strict priority
    await t.ok('queue.noShow', { counterId: 1, confirmed: true }, t.clerk);
    await t.issue(1, 1);
    t.advance(25 * 60_000); // the normal ticket has now waited 26 minutes
    expect((await t.ok('queue.callNext', { counterId: 1 }, t.clerk)).number).toBe(1);
  });

  it('serves only the services a counter is set up for', async () => {
    const t = await office();
    await t.ok('queue.saveCounter', { id: 2, number: 2, active: true, serviceIds: [2] }, t.managerSession);
    const a = await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 2 }, t.clerk);
    expect(await t.call('queue.callNext', { counterId: 2 }, t.clerk)).toMatchObject({ error: { code: 'QUEUE_EMPTY' } });
    expect(await t.call('queue.callOutOfTurn', { counterId: 2, ticketId: a.ticket.id, reason: 'other', note: 'آزمایش خارج از نوبت' }, t.clerk)).toMatchObject({
      error: { code: 'SERVICE_NOT_AT_COUNTER' },
    });
  });

  it('records an out-of-turn call with who, when and why, and reports it', async () => {
    const t = await office();
    await t.issue(1);
    const second = await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    expect(await t.call('queue.callOutOfTurn', { counterId: 1, ticketId: second.ticket.id, reason: 'legal_deadline_today', note: 'کم' }, t.clerk)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    await t.ok('queue.callOutOfTurn', { counterId: 1, ticketId: second.ticket.id, reason: 'legal_deadline_today', note: 'مهلت تجدیدنظر امروز تمام می‌شود' }, t.clerk);
    const report = await t.ok('queue.dayReport', {}, t.managerSession);
    expect(report.outOfTurn).toEqual([
      { at: expect.any(String), ticket: 'الف-۰۰۲', counterNumber: 1, staff: 'کارمند reza', reason: 'legal_deadline_today', note: 'مهلت تجدیدنظر امروز تمام می‌شود' },
    ]);
    expect(report.total.outOfTurn).toBe(1);
  });

  it('does not count calling the very next ticket as out of turn', async () => {
    const t = await office();
    const first = await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.callOutOfTurn', { counterId: 1, ticketId: first.ticket.id, reason: 'other', note: 'همان نوبت بعدی' }, t.clerk);
    expect((await t.ok('queue.dayReport', {}, t.managerSession)).outOfTurn).toEqual([]);
  });

  it('transfers keep the number and go to the front or back of the other line', async () => {
    const t = await office();
    const a = await t.issue(1);
    await t.issue(2);
    await t.issue(2);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.saveCounter', { id: 1, number: 1, active: true, serviceIds: [1] }, t.managerSession);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    const moved = await t.ok('queue.transfer', { counterId: 1, serviceId: 2, position: 'front' }, t.clerk);
    // the person holds «الف-۰۰۱» on paper: the number keeps its prefix in the other line
    expect(moved).toMatchObject({ id: a.ticket.id, display: 'الف-۰۰۱', status: 'waiting', serviceId: 2 });
    await t.ok('queue.openCounter', { counterId: 2 }, t.managerSession);
    expect((await t.ok('queue.callNext', { counterId: 2 }, t.managerSession)).id).toBe(a.ticket.id);
  });

  it('parks a ticket at the counter and calls it back later', async () => {
    const t = await office();
    const a = await t.issue(1);
    await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    await t.ok('queue.park', { counterId: 1 }, t.clerk);
    const view = await t.ok('queue.counterView', { counterId: 1 }, t.clerk);
    expect(view.parked.map((p) => p.id)).toEqual([a.ticket.id]);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    expect(await t.call('queue.callParked', { counterId: 1, ticketId: a.ticket.id }, t.clerk)).toMatchObject({ error: { code: 'COUNTER_BUSY' } });
    await t.ok('queue.noShow', { counterId: 1, confirmed: true }, t.clerk);
    expect((await t.ok('queue.callParked', { counterId: 1, ticketId: a.ticket.id }, t.clerk)).status).toBe('called');
  });

  it('announces calls and recalls to the board with no personal data', async () => {
    const t = await office();
    const heard: unknown[] = [];
    t.hub.services.events.on('queue.called', (p) => heard.push(p));
    await t.issue(2);
    await t.ok('queue.openCounter', { counterId: 2 }, t.clerk);
    await t.ok('queue.callNext', { counterId: 2 }, t.clerk);
    await t.ok('queue.recall', { counterId: 2 }, t.clerk);
    expect(heard).toEqual([
      expect.objectContaining({ display: 'ب-۰۰۱', prefix: 'ب', number: 1, counterNumber: 2, recall: false }),
      expect.objectContaining({ display: 'ب-۰۰۱', counterNumber: 2, recall: true }),
    ]);
    expect(Object.keys(heard[0] as object).sort()).toEqual(['at', 'counterNumber', 'display', 'number', 'prefix', 'recall', 'ticketId']);
  });
});

describe('priority categories', () => {
  it('can be added and switched off; an inactive one is neither offered nor accepted', async () => {
    const t = await office();
    const veteran = await t.ok('queue.savePriorityCategory', { name: 'جانباز', active: true }, t.managerSession);
    expect((await t.ok('queue.kioskInfo', {}, t.kiosk)).priorityCategories.map((c) => c.name)).toContain('جانباز');
    await t.ok('queue.savePriorityCategory', { id: veteran.id, name: 'جانباز', active: false }, t.managerSession);
    expect((await t.ok('queue.kioskInfo', {}, t.kiosk)).priorityCategories.map((c) => c.name)).not.toContain('جانباز');
    expect(await t.call('queue.issueTicket', { serviceId: 1, priorityCategoryId: veteran.id }, t.kiosk)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await t.call('queue.savePriorityCategory', { name: 'سالمندی', active: true }, t.managerSession)).toMatchObject({ error: { code: 'DUPLICATE' } });
    expect(await t.call('queue.savePriorityCategory', { name: 'x y', active: true }, t.clerk)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('the day report', () => {
  it('computes wait, service time, no-shows and service level from events', async () => {
    const t = await office();
    await t.issue(1);
    await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    t.advance(10 * 60_000);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    t.advance(60_000);
    await t.ok('queue.startService', { counterId: 1 }, t.clerk); // waited 11 min
    t.advance(6 * 60_000);
    await t.ok('queue.finish', { counterId: 1 }, t.clerk); // served 6 min
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    await t.ok('queue.noShow', { counterId: 1, confirmed: true }, t.clerk);
    const r = await t.ok('queue.dayReport', {}, t.managerSession);
    expect(r.day).toBe('1405-09-07');
    expect(r.total).toMatchObject({ tickets: 2, served: 1, noShows: 1, noShowPercent: 50, averageWaitMinutes: 11, averageServiceMinutes: 6, withinTargetPercent: 100 });
    expect(r.byCounter).toEqual([{ counterId: 1, number: 1, kpis: expect.objectContaining({ served: 1, noShows: 1 }) }]);
    expect(r.byService[0]).toMatchObject({ prefix: 'الف', kpis: { tickets: 2 } });
  });

  it('is the manager’s alone', async () => {
    const t = await office();
    expect(await t.call('queue.dayReport', {}, t.clerk)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await t.call('queue.dayReport', {}, t.kiosk)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('no-show, the clerk’s own day, the board and the kiosk', () => {
  it('refuses an unconfirmed no-show until the number was recalled the set number of times', async () => {
    const t = await office();
    await t.issue(1);
    await t.issue(1);
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    expect(await t.call('queue.noShow', { counterId: 1 }, t.clerk)).toMatchObject({ error: { code: 'NO_SHOW_NEEDS_CONFIRMATION' } });
    await t.ok('queue.recall', { counterId: 1 }, t.clerk);
    expect((await t.ok('queue.counterView', { counterId: 1 }, t.clerk)).recalls).toBe(1);
    expect(await t.call('queue.noShow', { counterId: 1 }, t.clerk)).toMatchObject({ error: { code: 'NO_SHOW_NEEDS_CONFIRMATION' } });
    await t.ok('queue.recall', { counterId: 1 }, t.clerk);
    expect((await t.ok('queue.counterView', { counterId: 1 }, t.clerk)).noShowAfterRecalls).toBe(2);
    expect(await t.ok('queue.noShow', { counterId: 1 }, t.clerk)).toMatchObject({ status: 'no_show' });
    // the manager sets it: 0 never asks
    await t.ok('queue.updateSettings', { normalPerPriority: 2, maxWaitMinutes: 45, serviceLevelMinutes: 15, defaultServiceMinutes: 8, noShowAfterRecalls: 0 }, t.managerSession);
    expect((await t.ok('queue.config', {}, t.managerSession)).settings.noShowAfterRecalls).toBe(0);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    expect(await t.ok('queue.noShow', { counterId: 1 }, t.clerk)).toMatchObject({ status: 'no_show' });
  });

  it('gives the clerk their own counts for the day: served, no-shows, mean service time — not another clerk’s', async () => {
    const t = await office();
    for (let i = 0; i < 4; i++) await t.issue(1);
    const other = await addClerk(t, 'sara');
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.openCounter', { counterId: 2 }, other);
    for (const minutes of [4, 8]) {
      await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
      await t.ok('queue.startService', { counterId: 1 }, t.clerk);
      t.advance(minutes * 60_000);
      await t.ok('queue.finish', { counterId: 1 }, t.clerk);
    }
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    await t.ok('queue.noShow', { counterId: 1, confirmed: true }, t.clerk);
    await t.ok('queue.callNext', { counterId: 2 }, other);
    await t.ok('queue.startService', { counterId: 2 }, other);
    t.advance(30 * 60_000);
    await t.ok('queue.finish', { counterId: 2 }, other);
    expect((await t.ok('queue.counterView', { counterId: 1 }, t.clerk)).myDay).toEqual({ served: 2, noShows: 1, averageServiceMinutes: 6 });
    expect((await t.ok('queue.counterView', { counterId: 2 }, other)).myDay).toEqual({ served: 1, noShows: 0, averageServiceMinutes: 30 });
  });

  it('tells the board a called number from one being served, and the waiting count and estimate per open service', async () => {
    const t = await office();
    const board = (await t.ok('auth.deviceLogin', { role: 'board' })).session;
    for (let i = 0; i < 3; i++) await t.issue(1);
    const other = await addClerk(t, 'sara');
    await t.ok('queue.openCounter', { counterId: 1 }, t.clerk);
    await t.ok('queue.openCounter', { counterId: 2 }, other);
    await t.ok('queue.callNext', { counterId: 1 }, t.clerk);
    await t.ok('queue.callNext', { counterId: 2 }, other);
    await t.ok('queue.startService', { counterId: 2 }, other);
    const b = await t.ok('queue.board', {}, board);
    expect(b.serving).toEqual([
      { counterNumber: 1, display: 'الف-۰۰۱', status: 'called' },
      { counterNumber: 2, display: 'الف-۰۰۲', status: 'serving' },
    ]);
    const first = b.services.find((s) => s.prefix === 'الف')!;
    expect(first).toMatchObject({ waiting: 1 });
    expect(first.estimatedWaitMinutes).toBeGreaterThan(0);
    expect(b.services.every((s) => s.waiting >= 0 && 'name' in s)).toBe(true);
  });

  it('gives the kiosk each service’s opening hours', async () => {
    const t = await office();
    const info = await t.ok('queue.kioskInfo', {}, t.kiosk);
    expect(info.services[0]).toMatchObject({ opensAt: expect.stringMatching(/^\d\d:\d\d$/), closesAt: expect.stringMatching(/^\d\d:\d\d$/) });
  });
});
