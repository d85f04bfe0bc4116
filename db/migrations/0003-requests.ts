import { shippedTariffTables } from '../../core/fees/tables/index';
import type { Migration } from '../migration';

/**
 * The counter workflow (ماده ۴: identity → fees → electronic payment …; ماده ۱۳: tariff, receipt).
 *
 * - `tariff_table`: the office tariff, one row per table, never updated (FEES.md: a new year or a
 *   correction is a new table); seeded with the shipped 1399 and 1403 tables.
 * - `request`: numbered per Jalali year from `request_sequence`, bumped in the creating transaction.
 *   `state` is core/request's RequestState; `status` repeats its status for indexes and CHECKs.
 *   Every transition is a `request_event` row.
 * - `fee_quote`: every fixing of the fees; the latest one of a request is in force. Its totals add up
 *   in the database itself (payable = office + judicial − discount − exempt ≥ 0).
 * - `payment`: electronic only (ماده ۱۳ تبصره ۱) — there is no cash method; one RRN pays once.
 * - `receipt`: numbered per Jalali year from `receipt_sequence`, never reused (FEES.md §4).
 *
 * The lists in the CHECKs are copied here on purpose: a migration must not change when core does.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'requests',
  up(db) {
    db.exec(`
      CREATE TABLE tariff_table (
        id              TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 60),
        title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
        effective_from  TEXT NOT NULL UNIQUE CHECK (effective_from GLOB '1[34][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        source          TEXT NOT NULL CHECK (length(trim(source)) > 0),
        items           TEXT NOT NULL CHECK (json_valid(items) AND json_type(items) = 'object'),
        added_at        TEXT NOT NULL,
        added_by        INTEGER REFERENCES staff (id)
      ) STRICT;

      CREATE TABLE applicant (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('natural', 'legal', 'foreign')),
        -- n:<national id> | l:<legal-entity id> | f:<foreign-national id> | p:<passport number>
        identity_key  TEXT NOT NULL UNIQUE CHECK (
                        (kind = 'natural' AND identity_key GLOB 'n:[0-9]*') OR
                        (kind = 'legal' AND identity_key GLOB 'l:[0-9]*') OR
                        (kind = 'foreign' AND (identity_key GLOB 'f:?*' OR identity_key GLOB 'p:?*'))),
        data          TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE request_sequence (
        year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1300 AND 1499),
        last_number  INTEGER NOT NULL CHECK (last_number >= 1)
      ) STRICT;

      CREATE TABLE request (
        id              TEXT PRIMARY KEY CHECK (length(id) = 36),
        year            INTEGER NOT NULL CHECK (year BETWEEN 1300 AND 1499),
        number          INTEGER NOT NULL CHECK (number >= 1),
        ticket_id       TEXT NOT NULL REFERENCES ticket (id),
        counter_id      INTEGER NOT NULL REFERENCES counter (id),
        service         TEXT NOT NULL CHECK (service IN ('petition', 'complaint', 'criminalReport', 'request', 'objection',
                          'formalNotice', 'brief', 'expertOpinion', 'sanaRegistration', 'sanaEdit', 'sanaPassword',
                          'notificationView', 'followUp', 'statusNotice', 'electronicPayment', 'powerOfAttorney',
                          'protest', 'criminalRecord', 'licenceRenewal')),
        applicant_id    INTEGER REFERENCES applicant (id),
        details         TEXT CHECK (details IS NULL OR json_valid(details)),
        legal_deadline  TEXT CHECK (legal_deadline IS NULL OR legal_deadline GLOB '1[34][0-9][0-9]/[01][0-9]/[0-3][0-9]'),
        status          TEXT NOT NULL CHECK (status IN ('draft', 'identityVerified', 'detailsComplete', 'feesFixed', 'paid',
                          'documentsCaptured', 'applicantConfirmed', 'originalsMatched', 'readyToSend', 'submitted',
                          'accepted', 'returned', 'cancelled', 'refused')),
        state           TEXT NOT NULL CHECK (json_valid(state) AND json_extract(state, '$.status') = status),
        office_day      TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        created_by      INTEGER NOT NULL REFERENCES staff (id),
        UNIQUE (year, number),
        -- nothing past identity without an identified applicant (ماده ۴)
        CHECK (status IN ('draft', 'cancelled', 'refused') OR applicant_id IS NOT NULL)
      ) STRICT;
      CREATE INDEX request_ticket ON request (ticket_id);
      CREATE INDEX request_open ON request (status, office_day);

      CREATE TABLE request_event (
        id          INTEGER PRIMARY KEY,
        request_id  TEXT NOT NULL REFERENCES request (id),
        type        TEXT NOT NULL CHECK (type IN ('opened', 'identityVerified', 'detailsCompleted', 'feesFixed', 'paymentReceived',
                      'paymentWaived', 'paymentRefunded', 'documentsCaptured', 'applicantConfirmed', 'applicantObjected',
                      'originalsMatched', 'originalsMismatched', 'queuedForSending', 'submitted', 'accepted', 'returned',
                      'cancelled', 'refused')),
        payload     TEXT NOT NULL CHECK (json_valid(payload)),
        at          TEXT NOT NULL,
        staff_id    INTEGER REFERENCES staff (id)
      ) STRICT;
      CREATE INDEX request_event_request ON request_event (request_id, id);

      CREATE TABLE identity_check (
        id            INTEGER PRIMARY KEY,
        request_id    TEXT NOT NULL REFERENCES request (id),
        applicant_id  INTEGER NOT NULL REFERENCES applicant (id),
        document      TEXT NOT NULL CHECK (document IN ('nationalCard', 'birthCertificate', 'passport', 'foreignNationalCard',
                        'residencePermit', 'companyDocuments')),
        staff_id      INTEGER NOT NULL REFERENCES staff (id),
        at            TEXT NOT NULL
      ) STRICT;

      CREATE TABLE fee_quote (
        id                    INTEGER PRIMARY KEY,
        request_id            TEXT NOT NULL REFERENCES request (id),
        tariff_table_id       TEXT NOT NULL REFERENCES tariff_table (id),
        quote                 TEXT NOT NULL CHECK (json_valid(quote)),
        office_tariff_rials   INTEGER NOT NULL CHECK (office_tariff_rials >= 0),
        judicial_cost_rials   INTEGER NOT NULL CHECK (judicial_cost_rials >= 0),
        discount_rials        INTEGER NOT NULL CHECK (discount_rials >= 0),
        exempt_rials          INTEGER NOT NULL CHECK (exempt_rials >= 0),
        payable_rials         INTEGER NOT NULL CHECK (payable_rials >= 0),
        discount_reason       TEXT,
        exemption             TEXT CHECK (exemption IS NULL OR json_valid(exemption)),
        fixed_at              TEXT NOT NULL,
        staff_id              INTEGER NOT NULL REFERENCES staff (id),
        CHECK (payable_rials = office_tariff_rials + judicial_cost_rials - discount_rials - exempt_rials),
        -- never above tariff: what comes off the office tariff is at most the office tariff
        CHECK (discount_rials + exempt_rials <= office_tariff_rials),
        -- ماده ۱۳ تبصره ۲: a discount is on record with its reason
        CHECK (discount_rials = 0 OR length(trim(coalesce(discount_reason, ''))) > 0),
        -- ماده ۱۴: an exemption is on record with its evidence
        CHECK (exempt_rials = 0 OR exemption IS NOT NULL)
      ) STRICT;
      CREATE INDEX fee_quote_request ON fee_quote (request_id, id);

      CREATE TABLE payment (
        id             TEXT PRIMARY KEY CHECK (length(id) = 36),
        request_id     TEXT NOT NULL REFERENCES request (id),
        fee_quote_id   INTEGER NOT NULL REFERENCES fee_quote (id),
        part           TEXT NOT NULL CHECK (part IN ('officeTariff', 'judicialCost')),
        -- ماده ۱۳ تبصره ۱: electronic payment only; there is no cash
        method         TEXT NOT NULL CHECK (method IN ('pcpos', 'manual')),
        amount_rials   INTEGER NOT NULL CHECK (amount_rials > 0),
        order_id       TEXT NOT NULL UNIQUE,
        rrn            TEXT NOT NULL UNIQUE CHECK (rrn GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
        trace          TEXT NOT NULL,
        terminal_id    TEXT NOT NULL,
        masked_card    TEXT NOT NULL,
        response_code  TEXT NOT NULL CHECK (response_code = '00'),
        paid_at        TEXT NOT NULL,
        staff_id       INTEGER NOT NULL REFERENCES staff (id),
        UNIQUE (fee_quote_id, part)
      ) STRICT;
      CREATE INDEX payment_request ON payment (request_id);

      CREATE TABLE receipt_sequence (
        year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1300 AND 1499),
        last_number  INTEGER NOT NULL CHECK (last_number >= 1)
      ) STRICT;

      CREATE TABLE receipt (
        id           INTEGER PRIMARY KEY,
        payment_id   TEXT NOT NULL UNIQUE REFERENCES payment (id),
        year         INTEGER NOT NULL CHECK (year BETWEEN 1300 AND 1499),
        number       INTEGER NOT NULL CHECK (number >= 1),
        issued_at    TEXT NOT NULL,
        verify_hash  TEXT NOT NULL CHECK (length(verify_hash) >= 16),
        UNIQUE (year, number)
      ) STRICT;
    `);

    const insert = db.prepare('INSERT INTO tariff_table (id, title, effective_from, source, items, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, NULL)');
    const at = new Date().toISOString();
    for (const t of shippedTariffTables) insert.run(t.id, t.title, t.effectiveFrom, t.source, JSON.stringify(t.items), at);
  },
};
