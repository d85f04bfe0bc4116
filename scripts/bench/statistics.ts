/**
 * How long the statistics package and the compliance view take on a generated office
 * (test/support/fiveYearOffice.ts: 60,000 requests over the five years before the test clock, one
 * ticket and two paid parts each, 200,000 audit entries), and each of their reads alone:
 *
 *   npx tsx scripts/bench/statistics.ts [requests]
 *
 * One JSON line per figure: the median and the fastest of five runs after one to warm up. The office is
 * kept in the temp folder and reused by a later run with the same size. The generated audit chain does
 * not verify (its hashes are placeholders), so the compliance view's chain check stops at the first
 * entry here; on a real office it reads the whole trail (docs/AUDIT.md).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { migrate } from '../../db/migrate';
import * as reports from '../../db/reports';
import * as st from '../../db/statistics';
import { buildCompliance } from '../../hub/compliance/complianceService';
import { statisticsCsv, statisticsXlsx } from '../../hub/statistics/files';
import { buildStatistics } from '../../hub/statistics/statisticsPackage';
import { fiveYearOffice } from '../../test/support/fiveYearOffice';

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 60_000);
  const file = path.join(tmpdir(), `daftaryar-statistics-${requests}.sqlite`);
  const office = await fiveYearOffice(file, { requests, pagesPerRequest: 1, auditEntries: 200_000 }, (line) => console.error(`[statistics bench] ${line}`));
  const db = openDatabase(file, { key: office.key });
  migrate(db);
  const now = new Date('2026-11-28T06:30:00.000Z'); // the test clock: the office's five years end the day before
  const year = { from: '1404-09-01', to: '1405-08-30' };
  const yearPeriod = { startIso: '2025-11-21T20:30:00.000Z', endIso: '2026-11-21T20:30:00.000Z' };

  const measure = async (name: string, f: () => unknown): Promise<void> => {
    await f();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await f();
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    console.log(JSON.stringify({ bench: 'statistics', name, requests, medianMs: Math.round(runs[2]!), minMs: Math.round(runs[0]!) }));
  };

  await measure('package, one month (1405-08)', () => buildStatistics(db, '1405-08-01', '1405-08-30', now));
  await measure('package, one year (1404-09-01…1405-08-30)', () => buildStatistics(db, year.from, year.to, now));
  await measure('compliance view, one month', () => buildCompliance(db, '1405-08-01', '1405-08-30', now));
  const pkg = buildStatistics(db, year.from, year.to, now);
  await measure('CSV of the year', () => statisticsCsv(pkg));
  await measure('XLSX of the year', () => statisticsXlsx(pkg));
  // the year's reads alone
  await measure('read: services by service (db/reports)', () => reports.serviceFiguresByService(db, year.from, year.to));
  await measure('read: services total (db/reports)', () => reports.serviceFiguresTotal(db, year.from, year.to));
  await measure('read: ticket times', () => st.ticketTimes(db, year));
  await measure('read: out-of-turn calls', () => st.outOfTurnCalls(db, yearPeriod));
  await measure('read: refusals', () => st.closedRequests(db, year));
  await measure('read: free services', () => st.freeServices(db, year));
  await measure('read: deadline filings', () => st.deadlineFilings(db, year));
  db.close();
}

void main();
