import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterCall, chooseNext, type CallPolicy, type WaitingTicket } from './callOrder';

const MIN = 60_000;
const policy: CallPolicy = { normalPerPriority: 2, maxWaitMinutes: 30 };
const t = (id: string, over: Partial<WaitingTicket> = {}): WaitingTicket => ({ id, serviceId: 1, priority: false, queueKey: 0, issuedAtMs: 0, ...over });

const ticketArb = fc.record({
  id: fc.uuid(),
  serviceId: fc.integer({ min: 1, max: 4 }),
  priority: fc.boolean(),
  issuedAtMs: fc.integer({ min: 0, max: 120 * MIN }),
  shift: fc.integer({ min: -10 * MIN, max: 10 * MIN }),
});
const waitingArb = fc.uniqueArray(ticketArb, { selector: (x) => x.id, maxLength: 40 }).map((xs) =>
  xs.map(({ shift, ...x }) => ({ ...x, queueKey: x.issuedAtMs + shift })),
);
const servicesArb = fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).map((s) => new Set(s));
const policyArb = fc.record({ normalPerPriority: fc.integer({ min: 0, max: 5 }), maxWaitMinutes: fc.integer({ min: 1, max: 90 }) });
const stateArb = fc.record({ normalsSincePriority: fc.integer({ min: 0, max: 10 }) });
const nowArb = fc.integer({ min: 120 * MIN, max: 300 * MIN });

describe('chooseNext', () => {
  it('calls in order of arrival within one service', () => {
    const next = chooseNext([t('b', { queueKey: 2, issuedAtMs: 2 }), t('a', { queueKey: 1, issuedAtMs: 1 })], new Set([1]), { normalsSincePriority: 0 }, policy, 5);
    expect(next).toEqual({ ticket: expect.objectContaining({ id: 'a' }), rule: 'in_order' });
  });

  it('gives priority its turn after the configured number of normal calls', () => {
    const waiting = [t('n1', { queueKey: 1 }), t('p1', { priority: true, queueKey: 5 })];
    expect(chooseNext(waiting, new Set([1]), { normalsSincePriority: 1 }, policy, 10)?.ticket.id).toBe('n1');
    expect(chooseNext(waiting, new Set([1]), { normalsSincePriority: 2 }, policy, 10)).toMatchObject({ ticket: { id: 'p1' }, rule: 'priority_turn' });
  });

  it('calls the longest-waiting ticket first once anyone passes the wait cap', () => {
    const now = 40 * MIN;
    const waiting = [t('p', { priority: true, queueKey: 35 * MIN, issuedAtMs: 35 * MIN }), t('old', { queueKey: 9 * MIN, issuedAtMs: 9 * MIN }), t('older', { serviceId: 2, queueKey: 5 * MIN, issuedAtMs: 5 * MIN })];
    expect(chooseNext(waiting, new Set([1, 2]), { normalsSincePriority: 5 }, policy, now)).toMatchObject({ ticket: { id: 'older' }, rule: 'overdue' });
  });

  it('ignores tickets of services the counter does not serve', () => {
    expect(chooseNext([t('x', { serviceId: 2 })], new Set([1]), { normalsSincePriority: 0 }, policy, 0)).toBeNull();
  });

  it('always picks an eligible waiting ticket, and nothing only when none is eligible', () => {
    fc.assert(
      fc.property(waitingArb, servicesArb, stateArb, policyArb, nowArb, (waiting, services, state, pol, now) => {
        const next = chooseNext(waiting, services, state, pol, now);
        const eligible = waiting.filter((w) => services.has(w.serviceId));
        if (eligible.length === 0) return next === null;
        return next !== null && eligible.includes(next.ticket);
      }),
    );
  });

  it('never passes over someone who waited beyond the cap for someone who waited less', () => {
    fc.assert(
      fc.property(waitingArb, servicesArb, stateArb, policyArb, nowArb, (waiting, services, state, pol, now) => {
        const next = chooseNext(waiting, services, state, pol, now);
        if (!next) return true;
        const eligible = waiting.filter((w) => services.has(w.serviceId));
        const longest = Math.max(...eligible.map((w) => now - w.issuedAtMs));
        if (longest < pol.maxWaitMinutes * MIN) return next.rule !== 'overdue';
        return next.rule === 'overdue' && now - next.ticket.issuedAtMs === longest;
      }),
    );
  });

  it('keeps first-come-first-served within each kind (priority / normal) when nobody is overdue', () => {
    fc.assert(
      fc.property(waitingArb, servicesArb, stateArb, policyArb, (waiting, services, state, pol) => {
        const now = 0; // nobody is overdue at time zero with issuedAtMs ≥ 0… unless the cap is tiny
        const next = chooseNext(waiting, services, state, { ...pol, maxWaitMinutes: 10_000 }, now);
        if (!next) return true;
        const sameKind = waiting.filter((w) => services.has(w.serviceId) && w.priority === next.ticket.priority);
        return sameKind.every((w) => w.queueKey >= next.ticket.queueKey);
      }),
    );
  });

  it('serves exactly one priority per (n + 1) calls while both kinds keep waiting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 6, max: 60 }), (n, calls) => {
        // plenty of both kinds, nobody overdue: count what a counter calls
        let waiting: WaitingTicket[] = [];
        for (let i = 0; i < 200; i++) waiting.push(t(`t${i}`, { priority: i % 3 === 0, queueKey: i, issuedAtMs: i }));
        let state = { normalsSincePriority: 0 };
        let priorities = 0;
        for (let c = 0; c < calls; c++) {
          const next = chooseNext(waiting, new Set([1]), state, { normalPerPriority: n, maxWaitMinutes: 10_000 }, 300)!;
          if (next.ticket.priority) priorities++;
          state = afterCall(state, next.ticket);
          waiting = waiting.filter((w) => w !== next.ticket);
        }
        return priorities === Math.floor(calls / (n + 1));
      }),
    );
  });

  it('never lets a stream of priority tickets starve a normal one past the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (cap, serviceMinutes, perMinute) => {
        // Strict priority (0 normal per priority) and more priority arrivals than one counter can
        // serve: without the cap the normal ticket issued first would never be called.
        let waiting: WaitingTicket[] = [t('normal', { queueKey: 0, issuedAtMs: 0 })];
        let state = { normalsSincePriority: 0 };
        let n = 0;
        for (let now = 0; now <= (cap + serviceMinutes + 1) * MIN; now += serviceMinutes * MIN) {
          for (let k = 0; k < perMinute * serviceMinutes; k++) waiting.push(t(`p${n++}`, { priority: true, queueKey: now + 1 + k, issuedAtMs: now + 1 + k }));
          const next = chooseNext(waiting, new Set([1]), state, { normalPerPriority: 0, maxWaitMinutes: cap }, now)!;
          if (next.ticket.id === 'normal') return now < (cap + serviceMinutes) * MIN;
          state = afterCall(state, next.ticket);
          waiting = waiting.filter((w) => w !== next.ticket);
        }
        return false; // never called: starved
      }),
    );
  });
});

describe('afterCall', () => {
  it('resets the count after a priority call and counts normal ones', () => {
    expect(afterCall({ normalsSincePriority: 3 }, { priority: true })).toEqual({ normalsSincePriority: 0 });
    expect(afterCall({ normalsSincePriority: 3 }, { priority: false })).toEqual({ normalsSincePriority: 4 });
  });
});
