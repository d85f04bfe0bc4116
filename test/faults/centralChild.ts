/**
 * The reference central for the fault-injection trials, in a process of its own so the harness can
 * see it die for real: on PostgreSQL (DATABASE_URL, search_path FAULT_SCHEMA), on a fixed port
 * (FAULT_PORT), it takes its fault plan from the harness over IPC and, with the plan's probability,
 * kills itself with SIGKILL right after a submission's commit and before its reply.
 */
import { createCentralApp } from '../../central/app';
import { plannedFaults, type FaultPlan } from './plan';
import { pgSql } from '../../central/sql';

const faults = plannedFaults(() => {
  process.send?.({ dying: true });
  process.kill(process.pid, 'SIGKILL');
});
process.on('message', (m) => faults.setPlan(m as FaultPlan));

const sql = pgSql({ connectionString: process.env.DATABASE_URL!, options: `-c search_path=${process.env.FAULT_SCHEMA}` }, 4);
const app = await createCentralApp({ sql, hooks: faults.hooks });
await app.listen({ host: '127.0.0.1', port: Number(process.env.FAULT_PORT) });
process.send?.({ ready: true });
process.on('SIGTERM', () => {
  void app.close().then(() => sql.close()).then(() => process.exit(0));
});
