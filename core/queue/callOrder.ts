/**
 * Who is called next at a counter — decided by these rules, never by the clerk (ماده ۳۵ پ:
 * serving out of turn is a violation). Pure: the hub feeds it the waiting tickets and applies
 * the answer in one atomic claim.
 *
 * 1. Only tickets of services this counter serves are eligible.
 * 2. Anyone who has waited `maxWaitMinutes` or more goes first, longest wait first — the cap that
 *    keeps priority from starving normal tickets (and vice versa).
 * 3. Priority tickets (disability, elderly, pregnancy — ماده ۴۷ پ) get every turn after
 *    `normalPerPriority` normal calls at this counter; `0` means priority always goes first.
 * 4. Otherwise first come, first served by queue position (arrival, or where a transfer put it).
 */

export interface WaitingTicket {
  id: string;
  serviceId: number;
  priority: boolean;
  /** position in line (ms): the arrival time, or where a transfer placed it (front/back) */
  queueKey: number;
  /** when the ticket was issued (ms); the wait cap counts from here, transfers or not */
  issuedAtMs: number;
}

export interface CallPolicy {
  /** normal calls a counter makes between two priority calls (e.g. 2 → one priority per two normal) */
  normalPerPriority: number;
  /** nobody waits longer than this before being called first (minutes) */
  maxWaitMinutes: number;
}

export interface CounterCallState {
  /** normal tickets this counter called since its last priority ticket */
  normalsSincePriority: number;
}

export type CallRule = 'overdue' | 'priority_turn' | 'in_order';

export interface CallDecision {
  ticket: WaitingTicket;
  rule: CallRule;
}

const byPosition = (a: WaitingTicket, b: WaitingTicket) => a.queueKey - b.queueKey || a.issuedAtMs - b.issuedAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byWait = (a: WaitingTicket, b: WaitingTicket) => a.issuedAtMs - b.issuedAtMs || byPosition(a, b);

function first<T>(items: readonly T[], compare: (a: T, b: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || compare(item, best) < 0) best = item;
  return best;
}

export function chooseNext(
  waiting: readonly WaitingTicket[],
  services: ReadonlySet<number>,
  state: CounterCallState,
  policy: CallPolicy,
  nowMs: number,
): CallDecision | null {
  const eligible = waiting.filter((t) => services.has(t.serviceId));
  if (eligible.length === 0) return null;

  const capMs = policy.maxWaitMinutes * 60_000;
  const overdue = first(eligible.filter((t) => nowMs - t.issuedAtMs >= capMs), byWait);
  if (overdue) return { ticket: overdue, rule: 'overdue' };

  const priority = first(eligible.filter((t) => t.priority), byPosition);
  const normal = first(eligible.filter((t) => !t.priority), byPosition);
  if (priority && (!normal || state.normalsSincePriority >= policy.normalPerPriority)) return { ticket: priority, rule: priority && normal ? 'priority_turn' : 'in_order' };
  return { ticket: (normal ?? priority)!, rule: 'in_order' };
}

/** The counter's state after calling `ticket`. */
export function afterCall(state: CounterCallState, ticket: Pick<WaitingTicket, 'priority'>): CounterCallState {
  return { normalsSincePriority: ticket.priority ? 0 : state.normalsSincePriority + 1 };
}
