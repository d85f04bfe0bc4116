import { parentPort } from 'node:worker_threads';
import '../../native/image/worker';
import type { JobMessage } from '../../native/image/workerProtocol';

/**
 * The image pool's worker, except that a page with index 666 kills the thread the way a crash in
 * native code would (the thread is gone, no answer comes). For ImagePool's crash-recovery test.
 * The real worker is imported first: a port delivers its queued messages to the first listener.
 */
parentPort!.on('message', (job: JobMessage) => {
  if (job.page.index === 666) process.exit(70);
});
