import type { Database } from '../../db/sqlite';
import { beginImmediate, commit, rollbackIfOpen } from '../../db/transaction';
import type { EventBus } from '../events';
import type { Logger } from '../log';

/**
 * Group commit: every call that arrives within one turn of the event loop runs inside one
 * IMMEDIATE transaction, and the turn ends with one COMMIT — one fsync for the lot instead of one
 * per call. With synchronous=FULL an fsync costs milliseconds (≈5 ms on our build VMs), so twenty
 * counters pressing "call next" together would otherwise queue behind twenty fsyncs.
 *
 * Why it stays correct:
 * - handlers keep their own `db.transaction(…)`: inside the batch they become SAVEPOINTs, so a call
 *   that fails rolls back its own writes and nobody else's;
 * - a handler runs synchronously up to its first `await`, so everything a call writes before it
 *   awaits lands in the batch; what it writes after (a print result, a login after argon2) runs later
 *   in its own transaction;
 * - answers are sent only after the COMMIT (promise continuations run after this synchronous turn),
 *   and events raised during the batch are held and delivered only if it committed: nobody hears of
 *   a write that is not on disk;
 * - if the COMMIT fails (disk full, I/O error) the whole batch is rolled back and every call in it
 *   is answered with `onAbort`.
 */
export class GroupCommit {
  private queue: Array<() => void> = [];
  private scheduled = false;

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly log: Logger,
    /** most calls in one transaction; the rest wait for the next turn */
    private readonly maxBatch = 256,
  ) {}

  submit<T>(work: () => Promise<T>, onAbort: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      this.queue.push(() => {
        const batch = this.current!;
        work().then(
          (value) => resolve(batch.committed ? value : onAbort()),
          () => resolve(onAbort()),
        );
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private current: { committed: boolean } | null = null;

  private flush(): void {
    this.scheduled = false;
    const items = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const batch = { committed: false };
    this.current = batch;
    this.events.hold();
    let began = false;
    try {
      beginImmediate(this.db);
      began = true;
      for (const run of items) run();
      commit(this.db);
      batch.committed = true;
    } catch (err) {
      this.log.error('batch commit failed; rolled back', { calls: items.length, error: err });
      if (began) rollbackIfOpen(this.db);
    } finally {
      this.current = null;
      this.events.release(batch.committed);
    }
  }
}
