/**
 * `npm run central` — the reference central server and its admin commands.
 *
 *   npm run central [-- --host 127.0.0.1 --port 8787 --data ./central-data]
 *   npm run central -- office add --code 12345 --name "دفتر ۱۲۳۴۵"
 *   npm run central -- enroll-code --office-code 12345 [--ttl-hours 24]
 *   npm run central -- decide <submissionId> accepted|returned [--reason "..."]
 *   npm run central -- tariff publish <table.json>
 *   npm run central -- statistics request --office-code 12345 --from 1405-08-01 --to 1405-08-30 --due 2026-12-10T20:30:00Z
 *   npm run central -- revoke <deviceId>
 *   npm run central -- registry person add --national-id 0499370899 --first-name مریم --last-name احمدی
 *                        --father-name حسن --birth-date 1362-04-12 [--dead]
 *   npm run central -- registry coverage add --national-id 0076229645 --category reliefCommittee|welfarePensioner|indigentPrisoner
 *                        --reference KMK-58213 --valid-until 1406-12-29
 *   npm run central -- registry document add --code 140402151234567890 --title "سند رسمی" --issuer "دفترخانهٔ …"
 *                        --issued-on 1404-02-15 [--revoked]
 *   npm run central -- openapi
 *
 * The database is PostgreSQL when DATABASE_URL is set, PGlite in --data otherwise. PGlite is one
 * process's database: stop the server before running an admin command against the same folder.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  addRegistryCoverage,
  addRegistryDocument,
  addRegistryPerson,
  createOffice,
  decide,
  issueEnrollmentCode,
  officeByCode,
  publishTariff,
  registryCoverageRow,
  registryDocumentRow,
  registryPersonRow,
  revokeDevice,
  submissionOffice,
} from './admin';
import { createCentralApp } from './app';
import { migrate } from './migrations';
import { requestStatistics } from './statistics';
import { statisticsRequest } from '../core/sync/protocol';
import { openApiDocument } from './openapi';
import { pgSql, pgliteSql, type Sql } from './sql';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8787' },
    data: { type: 'string', default: './central-data' },
    code: { type: 'string' },
    name: { type: 'string' },
    'office-code': { type: 'string' },
    'ttl-hours': { type: 'string', default: '24' },
    reason: { type: 'string' },
    // registry rows (Jalali days as 1403-05-12)
    'national-id': { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    'father-name': { type: 'string' },
    'birth-date': { type: 'string' },
    dead: { type: 'boolean', default: false },
    category: { type: 'string' },
    reference: { type: 'string' },
    'valid-until': { type: 'string' },
    title: { type: 'string' },
    issuer: { type: 'string' },
    'issued-on': { type: 'string' },
    revoked: { type: 'boolean', default: false },
    // a statistics request (ماده ۳۵ ب): office days and the due instant
    from: { type: 'string' },
    to: { type: 'string' },
    due: { type: 'string' },
  },
});

function usage(message: string): never {
  console.error(`central: ${message}\nsee the top of central/main.ts for the commands`);
  process.exit(2);
}

async function openDatabase(): Promise<Sql> {
  const url = process.env.DATABASE_URL;
  return url ? pgSql(url) : pgliteSql(flags.data);
}

async function serve(): Promise<void> {
  const sql = await openDatabase();
  const app = await createCentralApp({ sql, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`central: ${signal}, finishing requests in flight`);
    await app.close();
    await sql.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ host: flags.host, port: Number(flags.port) });
}

async function admin(run: (sql: Sql) => Promise<void>): Promise<void> {
  const sql = await openDatabase();
  try {
    await migrate(sql);
    await run(sql);
  } finally {
    await sql.close();
  }
}

/** The flags as a registry row, or a usage line naming what is wrong. */
function registryArgs<T>(schema: z.ZodType<T>, args: Record<string, unknown>, line: string): T {
  const result = schema.safeParse(args);
  if (!result.success) usage(`${line}\n  ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  return result.data;
}

async function registry(kind: string | undefined, action: string | undefined): Promise<void> {
  if (action !== 'add') usage('registry person|coverage|document add …');
  switch (kind) {
    case 'person': {
      const row = registryArgs(
        registryPersonRow,
        { nationalId: flags['national-id'], firstName: flags['first-name'], lastName: flags['last-name'], fatherName: flags['father-name'], birthDate: flags['birth-date'], alive: !flags.dead },
        'registry person add --national-id <10 digits> --first-name … --last-name … --father-name … --birth-date 1362-04-12 [--dead]',
      );
      return admin(async (sql) => {
        await addRegistryPerson(sql, row);
        console.log(`registry: person ${row.nationalId} (${row.firstName} ${row.lastName}) recorded`);
      });
    }
    case 'coverage': {
      const row = registryArgs(
        registryCoverageRow,
        { nationalId: flags['national-id'], category: flags.category, reference: flags.reference, validUntil: flags['valid-until'] },
        'registry coverage add --national-id <10 digits> --category reliefCommittee|welfarePensioner|indigentPrisoner --reference … --valid-until 1406-12-29',
      );
      return admin(async (sql) => {
        await addRegistryCoverage(sql, row);
        console.log(`registry: ${row.category} coverage ${row.reference} of ${row.nationalId} valid until ${row.validUntil}`);
      });
    }
    case 'document': {
      const row = registryArgs(
        registryDocumentRow,
        { code: flags.code, title: flags.title, issuer: flags.issuer, issuedOn: flags['issued-on'], valid: !flags.revoked },
        'registry document add --code <6–40 of 0-9 A-Z a-z -> --title … --issuer … --issued-on 1404-02-15 [--revoked]',
      );
      return admin(async (sql) => {
        await addRegistryDocument(sql, row);
        console.log(`registry: document ${row.code} recorded (${row.valid ? 'valid' : 'revoked'})`);
      });
    }
    default:
      usage('registry person|coverage|document add …');
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = positionals;
  switch (command) {
    case undefined:
    case 'serve':
      return serve();
    case 'openapi':
      console.log(JSON.stringify(openApiDocument(), null, 2));
      return;
    case 'office':
      if (rest[0] !== 'add' || !flags.code || !flags.name) usage('office add --code <digits> --name <name>');
      return admin(async (sql) => {
        const office = await createOffice(sql, { code: flags.code!, name: flags.name! });
        console.log(`office ${office.code} created: ${office.id}`);
      });
    case 'enroll-code':
      if (!flags['office-code']) usage('enroll-code --office-code <digits>');
      return admin(async (sql) => {
        const office = await officeByCode(sql, flags['office-code']!);
        if (!office) usage(`no office with code ${flags['office-code']}`);
        const { code, expiresAt } = await issueEnrollmentCode(sql, office.id, Number(flags['ttl-hours']) * 3_600_000);
        console.log(`${code}\n(one-time, for office ${office.code}, valid until ${expiresAt})`);
      });
    case 'decide': {
      const [submissionId, status] = rest;
      if (!submissionId || (status !== 'accepted' && status !== 'returned')) usage('decide <submissionId> accepted|returned [--reason ...]');
      return admin(async (sql) => {
        const officeId = await submissionOffice(sql, submissionId);
        if (!officeId) usage(`no submission ${submissionId}`);
        const seq = await decide(sql, officeId, submissionId, status, flags.reason ?? null);
        console.log(`submission ${submissionId}: ${status} (status update ${seq})`);
      });
    }
    case 'statistics': {
      if (rest[0] !== 'request' || !flags['office-code'] || !flags.from || !flags.to || !flags.due) usage('statistics request --office-code <digits> --from <1405-08-01> --to <1405-08-30> --due <UTC instant>');
      const parsed = statisticsRequest.safeParse({ seq: 1, requestId: randomUUID(), from: flags.from, to: flags.to, dueAt: new Date(flags.due).toISOString() });
      if (!parsed.success) usage('the period must be Jalali office days in order and the due a UTC instant');
      return admin(async (sql) => {
        const office = await officeByCode(sql, flags['office-code']!);
        if (!office) usage(`no office with code ${flags['office-code']}`);
        const r = await requestStatistics(sql, { requestId: parsed.data.requestId, officeId: office.id, from: parsed.data.from, to: parsed.data.to, dueAt: new Date(parsed.data.dueAt) });
        console.log(`statistics request ${r.requestId} for office ${office.code}: ${r.from}…${r.to}, due ${r.dueAt}`);
      });
    }
    case 'tariff': {
      if (rest[0] !== 'publish' || !rest[1]) usage('tariff publish <table.json>');
      const table: unknown = JSON.parse(readFileSync(rest[1], 'utf8'));
      return admin(async (sql) => {
        const published = await publishTariff(sql, table);
        console.log(`tariff ${published.table.id} published as version ${published.version}`);
      });
    }
    case 'revoke':
      if (!rest[0]) usage('revoke <deviceId>');
      return admin(async (sql) => {
        console.log((await revokeDevice(sql, rest[0]!)) ? `device ${rest[0]} revoked` : `no active device ${rest[0]}`);
      });
    case 'registry':
      return registry(rest[0], rest[1]);
    default:
      usage(`unknown command ${command}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
