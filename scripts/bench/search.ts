/**
 * `npm run bench -- search`: «جستجوی درخواست» on a generated five-year office (test/support/fiveYearOffice.ts:
 * 300,000 requests, 3,000,000 page rows, 2,000,000 audit entries; BENCH_SEARCH_REQUESTS scales it,
 * pages and audit entries in proportion). The file is kept (BENCH_SEARCH_DB, default in the temp
 * folder) and reused by the next run with the same size.
 *
 * Every figure is a call through the hub's real dispatch (session, access, zod in and out, the search,
 * masking, the audit entry and its group commit with synchronous=FULL on the encrypted file): what a
 * clerk waits for, from the call to the answer, minus the network. Per kind, BENCH_SEARCH_N (200)
 * searches for values spread over the five years; `screen_open` is `search.open` (the found request's
 * detail view: the whole request, its payments, receipts, submission and decision) for found requests.
 * The peer: `health` through the same dispatch — public, writes nothing — so `floor_call_p95_ms` is
 * what any call costs here before its own work.
 */
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import type { ProcedureInput } from '../../core/api/contract';
import { FIVE_YEARS, fiveYearOffice, officeCounts, searchSamples } from '../../test/support/fiveYearOffice';
import { manager, testHub } from '../../test/support/hub';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 100) / 100;
}

export async function benchSearch(): Promise<object> {
  const requests = Number(process.env.BENCH_SEARCH_REQUESTS ?? FIVE_YEARS.requests);
  const scale = requests / FIVE_YEARS.requests;
  const options = { requests, pagesPerRequest: FIVE_YEARS.pagesPerRequest, auditEntries: Math.round(FIVE_YEARS.auditEntries * scale) };
  const file = process.env.BENCH_SEARCH_DB ?? path.join(tmpdir(), `daftaryar-search-${requests}.sqlite`);
  const N = Number(process.env.BENCH_SEARCH_N ?? 200);
  const office = await fiveYearOffice(file, options, (line) => console.error(`[search bench] ${line}`));

  const t = testHub({ db: openDatabase(file, { key: office.key }) });
  try {
    const session = (await t.ok('auth.login', { username: manager.username, password: manager.password })).session;
    const counts = officeCounts(t.db);
    const samples = searchSamples(t.db, N);
    const queries: Record<string, ProcedureInput<'search.requests'>['query'][]> = {
      trackingCode: samples.requests.filter((r) => r.trackingCode).map((r) => ({ kind: 'trackingCode', text: r.trackingCode! })),
      requestNumber: samples.requests.map((r) => ({ kind: 'requestNumber', text: `${r.year}/${r.number}` })),
      receiptNumber: samples.requests.filter((r) => r.receipt).map((r) => ({ kind: 'receiptNumber', text: r.receipt! })),
      nationalId: samples.requests.filter((r) => r.identityKey.startsWith('n:')).map((r) => ({ kind: 'nationalId', text: r.identityKey.slice(2) })),
      legalId: samples.legalIds.map((id) => ({ kind: 'legalId', text: id })),
      // a last name, or a first and last name: the common ones match thousands of people
      name: samples.requests.map((r, i) => {
        const a = JSON.parse(r.data) as { kind: string; firstName?: string; lastName?: string; name?: string };
        const text = a.kind === 'legalEntity' ? a.name! : i % 2 === 0 ? `${a.firstName} ${a.lastName}` : a.lastName!;
        return { kind: 'name', text };
      }),
      // one day, or a month
      dateRange: samples.requests.map((r, i) => ({ kind: 'dateRange', from: i % 2 === 0 ? r.officeDay : `${r.officeDay.slice(0, 8)}01`, to: r.officeDay })),
    };

    const perKind: Record<string, number> = {};
    const all: number[] = [];
    const found: Record<string, number> = {};
    for (const [kind, list] of Object.entries(queries)) {
      const times: number[] = [];
      let hits = 0;
      for (const query of list.slice(0, N)) {
        const t0 = performance.now();
        const out = await t.ok('search.requests', { query }, session);
        times.push(performance.now() - t0);
        if (out.results.length > 0) hits += 1;
      }
      perKind[`search_${kind}_p95_ms`] = percentile(times, 95);
      found[kind] = Math.round((hits / Math.max(1, times.length)) * 100) / 100;
      all.push(...times);
    }

    const opens: number[] = [];
    for (const r of samples.requests.slice(0, N)) {
      const t0 = performance.now();
      await t.ok('search.open', { requestId: r.id, purpose: 'statusQuestion', note: '' }, session);
      opens.push(performance.now() - t0);
    }
    const floor: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await t.ok('health', {});
      floor.push(performance.now() - t0);
    }
    return {
      bench: 'search',
      ...counts,
      reused_office: office.reused,
      generate_s: office.generateSeconds,
      searches_per_kind: N,
      search_p50_ms: percentile(all, 50),
      search_p95_ms: percentile(all, 95),
      ...perKind,
      screen_open_p50_ms: percentile(opens, 50),
      screen_open_p95_ms: percentile(opens, 95),
      floor_call_p95_ms: percentile(floor, 95),
      found_share: found,
      loadavg_1m: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    t.close();
  }
}
