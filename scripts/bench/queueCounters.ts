/**
 * Child of `npm run bench -- queue`: the 20 counters in a process of their own, as in an office, where
 * they are other PCs. Each connects with its clerk's session and works the line until it is empty
 * (callUntilEmpty.ts). Prints one JSON line: every call-next's latency (ms), how many times each
 * ticket was called, and how long the line took.
 *
 *   node --import tsx scripts/bench/queueCounters.ts '<{"url", "counters": [{"session", "counterId"}]}>'
 */
import { z } from 'zod';
import { wsClient } from '../../test/support/wsClient';
import { callUntilEmpty } from './callUntilEmpty';

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
const { latencies, seen, servedMs } = await callUntilEmpty(clerks);
for (const c of clerks) c.client.close();
console.log(JSON.stringify({ latencies, seen, servedMs }));
process.exit(0);
