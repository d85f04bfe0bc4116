/** The thread that checks a backup's database (./databaseCheck.ts): reads its job, checks, answers once, ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkBackupDatabase, databaseCheckJob, type DatabaseCheck } from './databaseCheck';

const job = databaseCheckJob.safeParse(workerData);
const answer: DatabaseCheck = job.success
  ? checkBackupDatabase({ file: job.data.file, key: Buffer.from(job.data.key), schemaVersion: job.data.schemaVersion })
  : { outcome: 'error', message: `a check job the thread cannot read: ${job.error.message}` };
parentPort!.postMessage(answer);
