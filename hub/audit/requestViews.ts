/**
 * Views of a request's personal data on the audit trail (`viewed.ts` says which answers are views),
 * recorded once per session, request and kind of view per hour: «staff:3 saw request …2b11's pages
 * via capture.image». A counter redraws all the time — thirty thumbnails at once, the request again
 * on every change — and an entry per redraw would bury the trail; an inspector's question is who saw
 * whose file, and when.
 *
 * The memory of what was recorded is in the hub, not the database (no table of its own): after a
 * restart the first view is recorded again, which errs on the side of recording. A remembered entry
 * counts only while it is on the chain: if the transaction that wrote it was rolled back (a failed
 * group commit answered the call with an error), the next view is recorded afresh.
 */
import type { ProcedureName } from '../../core/api/contract';
import { auditHashAt } from '../../db/audit';
import type { Database } from '../../db/sqlite';
import type { CallContext } from '../base';
import { actorOf, record } from './auditLog';
import type { RequestViewed } from './viewed';

/** One entry per session, request and kind of view within this long. */
export const REQUEST_VIEW_WINDOW_MS = 60 * 60 * 1000;
/** Past this many remembered views, the expired ones are forgotten. */
const SWEEP_ABOVE = 5_000;

export class RequestViewLog {
  private readonly recorded = new Map<string, { at: number; seq: number; hash: string }>();

  constructor(private readonly windowMs = REQUEST_VIEW_WINDOW_MS) {}

  /**
   * Record the views one answer showed, those not already recorded for this session in the window.
   * Staff only: a device session (the applicant's own screen, the kiosk, the board) is not a person
   * looking at someone else's file.
   */
  note(db: Database, at: Date, ctx: CallContext, via: ProcedureName, views: readonly RequestViewed[]): void {
    if (ctx.principal?.kind !== 'user' || !ctx.session) return;
    const now = at.getTime();
    for (const v of views) {
      const key = `${ctx.session.hash}\n${v.requestId}\n${v.view}`;
      const last = this.recorded.get(key);
      // a clock set back counts as outside the window: record rather than miss
      if (last && now >= last.at && now - last.at < this.windowMs && auditHashAt(db, last.seq) === last.hash) continue;
      const row = record(db, at, { actor: actorOf(ctx.principal), action: 'requestViewed', subject: `request:${v.requestId}`, detail: { view: v.view, via } });
      this.recorded.set(key, { at: now, seq: row.seq, hash: row.hash });
    }
    if (this.recorded.size > SWEEP_ABOVE) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [key, last] of this.recorded) if (now - last.at >= this.windowMs || now < last.at) this.recorded.delete(key);
    // still too many (hundreds of sessions at once?): forget them all — the next views are recorded again
    if (this.recorded.size > SWEEP_ABOVE) this.recorded.clear();
  }
}

const logs = new WeakMap<Database, RequestViewLog>();

/** The hub's memory of recorded views, one per office database (the chain it checks against). */
export function requestViewLog(db: Database): RequestViewLog {
  let log = logs.get(db);
  if (!log) logs.set(db, (log = new RequestViewLog()));
  return log;
}
