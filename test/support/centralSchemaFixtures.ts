/**
 * The reference central's database at every past schema version (test/fixtures/central-schemas/
 * vNNNN.json), as test/support/schemaFixtures.ts is for the office's: written by
 * `npm run fixtures:schemas`, frozen once committed, upgraded by test/unit/centralSchemasEveryVersion.test.ts
 * with the central's own `migrate`.
 *
 * A fixture is the list of SQL statements that made it — every statement migrations 1..v ran, as
 * they ran then (so a migration edited later in place is caught against what databases already
 * have), the `schema_migrations` rows, and each step's rows — replayed into an empty PostgreSQL
 * (PGlite in the tests, a real server where one is given). `centralRowsAfter[k]`: the rows put in
 * once the database is at version k; every migration has one.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { centralMigrations } from '../../central/migrations';
import { pgliteSql, type SqlQuery } from '../../central/sql';

export const CENTRAL_FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'central-schemas');

export function centralFixtureFile(version: number): string {
  return path.join(CENTRAL_FIXTURE_DIR, `v${String(version).padStart(4, '0')}.json`);
}

export const centralFixture = z.object({ version: z.number().int().positive(), statements: z.array(z.string().min(1)) }).strict();

const OFFICE = '0b0e7a55-0000-4000-8000-000000000001';
const DEVICE = '0b0e7a55-0000-4000-8000-000000000002';
const SUBMISSION = '0b0e7a55-0000-4000-8000-000000000003';
const SHA = 'ab'.repeat(32);

export const centralRowsAfter: Readonly<Record<number, readonly string[]>> = {
  1: [
    `INSERT INTO office (id, code, name) VALUES ('${OFFICE}', '1234', 'دفتر خدمات قضایی ۱۲۳۴')`,
    `INSERT INTO enrollment_code (code_sha256, office_id, expires_at, used_at, device_id) VALUES ('${SHA}', '${OFFICE}', '2026-01-10T08:00:00Z', '2026-01-10T07:00:00Z', '${DEVICE}')`,
    `INSERT INTO device (office_id, id, public_key, name, software_version, enrolled_at) VALUES ('${OFFICE}', '${DEVICE}', 'MCowBQYDK2VwAyEA${'A'.repeat(43)}', 'سرور دفتر', '0.1.0', '2026-01-10T07:00:00Z')`,
    `INSERT INTO blob (office_id, sha256, bytes, data, stored_at) VALUES ('${OFFICE}', '${SHA}', 4, '\\x01020304', '2026-01-10T07:10:00Z')`,
    `INSERT INTO submission (office_id, submission_id, device_id, manifest, manifest_sha256, tracking_code, pages, deadline, received_at, receipt, receipt_signature)
     VALUES ('${OFFICE}', '${SUBMISSION}', '${DEVICE}', '{"pages": 1}', '${SHA}', '1404000000000123', 1, NULL, '2026-01-10T07:10:00Z', '{"trackingCode": "1404000000000123"}', 'sig')`,
    `INSERT INTO status_update (office_id, submission_id, status, reason, at) VALUES ('${OFFICE}', '${SUBMISSION}', 'returned', 'پیوست ناخوانا', '2026-01-11T07:00:00Z')`,
    `INSERT INTO tariff (body, published_at, signature) VALUES ('{"tables": []}', '2026-01-01T00:00:00Z', 'sig')`,
    `INSERT INTO server_key (id, private_key_pkcs8, public_key, created_at) VALUES (1, 'private', 'public', '2026-01-01T00:00:00Z')`,
  ],
  2: [
    `INSERT INTO registry_person (national_id, first_name, last_name, father_name, birth_date, alive) VALUES ('0499370899', 'علی', 'رضایی', 'حسن', '1360-05-12', true)`,
    `INSERT INTO registry_coverage (national_id, category, reference, valid_until) VALUES ('0499370899', 'reliefCommittee', 'R-1', '1406-12-29')`,
    `INSERT INTO registry_document (code, title, issuer, issued_on, valid) VALUES ('140402151234567890', 'سند', 'دفترخانه', '1404-02-15', true)`,
    `INSERT INTO inquiry_log (office_id, inquiry_id, device_id, request_id, kind, purpose, subject, body_sha256, asked_at, answer)
     VALUES ('${OFFICE}', '0b0e7a55-0000-4000-8000-000000000004', '${DEVICE}', '0b0e7a55-0000-4000-8000-000000000005', 'identity', 'identityVerification', '0499370899', '${SHA}', '2026-01-10T07:05:00Z', '{"found": true}')`,
  ],
  3: [
    `INSERT INTO supplement (office_id, supplement_id, submission_id, answers_seq, device_id, manifest, manifest_sha256, tracking_code, pages, received_at, receipt, receipt_signature)
     SELECT '${OFFICE}', '0b0e7a55-0000-4000-8000-000000000006', '${SUBMISSION}', seq, '${DEVICE}', '{"pages": 1}', '${SHA}', '1404000000000456', 1, '2026-01-12T07:00:00Z', '{}', 'sig' FROM status_update LIMIT 1`,
  ],
  4: [
    `INSERT INTO registry_notice (national_id, number, issued_on, authority, title, body) VALUES ('0499370899', '140400001', '1404-09-01', 'دادگاه', 'ابلاغیه', 'متن ابلاغیه')`,
    `INSERT INTO registry_case (tracking_code, authority, stage, last_action, on_day) VALUES ('1404000000000123', 'دادگاه', 'رسیدگی', 'تعیین وقت', '1404-09-10')`,
    `INSERT INTO inquiry_log (office_id, inquiry_id, device_id, request_id, kind, purpose, subject, body_sha256, asked_at, answer)
     VALUES ('${OFFICE}', '0b0e7a55-0000-4000-8000-000000000007', '${DEVICE}', '0b0e7a55-0000-4000-8000-000000000005', 'caseStatus', 'caseFollowUp', '1404000000000123', '${SHA}', '2026-01-13T07:05:00Z', '{}')`,
  ],
  5: [
    `INSERT INTO complaint_key (key_id, private_key_pkcs8, public_key, published_at, signature) VALUES ('0123456789abcdef', 'private', 'MCowBQYDK2VuAyEA${'B'.repeat(43)}', '2026-01-01T00:00:00Z', 'sig')`,
    `INSERT INTO complaint (office_id, id, key_id, received_on, sealed) VALUES ('${OFFICE}', '${'0a'.repeat(16)}', '0123456789abcdef', '2026-01-10', '{"v":1,"sealed":"c2VhbGVk"}')`,
  ],
  6: [
    `INSERT INTO statistics_request (request_id, office_id, period_from, period_to, due_at, created_at, body, body_sha256, received_at, late)
     VALUES ('0b0e7a55-0000-4000-8000-000000000008', '${OFFICE}', '1404-09-01', '1404-09-30', '2026-01-12T20:30:00Z', '2026-01-10T07:00:00Z', '{"tickets": 3}', '${SHA}', '2026-01-11T07:00:00Z', false)`,
    `INSERT INTO statistics_request (request_id, office_id, period_from, period_to, due_at, created_at) VALUES ('0b0e7a55-0000-4000-8000-000000000009', '${OFFICE}', '1404-10-01', '1404-10-30', '2026-02-12T20:30:00Z', '2026-01-13T07:00:00Z')`,
  ],
};

/** Builds the fixture of `version` (in PGlite) and writes it; the file must not exist. */
export async function buildCentralFixture(version: number): Promise<string> {
  const file = centralFixtureFile(version);
  if (existsSync(file)) throw new Error(`${file} exists: fixtures are frozen`);
  const sql = await pgliteSql();
  const statements: string[] = [];
  try {
    await sql.tx(async (q) => {
      const recorder: SqlQuery = {
        async query<T>(text: string, params?: unknown[]) {
          if (params && params.length > 0) throw new Error('a migration statement with parameters cannot be frozen as text');
          statements.push(text.trim());
          return q.query<T>(text);
        },
      };
      await recorder.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const m of centralMigrations.filter((x) => x.version <= version)) {
        await m.up(recorder);
        await recorder.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, '${m.name}', '2026-01-01T00:00:00Z')`);
        const rows = centralRowsAfter[m.version];
        if (!rows) throw new Error(`no rows step for central migration ${m.version} in test/support/centralSchemaFixtures.ts`);
        for (const r of rows) await recorder.query(r);
      }
    });
  } finally {
    await sql.close();
  }
  writeFileSync(file, `${JSON.stringify({ version, statements }, null, 1)}\n`);
  return file;
}
