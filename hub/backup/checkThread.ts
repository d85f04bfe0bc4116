/**
 * A backup checked in a worker thread (./checkWorker.ts) — its database, then its page files — so
 * the hub goes on answering while hundreds of MB and GB are read: one thread per check, its answer checked on arrival. The module is
 * `checkWorker.ts` beside this file when run from source (tests, tsx), and the `backupCheckWorker`
 * entry beside the bundle otherwise (scripts/buildNodeOptions.mjs).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { databaseCheck, type DatabaseCheck, type DatabaseCheckJob } from './databaseCheck';

export function checkInThread(job: Omit<DatabaseCheckJob, 'key' | 'pages'> & { key: Buffer; pages?: DatabaseCheckJob['pages'] }, workerFile = defaultWorkerFile()): Promise<DatabaseCheck> {
  if (!existsSync(workerFile)) return Promise.reject(new Error(`the backup check thread's module is missing: ${workerFile}`));
  const data: DatabaseCheckJob = { file: job.file, key: new Uint8Array(job.key), schemaVersion: job.schemaVersion, pages: job.pages ?? [] };
  return new Promise((resolve, reject) => {
    const worker = workerFile.endsWith('.ts')
      ? // TypeScript source: register tsx's loader in the thread, then load the module
        new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(workerFile).href)}); });`, { eval: true, workerData: data })
      : new Worker(workerFile, { workerData: data });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.once('message', (raw: unknown) => {
      const answer = databaseCheck.safeParse(raw);
      settle(() => (answer.success ? resolve(answer.data) : reject(new Error(`the backup check thread answered what cannot be read: ${answer.error.message}`))));
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the backup check thread ended (code ${code}) without an answer`))));
  });
}

function defaultWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  return ext === '.ts' ? path.join(path.dirname(here), 'checkWorker.ts') : path.join(path.dirname(here), `backupCheckWorker${ext}`);
}
