/**
 * Satisfaction (ماده ۱۸): the applicant rates a served ticket once, within RATING_WINDOW_MINUTES after
 * its service ended — on the screen facing them at that counter (until the counter calls the next
 * person, whose screen it then is), or at the kiosk by the ticket's printed number the same day.
 * The manager sees sums only (db/ratings.ts has no read of one answer).
 */
import type { RatingSummary, RatingTally } from '../../core/api/rating';
import { DomainError } from '../../core/errors';
import { RATING_MAX, RATING_WINDOW_MINUTES, ratingReasonProblem, ratingReasons, type RatingPlace, type RatingReason } from '../../core/feedback/rating';
import { officeDay } from '../../core/format/jalaliDay';
import { formatTicketNumber } from '../../core/queue/ticketNumber';
import * as q from '../../db/queue';
import * as r from '../../db/ratings';
import type { Database } from '../../db/sqlite';
import { rangePeriod } from '../report/days';

export interface Ratable {
  ticketId: string;
  display: string;
  serviceName: string;
  windowMinutes: typeof RATING_WINDOW_MINUTES;
}

export interface RatingAnswer {
  score: number;
  reason?: { code: RatingReason; text?: string | undefined } | undefined;
}

const windowStart = (now: Date) => new Date(now.getTime() - RATING_WINDOW_MINUTES * 60_000).toISOString();
const notAvailable = (why: string) => new DomainError('RATING_NOT_AVAILABLE', why);
const ratable = (t: r.FinishedTicket): Ratable => ({ ticketId: t.ticketId, display: formatTicketNumber(t.prefix, t.number), serviceName: t.serviceName, windowMinutes: RATING_WINDOW_MINUTES });

/** The ticket the applicant screen of this counter may rate now: the last one it finished, while no one else is at the counter. */
function screenTicket(db: Database, now: Date, counterId: number): r.FinishedTicket | null {
  if (q.ticketAtCounter(db, counterId)) return null; // the next person is at the counter now: the screen is theirs
  const t = r.lastFinishedAtCounter(db, counterId, windowStart(now));
  return t && !r.isRated(db, t.ticketId) ? t : null;
}

export function pendingAtScreen(db: Database, now: Date, counterId: number): Ratable | null {
  const t = screenTicket(db, now, counterId);
  return t ? ratable(t) : null;
}

/** Today's ticket by its printed number, if its service ended within the window and it is not rated. */
export function findAtKiosk(db: Database, now: Date, prefix: string, number: number): Ratable {
  const id = r.ticketIdByNumber(db, officeDay(now), prefix, number);
  const t = id ? r.finishedTicket(db, id) : null;
  if (!t || t.finishedAt < windowStart(now)) throw notAvailable('no ticket of that number was served within the window today');
  if (r.isRated(db, t.ticketId)) throw new DomainError('RATING_ALREADY_GIVEN', 'this ticket was rated already');
  return ratable(t);
}

function checkAnswer(a: RatingAnswer): void {
  const problem = ratingReasonProblem(a.score, a.reason ?? null);
  if (problem) throw new DomainError('RATING_REASON_INVALID', `the score and the reason do not go together: ${problem}`, { fields: [{ path: 'reason', reason: problem }] });
}

function store(db: Database, t: r.FinishedTicket, a: RatingAnswer, answeredOn: RatingPlace): void {
  if (r.isRated(db, t.ticketId)) throw new DomainError('RATING_ALREADY_GIVEN', 'this ticket was rated already');
  r.insertRating(db, {
    ticketId: t.ticketId,
    officeDay: t.officeDay,
    serviceId: t.serviceId,
    counterId: t.counterId,
    score: a.score,
    reasonCode: a.reason?.code ?? null,
    reasonText: a.reason?.code === 'other' ? (a.reason.text ?? null) : null,
    answeredOn,
  });
}

/** The applicant screen's answer: for the ticket its counter finished last, while the screen is still theirs. */
export function rateAtScreen(db: Database, now: Date, counterId: number, ticketId: string, a: RatingAnswer): void {
  checkAnswer(a);
  db.transaction(() => {
    if (r.isRated(db, ticketId)) throw new DomainError('RATING_ALREADY_GIVEN', 'this ticket was rated already');
    const t = screenTicket(db, now, counterId);
    if (!t || t.ticketId !== ticketId) throw notAvailable('this screen has no such ticket to rate now');
    store(db, t, a, 'applicantScreen');
  }).immediate();
}

/** The kiosk's answer: for a ticket served today, within the window. */
export function rateAtKiosk(db: Database, now: Date, ticketId: string, a: RatingAnswer): void {
  checkAnswer(a);
  db.transaction(() => {
    const t = r.finishedTicket(db, ticketId);
    if (!t || t.officeDay !== officeDay(now) || t.finishedAt < windowStart(now)) throw notAvailable('no such ticket served within the window today');
    store(db, t, a, 'kiosk');
  }).immediate();
}

function tallyOf(rows: readonly { score: number; count: number }[]): RatingTally {
  const distribution: number[] = Array.from({ length: RATING_MAX }, () => 0);
  for (const row of rows) distribution[row.score - 1] = (distribution[row.score - 1] ?? 0) + row.count;
  const count = distribution.reduce((a, b) => a + b, 0);
  const sum = distribution.reduce((a, n, i) => a + n * (i + 1), 0);
  return { count, average: count === 0 ? null : Math.round((sum / count) * 100) / 100, distribution };
}

function grouped<K extends string | number>(rows: readonly r.TallyRow[]): { key: K; label: r.TallyRow['label']; rows: r.TallyRow[] }[] {
  const groups = new Map<K, { key: K; label: r.TallyRow['label']; rows: r.TallyRow[] }>();
  for (const row of rows) {
    const key = row.key as K;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: row.label, rows: [] }));
    g.rows.push(row);
  }
  return [...groups.values()];
}

/** The manager's sums over office days `from`…`to`. */
export function ratingSummary(db: Database, from: string, to: string): RatingSummary {
  rangePeriod(from, to); // both days exist, in order (else INVALID_INPUT)
  const t = r.ratingTallies(db, from, to);
  const all = [...t.byDay];
  const reasons = new Map(r.ratingReasonCounts(db, from, to).map((x) => [x.code, x.count]));
  return {
    from,
    to,
    overall: tallyOf(all),
    byService: grouped<number>(t.byService).map((g) => ({ serviceId: g.key, serviceName: String(g.label), ...tallyOf(g.rows) })),
    byCounter: grouped<number>(t.byCounter).map((g) => ({ counterId: g.key, counterNumber: Number(g.label), ...tallyOf(g.rows) })),
    byDay: grouped<string>(t.byDay).map((g) => ({ day: g.key, ...tallyOf(g.rows) })),
    reasons: ratingReasons.map((code) => ({ code, count: reasons.get(code) ?? 0 })),
  };
}
