import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueOffice } from '../support/queueOffice';

// 20 counters over the real WebSocket transport call the same queue at once until it is empty:
// no ticket may be called twice, none may be left behind, no counter may hold two.
const COUNTERS = 20;
const TICKETS = 10_000;

let office: Awaited<ReturnType<typeof queueOffice>>;
beforeAll(async () => {
  office = await queueOffice({ counters: COUNTERS });
}, 60_000);
afterAll(async () => office?.close());

describe('call next under contention', () => {
  it(`serves ${TICKETS} tickets to ${COUNTERS} counters with no duplicate and none lost`, async () => {
    const t0 = performance.now();
    // the kiosk issues in parallel bursts, spread over the services
    for (let i = 0; i < TICKETS; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, TICKETS - i) }, (_, k) => office.kiosk.ok('queue.issueTicket', { serviceId: office.serviceIds[(i + k) % office.serviceIds.length]! })));
    }

    console.log("issued in", Math.round(performance.now() - t0), "ms");
    const t1 = performance.now();
    const calledBy = new Map<string, number[]>();
    await Promise.all(
      office.clerks.map(async ({ client, counterId }) => {
        for (;;) {
          const res = await client.call('queue.callNext', { counterId });
          if (!res.ok) {
            expect(res.error.code).toBe('QUEUE_EMPTY');
            return;
          }
          const { id } = res.output as { id: string };
          calledBy.set(id, [...(calledBy.get(id) ?? []), counterId]);
          // half finish after starting, half are no-shows: both paths free the counter
          if (calledBy.size % 2) {
            await client.ok('queue.startService', { counterId });
            await client.ok('queue.finish', { counterId });
          } else {
            await client.ok('queue.noShow', { counterId, confirmed: true });
          }
        }
      }),
    );

    console.log("served in", Math.round(performance.now() - t1), "ms");
    const duplicates = [...calledBy.values()].filter((c) => c.length > 1).length;
    expect(duplicates).toBe(0);
    expect(calledBy.size).toBe(TICKETS);
    const db = office.db;
    expect(db.prepare("SELECT count(*) FROM ticket WHERE status NOT IN ('done', 'no_show')").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM (SELECT ticket_id FROM ticket_event WHERE kind = 'called' GROUP BY ticket_id HAVING count(*) > 1)").pluck().get()).toBe(0);
    // every counter took part: the claim is fair enough that nobody starves
    const perCounter = new Map<number, number>();
    for (const [c] of [...calledBy.values()]) perCounter.set(c!, (perCounter.get(c!) ?? 0) + 1);
    expect(perCounter.size).toBe(COUNTERS);
  }, 300_000);
});
