/**
 * The short form of the fault-injection run (harness.ts): 20 seeded trials of kill -9 of the hub, a
 * central that dies between commit and reply (for real on PostgreSQL), injected 500/503/429/409, and a
 * link that lags, chokes, black-holes, refuses and resets. `npm run test:faults` runs 200.
 */
import { describe, expect, it } from 'vitest';
import { runFaultTrials } from './harness';

describe('the outbox under injected faults', () => {
  it('loses nothing, duplicates nothing, damages nothing, and drains within 60 s of healing (20 trials)', async () => {
    const report = await runFaultTrials({
      trials: Number(process.env.FAULT_TRIALS ?? 20),
      seed: 20261128,
      pgUrl: process.env.DAFTARYAR_TEST_PG_URL,
      log: (line) => process.stderr.write(`faults: ${line}\n`),
    });
    process.stderr.write(`faults: ${JSON.stringify(report)}\n`);
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, integrity_failures: 0, receipt_mismatches: 0, liveness_failures: 0 });
    expect(report.trials).toBe(Number(process.env.FAULT_TRIALS ?? 20));
    expect(report.submissions).toBe(report.trials * 3);
    // the faults did happen
    expect(report.hub_kills).toBeGreaterThanOrEqual(report.trials);
    expect(report.delivered_under_faults).toBeGreaterThan(0);
    expect(report.proxy_changes).toBeGreaterThan(report.trials * 3);
    if (process.env.DAFTARYAR_TEST_PG_URL) expect(report.central_kills).toBeGreaterThan(0);
  }, 20 * 60_000);
});
