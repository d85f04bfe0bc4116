import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boardPageAt, DEFAULT_BOARD_CYCLE, type BoardCycleState, type BoardCycleTimes } from './boardCycle';

const times: BoardCycleTimes = { callsMs: 25_000, tariffMs: 15_000, callHoldMs: 20_000 };
const base: BoardCycleState = { now: 0, startedAt: 0, lastCallAt: null, speaking: false, hasTariff: true };
const at = (now: number, over: Partial<BoardCycleState> = {}) => boardPageAt({ ...base, now, ...over }, times);

describe('the board cycle: calls and tariff', () => {
  it('with no call, shows the calls for callsMs, then the tariff for tariffMs, and again', () => {
    expect(at(0)).toEqual({ page: 'calls', nextChangeAt: 25_000 });
    expect(at(24_999).page).toBe('calls');
    expect(at(25_000)).toEqual({ page: 'tariff', nextChangeAt: 40_000 });
    expect(at(39_999).page).toBe('tariff');
    expect(at(40_000)).toEqual({ page: 'calls', nextChangeAt: 65_000 });
    expect(at(65_000)).toEqual({ page: 'tariff', nextChangeAt: 80_000 });
  });

  it('a new call during the tariff turns the board to the calls at once, for its full time', () => {
    // the tariff is up at 30 s; a call arrives at 30 s
    expect(at(30_000).page).toBe('tariff');
    const call = { lastCallAt: 30_000 };
    expect(at(30_000, call)).toEqual({ page: 'calls', nextChangeAt: 50_000 });
    expect(at(49_999, call).page).toBe('calls');
    // its time over, the tariff comes next (the calls were just on screen) and the cycle goes on from there
    expect(at(50_000, call)).toEqual({ page: 'tariff', nextChangeAt: 65_000 });
    expect(at(65_000, call)).toEqual({ page: 'calls', nextChangeAt: 90_000 });
  });

  it('a second call during the first one restarts the full time', () => {
    const second = { lastCallAt: 45_000 };
    expect(at(60_000, second)).toEqual({ page: 'calls', nextChangeAt: 65_000 });
    expect(at(65_000, second).page).toBe('tariff');
  });

  it('stays on the calls while an announcement is being said or waits, whatever the time', () => {
    expect(at(30_000, { speaking: true })).toEqual({ page: 'calls', nextChangeAt: null });
    expect(at(500_000, { lastCallAt: 10_000, speaking: true })).toEqual({ page: 'calls', nextChangeAt: null });
  });

  it('without a tariff in force it shows only the calls', () => {
    expect(at(30_000, { hasTariff: false })).toEqual({ page: 'calls', nextChangeAt: null });
  });

  it('refuses a cycle with a time that is not positive', () => {
    expect(() => boardPageAt(base, { ...times, tariffMs: 0 })).toThrow(RangeError);
    expect(() => boardPageAt(base, { ...times, callsMs: Number.NaN })).toThrow(RangeError);
  });

  it('never hides a call within its full time, and the next change is always later than now (any times, any call)', () => {
    fc.assert(
      fc.property(
        fc.record({ callsMs: fc.integer({ min: 1, max: 120_000 }), tariffMs: fc.integer({ min: 1, max: 120_000 }), callHoldMs: fc.integer({ min: 1, max: 120_000 }) }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (t, startedAt, lastCall, offset) => {
          const lastCallAt = lastCall === null ? null : Math.max(startedAt, lastCall);
          const now = (lastCallAt ?? startedAt) + offset;
          const r = boardPageAt({ now, startedAt, lastCallAt, speaking: false, hasTariff: true }, t);
          if (lastCallAt !== null && now < lastCallAt + t.callHoldMs) expect(r.page).toBe('calls');
          expect(r.nextChangeAt).not.toBeNull();
          expect(r.nextChangeAt!).toBeGreaterThan(now);
          // the page holds until nextChangeAt: one ms before it, the same page
          expect(boardPageAt({ now: r.nextChangeAt! - 1, startedAt, lastCallAt, speaking: false, hasTariff: true }, t).page).toBe(r.page);
          // and turns at it (a cycle only ever alternates)
          expect(boardPageAt({ now: r.nextChangeAt!, startedAt, lastCallAt, speaking: false, hasTariff: true }, t).page).not.toBe(r.page);
        },
      ),
    );
  });

  it('the default cycle keeps a call longer than its flash and shows the tariff a fair share of the time', () => {
    expect(DEFAULT_BOARD_CYCLE.callHoldMs).toBeGreaterThanOrEqual(8_000);
    expect(DEFAULT_BOARD_CYCLE.tariffMs).toBeGreaterThanOrEqual(10_000);
  });
});
