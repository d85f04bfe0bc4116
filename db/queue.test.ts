import { describe, expect, it } from 'vitest';
import { SqliteDatabase, type Database } from './sqlite';
import { migrate } from './migrate';
import * as q from './queue';

const NOW = '2026-11-28T10:00:00.000Z';

function office(): Database {
  const db = new SqliteDatabase(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

const ticket = (db: Database, id: string, officeDay: string, number: number): void =>
  q.insertTicket(db, {
    id, officeDay, issuedServiceId: 1, prefix: 'الف', number, serviceId: 1, priorityCategoryId: null, bookingCode: null,
    status: 'waiting', queueKey: number, issuedAt: NOW, counterId: null,
  });

describe('queue queries', () => {
  it('tells a ticket whose number was issued from one still waiting for its first print', () => {
    const db = office();
    ticket(db, 't1', '1405-09-07', 1);
    q.insertTicketEvent(db, { ticketId: 't1', kind: 'reprinted', at: NOW, serviceId: 1 });
    expect(q.wasIssued(db, 't1')).toBe(false);
    q.insertTicketEvent(db, { ticketId: 't1', kind: 'issued', at: NOW, serviceId: 1 });
    expect(q.wasIssued(db, 't1')).toBe(true);
    expect(q.wasIssued(db, 'other')).toBe(false);
  });

  it('lists the numbers of one office day only', () => {
    const db = office();
    ticket(db, 't1', '1405-09-07', 1);
    ticket(db, 't2', '1405-09-07', 2);
    ticket(db, 't3', '1405-09-08', 1);
    expect(q.ticketNumbersOfDay(db, '1405-09-07').sort((a, b) => a.number - b.number)).toEqual([
      { id: 't1', prefix: 'الف', number: 1 },
      { id: 't2', prefix: 'الف', number: 2 },
    ]);
    expect(q.ticketNumbersOfDay(db, '1405-09-09')).toEqual([]);
  });
});
