import { describe, expect, it } from 'vitest';
import * as up from '../../test/support/migrationRows';

const ID = '44444444-4444-4444-8444-444444444444';

describe('migration 0032 — statistics requests and the period indexes', () => {
  it('keeps every payment and ticket event, adds the requests table and the two indexes', () => {
    const db = up.databaseAt(31);
    up.seedMaryam(db);
    up.seedPaidWithReceipt(db);
    const u = up.upgrade(db, 32, { keep: ['payment', 'receipt', 'ticket_event'] });
    expect(u.rowsAfter).toEqual(u.rowsBefore);
    expect(u.addedTables).toEqual(['statistics_request']);
    expect(up.indexesOf(db, 'payment')).toContain('payment_paid_at');
    expect(up.indexesOf(db, 'ticket_event')).toContain('ticket_event_out_of_turn');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('stores a request once, with a period in order; sent only after it was queued with its package', () => {
    const db = up.databaseAt(32);
    const insert = db.prepare("INSERT INTO statistics_request (id, seq, period_from, period_to, due_at, received_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.run(ID, 1, '1405-08-01', '1405-08-30', '2026-12-10T20:30:00.000Z', up.NOW);
    expect(() => insert.run(ID, 2, '1405-08-01', '1405-08-30', '2026-12-10T20:30:00.000Z', up.NOW)).toThrow(/UNIQUE/);
    expect(() => insert.run('55555555-5555-4555-8555-555555555555', 3, '1405-08-30', '1405-08-01', up.NOW, up.NOW)).toThrow(/CHECK/);
    expect(() => insert.run('55555555-5555-4555-8555-555555555555', 3, '2026-08-01', '2026-08-30', up.NOW, up.NOW)).toThrow(/CHECK/);
    // sent without a queued package
    expect(() => db.prepare("UPDATE statistics_request SET sent_at = ?, late = 0 WHERE id = ?").run(up.NOW, ID)).toThrow(/CHECK/);
    // a queued package must be JSON
    expect(() => db.prepare("UPDATE statistics_request SET queued_at = ?, body = 'x' WHERE id = ?").run(up.NOW, ID)).toThrow(/CHECK|JSON/);
    db.prepare("UPDATE statistics_request SET queued_at = ?, body = '{}' WHERE id = ?").run(up.NOW, ID);
    expect(() => db.prepare("UPDATE statistics_request SET sent_at = ? WHERE id = ?").run(up.NOW, ID)).toThrow(/CHECK/);
    db.prepare("UPDATE statistics_request SET sent_at = ?, late = 1 WHERE id = ?").run(up.NOW, ID);
    db.close();
  });
});
