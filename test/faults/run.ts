/**
 * `npm run test:faults [-- --trials N --seed S]`: the full fault-injection run (default 200 trials),
 * one progress line per trial on stderr and the report as one JSON line on stdout. Exits 1 when any
 * submission was lost, duplicated or damaged, or the outbox did not drain. CI runs the short form
 * (test/faults/faults.test.ts, 20 trials) inside `npm test`.
 */
import { runFaultTrials } from './harness';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const trials = Number(arg('trials') ?? process.env.FAULT_TRIALS ?? 200);
const seed = Number(arg('seed') ?? 20261128);
const pgUrl = process.env.DATABASE_URL ?? process.env.DAFTARYAR_TEST_PG_URL;
const started = Date.now();
const report = await runFaultTrials({ trials, seed, pgUrl, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify({ ...report, seed, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
const bad = report.lost + report.duplicated + report.integrity_failures + report.receipt_mismatches + report.liveness_failures + report.failures.length;
process.exit(bad === 0 && report.trials === trials ? 0 : 1);
