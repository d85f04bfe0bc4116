import type { Sql, SqlQuery } from './sql';

/** One numbered schema change; `up` runs inside the transaction the runner holds. */
export interface CentralMigration {
  version: number;
  name: string;
  up(q: SqlQuery): Promise<void>;
}

/**
 * Every key starts with office_id, so each office-owned table can be distributed by office with
 * Citus (docs/SYNC-PROTOCOL.md, «Scaling out»). Instants are timestamptz; money never lives here.
 */
export const centralMigrations: readonly CentralMigration[] = [
  {
    version: 1,
    name: 'offices-devices-blobs-submissions',
    async up(q) {
      await execAll(q, `
        CREATE TABLE office (
          id    uuid PRIMARY KEY,
          code  text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{3,10}$'),
          name  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
        );

        -- only the sha256 of a one-time code is kept: a database leak enrolls nobody
        CREATE TABLE enrollment_code (
          code_sha256  text PRIMARY KEY,
          office_id    uuid NOT NULL REFERENCES office (id),
          expires_at   timestamptz NOT NULL,
          used_at      timestamptz,
          device_id    uuid
        );

        CREATE TABLE device (
          office_id         uuid NOT NULL REFERENCES office (id),
          id                uuid NOT NULL,
          public_key        text NOT NULL UNIQUE,
          name              text NOT NULL,
          software_version  text NOT NULL,
          enrolled_at       timestamptz NOT NULL,
          revoked_at        timestamptz,
          PRIMARY KEY (office_id, id)
        );
        -- signed requests name only the device: its id is a random uuid, unique on its own
        CREATE UNIQUE INDEX device_by_id ON device (id);

        CREATE TABLE blob (
          office_id  uuid NOT NULL,
          sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
          bytes      integer NOT NULL CHECK (bytes >= 0),
          data       bytea NOT NULL,
          stored_at  timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (office_id, sha256)
        );

        CREATE TABLE submission (
          office_id          uuid NOT NULL,
          submission_id      uuid NOT NULL,
          device_id          uuid NOT NULL,
          manifest           jsonb NOT NULL,
          manifest_sha256    text NOT NULL,
          tracking_code      text NOT NULL UNIQUE CHECK (tracking_code ~ '^[1-9][0-9]{15}$'),
          pages              integer NOT NULL CHECK (pages > 0),
          deadline           text,
          received_at        timestamptz NOT NULL,
          receipt            jsonb NOT NULL,
          receipt_signature  text NOT NULL,
          PRIMARY KEY (office_id, submission_id)
        );

        -- seq is one increasing sequence (a hub's cursor); the key leads with office_id so the
        -- table can be distributed by office like the submissions it references
        CREATE TABLE status_update (
          seq            bigserial NOT NULL,
          office_id      uuid NOT NULL,
          submission_id  uuid NOT NULL,
          status         text NOT NULL CHECK (status IN ('accepted', 'returned')),
          reason         text,
          at             timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (office_id, seq),
          FOREIGN KEY (office_id, submission_id) REFERENCES submission (office_id, submission_id)
        );

        CREATE TABLE tariff (
          version       serial PRIMARY KEY,
          body          jsonb NOT NULL,
          published_at  timestamptz NOT NULL,
          signature     text NOT NULL
        );

        -- the reference server's Ed25519 key, shared by every stateless node (a production
        -- deployment keeps it in an HSM or KMS and signs there)
        CREATE TABLE server_key (
          id                 integer PRIMARY KEY CHECK (id = 1),
          private_key_pkcs8  text NOT NULL,
          public_key         text NOT NULL,
          created_at         timestamptz NOT NULL DEFAULT now()
        );
      `);
    },
  },
  {
    version: 2,
    name: 'inquiries-and-registries',
    async up(q) {
      await execAll(q, `
        -- stand-ins for the judiciary's registries (docs/SYNC-PROTOCOL.md, «Inquiries»): the civil
        -- registry, the bodies whose coverage exempts from fees (ماده ۱۴), the document registry
        -- (ماده ۳ تبصره). Jalali days are text «1403-05-12», so they compare as strings.
        CREATE TABLE registry_person (
          national_id  text PRIMARY KEY CHECK (national_id ~ '^[0-9]{10}$'),
          first_name   text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 80),
          last_name    text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 80),
          father_name  text NOT NULL CHECK (length(father_name) BETWEEN 1 AND 80),
          birth_date   text NOT NULL CHECK (birth_date ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
          alive        boolean NOT NULL
        );

        CREATE TABLE registry_coverage (
          national_id  text NOT NULL CHECK (national_id ~ '^[0-9]{10}$'),
          category     text NOT NULL CHECK (category IN ('reliefCommittee', 'welfarePensioner', 'indigentPrisoner')),
          reference    text NOT NULL CHECK (length(reference) BETWEEN 1 AND 40),
          valid_until  text NOT NULL CHECK (valid_until ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
          PRIMARY KEY (national_id, category, reference)
        );

        CREATE TABLE registry_document (
          code       text PRIMARY KEY CHECK (code ~ '^[0-9A-Za-z-]{6,40}$'),
          title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
          issuer     text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 200),
          issued_on  text NOT NULL CHECK (issued_on ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
          valid      boolean NOT NULL
        );

        -- ماده ۳۸ ج: the judiciary's own record of who asked what, for which request and why. One
        -- row per inquiry id per office: a retried inquiry is answered from here, not asked again.
        CREATE TABLE inquiry_log (
          office_id    uuid NOT NULL,
          inquiry_id   uuid NOT NULL,
          device_id    uuid NOT NULL,
          request_id   uuid NOT NULL,
          kind         text NOT NULL CHECK (kind IN ('identity', 'coverage', 'document')),
          purpose      text NOT NULL CHECK (purpose IN ('identityVerification', 'feeExemption', 'documentAuthenticity')),
          -- the national id or the document code asked about
          subject      text NOT NULL,
          -- sha256 of the request body's canonical JSON: the same id with another body is refused
          body_sha256  text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
          asked_at     timestamptz NOT NULL,
          answer       jsonb NOT NULL,
          PRIMARY KEY (office_id, inquiry_id)
        );
        CREATE INDEX inquiry_log_by_request ON inquiry_log (office_id, request_id);
      `);
    },
  },
  {
    version: 3,
    name: 'supplements',
    async up(q) {
      await execAll(q, `
        -- رفع نقص: the pages an office sends for a filing the authority returned, receipted under the
        -- filing's own tracking code. One row per supplement id (the idempotency key, as a submission
        -- id is); at most one supplement answers one return (answers_seq: the status_update it answers).
        CREATE TABLE supplement (
          office_id          uuid NOT NULL,
          supplement_id      uuid NOT NULL,
          submission_id      uuid NOT NULL,
          answers_seq        bigint NOT NULL,
          device_id          uuid NOT NULL,
          manifest           jsonb NOT NULL,
          manifest_sha256    text NOT NULL,
          tracking_code      text NOT NULL CHECK (tracking_code ~ '^[1-9][0-9]{15}$'),
          pages              integer NOT NULL CHECK (pages > 0),
          received_at        timestamptz NOT NULL,
          receipt            jsonb NOT NULL,
          receipt_signature  text NOT NULL,
          PRIMARY KEY (office_id, supplement_id),
          UNIQUE (office_id, submission_id, answers_seq),
          FOREIGN KEY (office_id, submission_id) REFERENCES submission (office_id, submission_id),
          FOREIGN KEY (office_id, answers_seq) REFERENCES status_update (office_id, seq)
        );
      `);
    },
  },
  {
    version: 4,
    name: 'notification-and-case-inquiries',
    async up(q) {
      await execAll(q, `
        -- services that file nothing (مشاهدهٔ ابلاغیه، پیگیری، وضعیت پرونده) ask these: the stand-ins for
        -- the electronic notification system and the case registry.
        CREATE TABLE registry_notice (
          national_id  text NOT NULL CHECK (national_id ~ '^[0-9]{10}$'),
          number       text NOT NULL CHECK (number ~ '^[0-9]{6,20}$'),
          issued_on    text NOT NULL CHECK (issued_on ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
          authority    text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
          title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
          body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
          PRIMARY KEY (national_id, number)
        );

        CREATE TABLE registry_case (
          tracking_code  text PRIMARY KEY CHECK (tracking_code ~ '^[1-9][0-9]{15}$'),
          authority      text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
          stage          text NOT NULL CHECK (length(stage) BETWEEN 1 AND 200),
          last_action    text NOT NULL CHECK (length(last_action) BETWEEN 1 AND 500),
          on_day         text NOT NULL CHECK (on_day ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$')
        );

        ALTER TABLE inquiry_log DROP CONSTRAINT inquiry_log_kind_check;
        ALTER TABLE inquiry_log ADD CONSTRAINT inquiry_log_kind_check CHECK (kind IN ('identity', 'coverage', 'document', 'notification', 'caseStatus'));
        ALTER TABLE inquiry_log DROP CONSTRAINT inquiry_log_purpose_check;
        ALTER TABLE inquiry_log ADD CONSTRAINT inquiry_log_purpose_check
          CHECK (purpose IN ('identityVerification', 'feeExemption', 'documentAuthenticity', 'notificationView', 'caseFollowUp'));
      `);
    },
  },
  {
    version: 5,
    name: 'complaints',
    async up(q) {
      await execAll(q, `
        -- anonymous complaints (ماده ۲۰, central/complaints.ts): the X25519 keys the Center publishes for
        -- sealing them (the private key stays here, as the signing key does; the newest is published)
        CREATE TABLE complaint_key (
          key_id             text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
          private_key_pkcs8  text NOT NULL,
          public_key         text NOT NULL UNIQUE,
          published_at       timestamptz NOT NULL,
          signature          text NOT NULL
        );

        -- the complaints received, sealed; the day it came is all the Center keeps of when
        CREATE TABLE complaint (
          office_id    uuid NOT NULL REFERENCES office (id),
          id           text NOT NULL CHECK (id ~ '^[0-9a-f]{32}$'),
          key_id       text NOT NULL REFERENCES complaint_key (key_id),
          received_on  date NOT NULL,
          sealed       text NOT NULL,
          PRIMARY KEY (office_id, id)
        );
      `);
    },
  },
  {
    version: 6,
    name: 'statistics-requests',
    async up(q) {
      await execAll(q, `
        -- ماده ۳۵ ب: the central asks an office for its statistics of a period by a due instant; the
        -- office's package is stored once, late or not (body NULL until it arrives)
        CREATE TABLE statistics_request (
          seq          bigserial PRIMARY KEY,
          request_id   uuid NOT NULL UNIQUE,
          office_id    uuid NOT NULL REFERENCES office (id),
          period_from  text NOT NULL CHECK (period_from ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
          period_to    text NOT NULL CHECK (period_to ~ '^1[34][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND period_to >= period_from),
          due_at       timestamptz NOT NULL,
          created_at   timestamptz NOT NULL DEFAULT now(),
          body         jsonb,
          body_sha256  text,
          received_at  timestamptz,
          late         boolean,
          CHECK ((body IS NULL) = (received_at IS NULL) AND (body IS NULL) = (late IS NULL) AND (body IS NULL) = (body_sha256 IS NULL))
        );
        CREATE INDEX statistics_request_office ON statistics_request (office_id, seq);
      `);
    },
  },
];

/** Runs statements separated by «;» at line ends (PGlite's extended protocol takes one at a time). */
async function execAll(q: SqlQuery, ddl: string): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/)) {
    if (statement.replace(/--.*$/gm, '').trim()) await q.query(statement);
  }
}

/** Any constant will do; every central node uses the same one. */
const MIGRATION_LOCK = 0x44_41_46_54;

/**
 * Applies the pending migrations in one transaction under a transaction-scoped advisory lock, so
 * central nodes starting together apply each migration once: the others wait, then find nothing
 * to do. A database newer than this code is refused.
 */
export async function migrate(sql: Sql, migrations: readonly CentralMigration[] = centralMigrations): Promise<{ applied: number[] }> {
  return sql.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await q.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) throw new Error(`the database is at schema ${newest}, newer than this server (${known})`);
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await m.up(q);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return { applied };
  });
}
