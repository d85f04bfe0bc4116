import type { Migration } from '../migration';

/**
 * The queue (ماده ۳۴ الف: a queue-ticket system is mandatory; ماده ۳۵ پ: serve in turn).
 * Ticket numbers come from `ticket_sequence`, updated in the transaction that creates the ticket
 * — never by counting rows — so a restart continues the day's sequence. Every state change is a
 * `ticket_event`; the report's KPIs are computed from events, never stored twice. The unique index
 * `ticket_one_per_counter` makes "a counter holds two tickets" impossible in the database itself.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'queue',
  up(db) {
    db.exec(`
      CREATE TABLE queue_settings (
        id                       INTEGER PRIMARY KEY CHECK (id = 1),
        normal_per_priority      INTEGER NOT NULL CHECK (normal_per_priority BETWEEN 0 AND 20),
        max_wait_minutes         INTEGER NOT NULL CHECK (max_wait_minutes BETWEEN 1 AND 600),
        service_level_minutes    INTEGER NOT NULL CHECK (service_level_minutes BETWEEN 1 AND 600),
        default_service_minutes  INTEGER NOT NULL CHECK (default_service_minutes BETWEEN 1 AND 120),
        printer                  TEXT NOT NULL CHECK (json_valid(printer))
      ) STRICT;
      INSERT INTO queue_settings VALUES (1, 2, 45, 15, 8, '{"kind":"none"}');

      CREATE TABLE service (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL CHECK (length(name) BETWEEN 2 AND 80),
        prefix       TEXT NOT NULL UNIQUE CHECK (length(prefix) BETWEEN 1 AND 3),
        sort_order   INTEGER NOT NULL DEFAULT 0,
        daily_cap    INTEGER CHECK (daily_cap IS NULL OR daily_cap BETWEEN 1 AND 999),
        opens_at     TEXT NOT NULL DEFAULT '07:00' CHECK (opens_at GLOB '[0-2][0-9]:[0-5][0-9]'),
        closes_at    TEXT NOT NULL DEFAULT '19:00' CHECK (closes_at GLOB '[0-2][0-9]:[0-5][0-9]'),
        active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;

      CREATE TABLE priority_category (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE,
        active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;

      CREATE TABLE counter (
        id                      INTEGER PRIMARY KEY,
        number                  INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 99),
        active                  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        open_staff_id           INTEGER REFERENCES staff (id),
        normals_since_priority  INTEGER NOT NULL DEFAULT 0 CHECK (normals_since_priority >= 0)
      ) STRICT;

      CREATE TABLE counter_service (
        counter_id  INTEGER NOT NULL REFERENCES counter (id),
        service_id  INTEGER NOT NULL REFERENCES service (id),
        PRIMARY KEY (counter_id, service_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE ticket_sequence (
        office_day   TEXT NOT NULL,
        service_id   INTEGER NOT NULL REFERENCES service (id),
        last_number  INTEGER NOT NULL CHECK (last_number >= 1),
        PRIMARY KEY (office_day, service_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE ticket (
        id                    TEXT PRIMARY KEY,
        office_day            TEXT NOT NULL,
        -- the service it was issued for and its prefix then: «الف-۰۴۷» stays «الف-۰۴۷» through transfers
        issued_service_id     INTEGER NOT NULL REFERENCES service (id),
        prefix                TEXT NOT NULL,
        number                INTEGER NOT NULL CHECK (number >= 1),
        -- the line it is in now (a transfer moves it)
        service_id            INTEGER NOT NULL REFERENCES service (id),
        priority_category_id  INTEGER REFERENCES priority_category (id),
        booking_code          TEXT,
        booking_national_id   TEXT,
        status                TEXT NOT NULL CHECK (status IN
                                ('printing', 'print_failed', 'waiting', 'called', 'serving', 'parked', 'done', 'no_show', 'cancelled')),
        queue_key             INTEGER NOT NULL,
        issued_at             TEXT NOT NULL,
        counter_id            INTEGER REFERENCES counter (id),
        UNIQUE (office_day, issued_service_id, number)
      ) STRICT;
      -- "call next" reads only the heads of these lines, however long they are
      CREATE INDEX ticket_waiting ON ticket (service_id, queue_key) WHERE status = 'waiting';
      CREATE INDEX ticket_waiting_normal ON ticket (service_id, queue_key) WHERE status = 'waiting' AND priority_category_id IS NULL;
      CREATE INDEX ticket_waiting_priority ON ticket (service_id, queue_key) WHERE status = 'waiting' AND priority_category_id IS NOT NULL;
      CREATE INDEX ticket_waiting_since ON ticket (service_id, issued_at) WHERE status = 'waiting';
      CREATE INDEX ticket_open ON ticket (office_day, status);
      CREATE INDEX ticket_queue_key ON ticket (queue_key);
      CREATE UNIQUE INDEX ticket_one_per_counter ON ticket (counter_id) WHERE status IN ('called', 'serving');

      CREATE TABLE ticket_event (
        id           INTEGER PRIMARY KEY,
        ticket_id    TEXT NOT NULL REFERENCES ticket (id),
        kind         TEXT NOT NULL CHECK (kind IN ('issued', 'print_failed', 'reprinted', 'called', 'recalled', 'started',
                       'finished', 'no_show', 'transferred', 'parked', 'cancelled', 'day_closed')),
        at           TEXT NOT NULL,
        counter_id   INTEGER REFERENCES counter (id),
        staff_id     INTEGER REFERENCES staff (id),
        service_id   INTEGER NOT NULL REFERENCES service (id),
        out_of_turn  INTEGER NOT NULL DEFAULT 0 CHECK (out_of_turn IN (0, 1)),
        reason_code  TEXT,
        reason_text  TEXT,
        detail       TEXT CHECK (detail IS NULL OR json_valid(detail)),
        CHECK (out_of_turn = 0 OR (kind = 'called' AND reason_code IS NOT NULL))
      ) STRICT;
      CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id, id);
      CREATE INDEX ticket_event_at ON ticket_event (at);
    `);

    // A new office starts with a working catalogue; the manager edits it in the console.
    const service = db.prepare('INSERT INTO service (name, prefix, sort_order) VALUES (?, ?, ?)');
    const services = [
      ['ثبت دادخواست، شکوائیه و درخواست', 'الف'],
      ['ثبت‌نام و خدمات ثنا', 'ب'],
      ['ارسال لایحه و مدارک', 'پ'],
      ['پیگیری پرونده و ابلاغیه', 'ت'],
      ['پرداخت الکترونیک وجوه', 'ث'],
    ] as const;
    services.forEach(([name, prefix], i) => service.run(name, prefix, i + 1));
    const category = db.prepare('INSERT INTO priority_category (name) VALUES (?)');
    for (const name of ['معلولیت', 'سالمندی', 'بارداری']) category.run(name);
    for (const number of [1, 2]) {
      const counterId = Number(db.prepare('INSERT INTO counter (number) VALUES (?)').run(number).lastInsertRowid);
      db.prepare('INSERT INTO counter_service (counter_id, service_id) SELECT ?, id FROM service').run(counterId);
    }
  },
};
