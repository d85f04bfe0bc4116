/**
 * Child of `npm run bench -- queue`: the 20 counters in a process of their own, as in an office, where
 * they are other PCs. Each connects with its clerk's session and calls the next number, then marks it a no-show,
 * as fast as the hub answers, until the line is empty. Prints one JSON line: every call-next's
 * latency (ms) and how many times each ticket was called.
 *
 *   node --import tsx scripts/bench/queueCounters.ts '<{"url", "counters": [{"session", "counterId"}]}>'
 */
import { z } from 'zod';
import { wsClient } from '../../test/support/wsClient';

const plan = z
  .object({ url: z.string().url(), counters: z.array(z.object({ session: z.string().min(1), counterId: z.number().int() })).min(1) })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

const clerks = await Promise.all(
  plan.counters.map(async (c) => {
    const client = await wsClient(plan.url);
    client.setSession(c.session);
    return { client, counterId: c.counterId };
  }),
);
const latencies: number[] = [];
const seen: Record<string, number> = {};
const started = performance.now();
await Promise.all(
  clerks.map(async ({ client, counterId }) => {
    for (;;) {
      const t0 = performance.now();
      const res = await client.call('queue.callNext', { counterId });
      latencies.push(performance.now() - t0);
      if (!res.ok) return;
      const id = (res.output as { id: string }).id;
      seen[id] = (seen[id] ?? 0) + 1;
      await client.ok('queue.noShow', { counterId, confirmed: true });
    }
  }),
);
const servedMs = performance.now() - started;
for (const c of clerks) c.client.close();
console.log(JSON.stringify({ latencies, seen, servedMs }));
process.exit(0);
