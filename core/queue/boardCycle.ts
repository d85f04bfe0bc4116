/**
 * The waiting-room board alternates two pages: the calls and the tariff in force (ماده ۳۴ ت). A call
 * always wins: a new call turns the board to the calls page at once, and the board stays there for the
 * call's whole time (`callHoldMs`) and while its announcement is still being said; only then does the
 * cycle go on, tariff first (the calls were just on screen). With no call for a while the board shows
 * the calls for `callsMs`, then the tariff for `tariffMs`, and so on. Pure: times are milliseconds on
 * one clock, chosen by the caller.
 */

export type BoardPage = 'calls' | 'tariff';

export interface BoardCycleTimes {
  /** how long the calls page stays in each turn of the cycle */
  callsMs: number;
  /** how long the tariff page stays in each turn of the cycle */
  tariffMs: number;
  /** a call's full time on the calls page: no tariff before it is over */
  callHoldMs: number;
}

/** 25 s of calls, 15 s of tariff; a call keeps the calls page for 20 s (its 8 s flash, then time to read and walk). */
export const DEFAULT_BOARD_CYCLE: BoardCycleTimes = { callsMs: 25_000, tariffMs: 15_000, callHoldMs: 20_000 };

export interface BoardCycleState {
  now: number;
  /** when the board started showing (the cycle's origin when there was no call since) */
  startedAt: number;
  /** when the latest call reached the board, or null for none since it started */
  lastCallAt: number | null;
  /** an announcement is being said or waits to be said: its call is still in progress */
  speaking: boolean;
  /** there is a tariff to show (a table in force); without one the board shows only the calls */
  hasTariff: boolean;
}

export interface BoardCycleAt {
  page: BoardPage;
  /**
   * When the page may change next, by time alone (a new call or the end of the announcement can
   * change it sooner); `null` while nothing but an event can change it (no tariff, or speaking).
   */
  nextChangeAt: number | null;
}

function assertTimes(t: BoardCycleTimes): void {
  for (const [k, v] of Object.entries(t)) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`board cycle: ${k} must be a positive number of ms, got ${String(v)}`);
  }
}

/** Which page the board shows at `state.now`, and when that may change. */
export function boardPageAt(state: BoardCycleState, times: BoardCycleTimes = DEFAULT_BOARD_CYCLE): BoardCycleAt {
  assertTimes(times);
  const { now, startedAt, lastCallAt, speaking, hasTariff } = state;
  if (!hasTariff || speaking) return { page: 'calls', nextChangeAt: null };
  const holdEnd = lastCallAt === null ? null : lastCallAt + times.callHoldMs;
  // A call in progress: the calls page, until its time is over.
  if (holdEnd !== null && now < holdEnd) return { page: 'calls', nextChangeAt: holdEnd };
  // The cycle's origin: its calls phase ends where the latest call's time ended, so the tariff follows it;
  // with no call, it starts with the calls when the board started.
  const origin = holdEnd === null ? startedAt : holdEnd - times.callsMs;
  const period = times.callsMs + times.tariffMs;
  const elapsed = Math.max(0, now - origin);
  const turnStart = origin + Math.floor(elapsed / period) * period;
  const inTurn = now - turnStart;
  if (now < origin || inTurn < times.callsMs) return { page: 'calls', nextChangeAt: (now < origin ? origin : turnStart) + times.callsMs };
  return { page: 'tariff', nextChangeAt: turnStart + period };
}
