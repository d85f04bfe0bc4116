/**
 * `npm run central` — the reference central server and its admin commands.
 *
 *   npm run central [-- --host 127.0.0.1 --port 8787 --data ./central-data]
 *   npm run central -- office add --code 12345 --name "دفتر ۱۲۳۴۵"
 *   npm run central -- enroll-code --office-code 12345 [--ttl-hours 24]
 *   npm run central -- decide <submissionId> accepted|returned [--reason "..."]
 *   npm run central -- tariff publish <table.json>
 *   npm run central -- revoke <deviceId>
 *   npm run central -- openapi
 *
 * The database is PostgreSQL when DATABASE_URL is set, PGlite in --data otherwise. PGlite is one
 * process's database: stop the server before running an admin command against the same folder.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createOffice, decide, issueEnrollmentCode, officeByCode, publishTariff, revokeDevice, submissionOffice } from './admin';
import { createCentralApp } from './app';
import { migrate } from './migrations';
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
    default:
      usage(`unknown command ${command}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
