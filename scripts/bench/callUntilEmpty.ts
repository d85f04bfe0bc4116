import type { WsClient } from '../../test/support/wsClient';

/**
 * The queue bench's counters at work: each calls the next number and marks it a no-show, as fast as
 * the hub answers, until its line is empty. Every call-next's latency (ms), how many times each ticket
 * was called (a duplicate is a ticket called twice), and how long the line took to empty.
 */
export async function callUntilEmpty(clerks: ReadonlyArray<{ client: WsClient; counterId: number }>): Promise<{ latencies: number[]; seen: Record<string, number>; servedMs: number }> {
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
  return { latencies, seen, servedMs: performance.now() - started };
}
