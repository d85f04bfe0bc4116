import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { normalizeNationalId } from '../core/identity/nationalId';
import { isJalaliDay } from '../core/format/jalaliDay';
import { canonicalJson, documentCode, signedTariffTable, type SignedTariffTable } from '../core/sync/protocol';
import type { Sql } from './sql';
import { loadServerKey, sha256hex, signUtf8 } from './signing';

/** What the judiciary's staff do on the central: the CLI (main.ts) and the tests call these. */

export interface Office {
  id: string;
  code: string;
  name: string;
}

export async function createOffice(sql: Sql, office: { code: string; name: string }): Promise<Office> {
  const id = randomUUID();
  await sql.query('INSERT INTO office (id, code, name) VALUES ($1, $2, $3)', [id, office.code, office.name]);
  return { id, ...office };
}

export async function officeByCode(sql: Sql, code: string): Promise<Office | null> {
  const { rows } = await sql.query<Office>('SELECT id, code, name FROM office WHERE code = $1', [code]);
  return rows[0] ?? null;
}

/** No 0/O or 1/I: the code is read off a screen and typed in. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A fresh one-time code, `ABCD-EFGH-JKLM` (60 random bits); only its sha256 is stored. */
export function newEnrollmentCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export function enrollmentCodeHash(code: string): string {
  return sha256hex(`daftaryar-enrollment:${code}`);
}

export async function issueEnrollmentCode(
  sql: Sql,
  officeId: string,
  ttlMs = 24 * 3_600_000,
  now: Date = new Date(),
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrollmentCode();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await sql.query('INSERT INTO enrollment_code (code_sha256, office_id, expires_at) VALUES ($1, $2, $3)', [enrollmentCodeHash(code), officeId, expiresAt]);
  return { code, expiresAt };
}

/** Refuses every later request of the device; true when it was enrolled and not yet revoked. */
export async function revokeDevice(sql: Sql, deviceId: string, now: Date = new Date()): Promise<boolean> {
  const { rows } = await sql.query<{ id: string }>('UPDATE device SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
    deviceId,
    now.toISOString(),
  ]);
  return rows.length === 1;
}

export async function submissionOffice(sql: Sql, submissionId: string): Promise<string | null> {
  const { rows } = await sql.query<{ office_id: string }>('SELECT office_id FROM submission WHERE submission_id = $1', [submissionId]);
  return rows[0]?.office_id ?? null;
}

/** The authority's decision on a submission, appended to the office's status feed; its seq. */
export async function decide(
  sql: Sql,
  officeId: string,
  submissionId: string,
  status: 'accepted' | 'returned',
  reason: string | null = null,
  now: Date = new Date(),
): Promise<number> {
  const { rows } = await sql.query<{ seq: string | number }>(
    `INSERT INTO status_update (office_id, submission_id, status, reason, at)
     SELECT office_id, submission_id, $3, $4, $5 FROM submission WHERE office_id = $1 AND submission_id = $2
     RETURNING seq`,
    [officeId, submissionId, status, status === 'accepted' ? null : reason, now.toISOString()],
  );
  if (rows.length === 0) throw new Error(`no submission ${submissionId} of office ${officeId}`);
  return Number(rows[0]!.seq);
}

/** Signs and stores a tariff table as the next version; every hub pulls it. */
export async function publishTariff(sql: Sql, table: unknown, now: Date = new Date()): Promise<SignedTariffTable> {
  const parsed = signedTariffTable.shape.table.parse(table);
  return sql.tx(async (q) => {
    const key = await loadServerKey(q);
    const { rows } = await q.query<{ version: string | number }>(`SELECT nextval(pg_get_serial_sequence('tariff', 'version')) AS version`);
    const version = Number(rows[0]!.version);
    const publishedAt = now.toISOString();
    const signature = signUtf8(key.privateKey, canonicalJson({ version, table: parsed, publishedAt }));
    await q.query('INSERT INTO tariff (version, body, published_at, signature) VALUES ($1, $2, $3, $4)', [version, JSON.stringify(parsed), publishedAt, signature]);
    return { version, table: parsed, publishedAt, signature };
  });
}

// ---------------------------------------------------------------------------------------------
// Registries: the stand-ins for the civil registry, the coverage bodies and the document registry
// that inquiries are answered from (docs/SYNC-PROTOCOL.md, «Inquiries»)

/** A national id with a valid check digit: the civil registry holds no other. */
const registryNationalId = z.string().refine((v) => normalizeNationalId(v) === v, { message: 'invalid_national_id' });
/** A real Jalali day written «1403-05-12», the registries' form. */
const registryDay = z.string().refine((v) => /^1[34]/.test(v) && isJalaliDay(v), { message: 'invalid_jalali_day' });
const registryName = z.string().trim().min(1).max(80);

