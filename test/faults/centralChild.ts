/**
 * The reference central for the fault-injection trials, in a process of its own so the harness can
 * see it die for real: on PostgreSQL (DATABASE_URL, search_path FAULT_SCHEMA), on a fixed port
 * (FAULT_PORT), it takes its fault plan from the harness over IPC and, with the plan's probability,
 * kills itself with SIGKILL right after a submission's commit and before its reply.
 */
import { createCentralApp, type InjectedFault } from '../../central/app';
import { pgSql } from '../../central/sql';

interface Plan {
  /** chance that a request is answered with an injected error instead */
  faultRate: number;
  /** chance of dying between a submission's commit and its reply */
  killRate: number;
  seed: number;
}

let plan: Plan = { faultRate: 0, killRate: 0, seed: 1 };
let state = 1;
const rand = () => {
  // mulberry32: the plan's seed makes each trial's faults repeatable
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
process.on('message', (m) => {
  plan = m as Plan;
  state = plan.seed;
});

const faults: InjectedFault[] = [
  { status: 500, code: 'INTERNAL' },
  { status: 503, code: 'UNAVAILABLE', retryAfterS: 1 },
  { status: 429, code: 'RATE_LIMITED', retryAfterS: 1 },
];

const sql = pgSql({ connectionString: process.env.DATABASE_URL!, options: `-c search_path=${process.env.FAULT_SCHEMA}` }, 4);
const app = await createCentralApp({
  sql,
  hooks: {
    faultFor(req) {
      if (req.url === '/v1/enroll' || rand() >= plan.faultRate) return null;
      // a 409 on a submission: the central says no for good; the office manager resends it
      if (req.method === 'PUT' && req.url.startsWith('/v1/submissions/') && rand() < 0.25) return { status: 409, code: 'SUBMISSION_CONFLICT' };
      return faults[Math.floor(rand() * faults.length)]!;
    },
    afterSubmitCommit() {
      if (rand() < plan.killRate) {
        process.send?.({ dying: true });
        process.kill(process.pid, 'SIGKILL');
      }
    },
  },
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.FAULT_PORT) });
process.send?.({ ready: true });
process.on('SIGTERM', () => {
  void app.close().then(() => sql.close()).then(() => process.exit(0));
});
