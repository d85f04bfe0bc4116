import { describe, expect, it } from 'vitest';
import { computeKpis, type QueueEvent } from './kpis';

const at = (min: number) => new Date(Date.UTC(2026, 10, 28, 6, 0) + min * 60_000).toISOString();
const ev = (ticketId: string, kind: string, min: number, over: Partial<QueueEvent> = {}): QueueEvent => ({ ticketId, kind, at: at(min), counterId: null, serviceId: 1, outOfTurn: false, ...over });

describe('computeKpis', () => {
  const events: QueueEvent[] = [
    ev('a', 'issued', 0),
    ev('b', 'issued', 1),
    ev('c', 'issued', 2, { serviceId: 2 }),
    ev('a', 'called', 5, { counterId: 1 }),
    ev('a', 'started', 6, { counterId: 1 }), // waited 6
    ev('b', 'called', 7, { counterId: 2 }),
    ev('b', 'recalled', 8, { counterId: 2 }),
    ev('b', 'no_show', 10, { counterId: 2 }),
    ev('a', 'finished', 14, { counterId: 1 }), // 8 minutes of service
    ev('c', 'called', 20, { counterId: 2, outOfTurn: true }),
    ev('c', 'started', 21, { counterId: 2 }), // waited 19
    ev('c', 'transferred', 24, { counterId: 2, serviceId: 1 }), // 3 minutes at counter 2
    ev('c', 'called', 25, { counterId: 1 }),
    ev('c', 'started', 26, { counterId: 1 }),
    ev('c', 'finished', 30, { counterId: 1 }), // 4 more minutes: 7 in all
  ];
  const k = computeKpis(events, 15);

  it('measures wait from issue to the first start, not to the call', () => {
    expect(k.total.averageWaitMinutes).toBe(12.5);
    expect(k.total.maxWaitMinutes).toBe(19);
    expect(k.total.withinTargetPercent).toBe(50);
  });

  it('sums service time over every stretch a ticket was served, across a transfer', () => {
    expect(k.total.averageServiceMinutes).toBe(7.5); // (8 + 7) / 2
    expect(k.byCounter.get(1)!.averageServiceMinutes).toBe(6); // (8 + 4) / 2
    expect(k.byCounter.get(2)!.averageServiceMinutes).toBe(3);
  });

  it('counts served, no-shows, recalls, transfers and out-of-turn calls', () => {
    expect(k.total).toMatchObject({ tickets: 3, served: 2, noShows: 1, noShowPercent: 33.3, recalls: 1, transfers: 1, outOfTurn: 1 });
  });

  it('attributes tickets to the service they were issued for', () => {
    expect(k.byService.get(1)).toMatchObject({ tickets: 2, served: 1, noShows: 1 });
    expect(k.byService.get(2)).toMatchObject({ tickets: 1, served: 1, outOfTurn: 1, transfers: 1 });
  });

  it('gives nulls, not zeros or NaN, for a day without service', () => {
    expect(computeKpis([ev('a', 'issued', 0)], 15).total).toMatchObject({ tickets: 1, averageWaitMinutes: null, withinTargetPercent: null, noShowPercent: null });
  });
});