export const registryPersonRow = z
  .object({ nationalId: registryNationalId, firstName: registryName, lastName: registryName, fatherName: registryName, birthDate: registryDay, alive: z.boolean() })
  .strict();
export type RegistryPersonRow = z.infer<typeof registryPersonRow>;

export const registryCoverageRow = z
  .object({
    nationalId: registryNationalId,
    category: z.enum(['reliefCommittee', 'welfarePensioner', 'indigentPrisoner']),
    reference: z.string().trim().min(1).max(40),
    validUntil: registryDay,
  })
  .strict();
export type RegistryCoverageRow = z.infer<typeof registryCoverageRow>;

export const registryDocumentRow = z
  .object({ code: documentCode, title: z.string().trim().min(1).max(200), issuer: z.string().trim().min(1).max(200), issuedOn: registryDay, valid: z.boolean() })
  .strict();
export type RegistryDocumentRow = z.infer<typeof registryDocumentRow>;

/** Adds a person to the civil registry, or corrects the one with that national id. */
export async function addRegistryPerson(sql: Sql, row: RegistryPersonRow): Promise<RegistryPersonRow> {
  const p = registryPersonRow.parse(row);
  await sql.query(
    `INSERT INTO registry_person (national_id, first_name, last_name, father_name, birth_date, alive) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (national_id) DO UPDATE SET first_name = $2, last_name = $3, father_name = $4, birth_date = $5, alive = $6`,
    [p.nationalId, p.firstName, p.lastName, p.fatherName, p.birthDate, p.alive],
  );
  return p;
}

/** Records a coverage (one person may have several); the same reference again moves its end. */
export async function addRegistryCoverage(sql: Sql, row: RegistryCoverageRow): Promise<RegistryCoverageRow> {
  const c = registryCoverageRow.parse(row);
  await sql.query(
    `INSERT INTO registry_coverage (national_id, category, reference, valid_until) VALUES ($1, $2, $3, $4)
     ON CONFLICT (national_id, category, reference) DO UPDATE SET valid_until = $4`,
    [c.nationalId, c.category, c.reference, c.validUntil],
  );
  return c;
}

/** Registers a document by its unique code, or corrects it (e.g. marks it revoked: valid false). */
export async function addRegistryDocument(sql: Sql, row: RegistryDocumentRow): Promise<RegistryDocumentRow> {
  const d = registryDocumentRow.parse(row);
  await sql.query(
    `INSERT INTO registry_document (code, title, issuer, issued_on, valid) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO UPDATE SET title = $2, issuer = $3, issued_on = $4, valid = $5`,
    [d.code, d.title, d.issuer, d.issuedOn, d.valid],
  );
  return d;
}

export const registryNoticeRow = z
  .object({
    nationalId: registryNationalId,
    number: z.string().regex(/^[0-9]{6,20}$/),
    issuedOn: registryDay,
    authority: z.string().trim().min(1).max(200),
    title: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(4000),
  })
  .strict();
export type RegistryNoticeRow = z.infer<typeof registryNoticeRow>;

/** Issues a notification to a person (or corrects the one with that number). */
export async function addRegistryNotice(sql: Sql, row: RegistryNoticeRow): Promise<RegistryNoticeRow> {
  const n = registryNoticeRow.parse(row);
  await sql.query(
    `INSERT INTO registry_notice (national_id, number, issued_on, authority, title, body) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (national_id, number) DO UPDATE SET issued_on = $3, authority = $4, title = $5, body = $6`,
    [n.nationalId, n.number, n.issuedOn, n.authority, n.title, n.text],
  );
  return n;
}

export const registryCaseRow = z
  .object({
    trackingCode: z.string().regex(/^[1-9][0-9]{15}$/),
    authority: z.string().trim().min(1).max(200),
    stage: z.string().trim().min(1).max(200),
    lastAction: z.string().trim().min(1).max(500),
    on: registryDay,
  })
  .strict();
export type RegistryCaseRow = z.infer<typeof registryCaseRow>;

/** Records where a filing stands at its authority (or moves it on). */
export async function addRegistryCase(sql: Sql, row: RegistryCaseRow): Promise<RegistryCaseRow> {
  const c = registryCaseRow.parse(row);
  await sql.query(
    `INSERT INTO registry_case (tracking_code, authority, stage, last_action, on_day) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tracking_code) DO UPDATE SET authority = $2, stage = $3, last_action = $4, on_day = $5`,
    [c.trackingCode, c.authority, c.stage, c.lastAction, c.on],
  );
  return c;
}
