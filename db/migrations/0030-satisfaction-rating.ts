import type { Migration } from '../migration';

/**
 * Satisfaction (issue 22, point 2; ماده ۱۸). `satisfaction_rating`: one applicant's score for one
 * served ticket, given on the applicant's screen at the counter or at the kiosk.
 *
 * - `ticket_id` is the key: a ticket is rated once (a second answer is refused by the database too);
 * - `office_day` (Jalali `1405-09-07`), `service_id` and `counter_id` are the ticket's when its
 *   service ended — what the ratings are summed by (the statistics read this table); no instant is
 *   kept: a rating needs no finer time than the day it belongs to;
 * - `score` 1–5; below 3 exactly one `reason_code` from the short list, and `reason_text` (≤ 200
 *   characters) only with `other` — where it is required;
 * - `answered_on`: the applicant's screen or the kiosk. Nobody — the clerk, the manager — reads a
 *   row alone: the hub answers only sums (db/ratings.ts).
 */
export const migration0030: Migration = {
  version: 30,
  name: 'satisfaction-rating',
  up(db) {
    db.exec(`
      CREATE TABLE satisfaction_rating (
        ticket_id    TEXT PRIMARY KEY REFERENCES ticket (id),
        office_day   TEXT NOT NULL CHECK (office_day GLOB '1[34][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        service_id   INTEGER NOT NULL REFERENCES service (id),
        counter_id   INTEGER NOT NULL REFERENCES counter (id),
        score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
        reason_code  TEXT CHECK (reason_code IN ('longWait', 'staffConduct', 'feesUnclear', 'serviceIncomplete', 'outOfTurn', 'other')),
        reason_text  TEXT CHECK (reason_text IS NULL OR length(reason_text) BETWEEN 1 AND 200),
        answered_on  TEXT NOT NULL CHECK (answered_on IN ('applicantScreen', 'kiosk')),
        CHECK ((score < 3) = (reason_code IS NOT NULL)),
        CHECK ((reason_code IS 'other') = (reason_text IS NOT NULL))
      ) STRICT;
      CREATE INDEX satisfaction_rating_day ON satisfaction_rating (office_day);
    `);
  },
};
