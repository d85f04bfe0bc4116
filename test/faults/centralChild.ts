/**
 * The reference central for the fault-injection trials, in a process of its own so the harness can
 * see it die for real: on PostgreSQL (DATABASE_URL, search_path FAULT_SCHEMA), on a fixed port
 * (FAULT_PORT), it takes its fault plan from the harness over IPC and, with the plan's probability,
 * kills itself with SIGKILL right after a submission's commit and before its reply.
 */
import { createCentralApp } from '../../central/app';
import { injectedFault, mulberry32 } from './plan';
import { pgSql } from '../../central/sql';

interface Plan {
  /** chance that a request is answered with an injected error instead */
  faultRate: number;
  /** chance of dying between a submission's commit and its reply */
  killRate: number;
  seed: number;
}

let plan: Plan = { faultRate: 0, killRate: 0, seed: 1 };
let rand = mulberry32(1);
process.on('message', (m) => {
  plan = m as Plan;
  rand = mulberry32(plan.seed);
});

const sql = pgSql({ connectionString: process.env.DATABASE_URL!, options: `-c search_path=${process.env.FAULT_SCHEMA}` }, 4);
const app = await createCentralApp({
  sql,
  hooks: {
    faultFor: (req) => injectedFault(rand, plan.faultRate, req.method, req.url),
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
