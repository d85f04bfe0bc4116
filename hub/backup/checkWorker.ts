/** The thread that checks a backup (./databaseCheck.ts): reads its job, checks, answers once, ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkBackup, databaseCheckJob, type DatabaseCheck } from './databaseCheck';

const job = databaseCheckJob.safeParse(workerData);
const answer: DatabaseCheck = job.success
  ? checkBackup({ ...job.data, key: Buffer.from(job.data.key) })
  : { outcome: 'error', message: `a check job the thread cannot read: ${job.error.message}`, code: null };
parentPort!.postMessage(answer);
