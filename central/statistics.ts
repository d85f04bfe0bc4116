/**
 * Statistics requests (ماده ۳۵ ب): the central's staff ask an office for its statistics of a period by
 * a due instant; the office's hub pulls the requests by cursor and puts the package. A package that
 * arrives after the due instant is stored all the same, marked late: refusing it would hide the offence.
 */
import { canonicalJson, type StatisticsRequest } from '../core/sync/protocol';
import type { StatisticsPackage } from '../core/report/statistics';
import type { SqlQuery } from './sql';
import { sha256hex } from './signing';

export class StatisticsRefused extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'STATISTICS_CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

/** A new request to one office: its period of office days and its due instant. */
export async function requestStatistics(q: SqlQuery, r: { requestId: string; officeId: string; from: string; to: string; dueAt: Date }): Promise<StatisticsRequest> {
  const { rows } = await q.query<{ seq: string | number }>(
    'INSERT INTO statistics_request (request_id, office_id, period_from, period_to, due_at) VALUES ($1, $2, $3, $4, $5) RETURNING seq',
    [r.requestId, r.officeId, r.from, r.to, r.dueAt.toISOString()],
  );
  return { seq: Number(rows[0]!.seq), requestId: r.requestId, from: r.from, to: r.to, dueAt: r.dueAt.toISOString() };
}

/** The office's requests after the cursor, oldest first. */
export async function statisticsRequestsAfter(q: SqlQuery, officeId: string, after: number): Promise<StatisticsRequest[]> {
  const { rows } = await q.query<{ seq: string | number; request_id: string; period_from: string; period_to: string; due_at: Date | string }>(
    'SELECT seq, request_id, period_from, period_to, due_at FROM statistics_request WHERE office_id = $1 AND seq > $2 ORDER BY seq LIMIT 100',
    [officeId, after],
  );
  return rows.map((r) => ({ seq: Number(r.seq), requestId: r.request_id, from: r.period_from, to: r.period_to, dueAt: new Date(r.due_at).toISOString() }));
}

/**
 * Stores the package of a request of this office, once: the same package again is a replay (the
 * first answer), another package or another period STATISTICS_CONFLICT, another office's request NOT_FOUND.
 */
export async function storeStatistics(
  q: SqlQuery,
  officeId: string,
  requestId: string,
  pkg: StatisticsPackage,
  now: Date,
): Promise<{ receivedAt: string; late: boolean; created: boolean }> {
  const { rows } = await q.query<{ period_from: string; period_to: string; due_at: Date | string; received_at: Date | string | null; body_sha256: string | null; late: boolean | null }>(
    'SELECT period_from, period_to, due_at, received_at, body_sha256, late FROM statistics_request WHERE office_id = $1 AND request_id = $2 FOR UPDATE',
    [officeId, requestId],
  );
  const req = rows[0];
  if (!req) throw new StatisticsRefused('NOT_FOUND', 'no such statistics request for this office');
  if (pkg.from !== req.period_from || pkg.to !== req.period_to) throw new StatisticsRefused('STATISTICS_CONFLICT', `the package is for ${pkg.from}…${pkg.to}, the request for ${req.period_from}…${req.period_to}`);
  const text = canonicalJson(pkg);
  const digest = sha256hex(Buffer.from(text, 'utf8'));
  if (req.received_at !== null) {
    if (req.body_sha256 !== digest) throw new StatisticsRefused('STATISTICS_CONFLICT', 'this request was already answered with another package');
    return { receivedAt: new Date(req.received_at).toISOString(), late: req.late === true, created: false };
  }
  const late = now.getTime() > new Date(req.due_at).getTime();
  await q.query('UPDATE statistics_request SET body = $3, body_sha256 = $4, received_at = $5, late = $6 WHERE office_id = $1 AND request_id = $2', [
    officeId,
    requestId,
    text,
    digest,
    now.toISOString(),
    late,
  ]);
  return { receivedAt: now.toISOString(), late, created: true };
}
