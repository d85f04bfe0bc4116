/**
 * Who may read a request, its receipts included (ماده ۳۸ ب: the parties' data is shown only to whom
 * the work needs it). A manager reads any. Anyone else reads a request at a counter they have open —
 * the one they serve, or one handed over to them — or one they opened with a purpose through
 * «جستجوی درخواست» (audited `requestOpened`) within the hour. What was opened so is remembered per
 * session, in the hub's memory: a hub restart asks for the purpose again, which errs on the safe side.
 */
import { DomainError } from '../../core/errors';
import * as q from '../../db/queue';
import * as r from '../../db/requests';
import type { CallContext, HubBase } from '../base';
import type { Staff } from './caller';
import { loadRequest } from './load';

/** How long a request opened with a purpose stays open to the session that opened it. */
export const OPENED_FOR_MS = 60 * 60 * 1000;

export class RequestReach {
  /** session hash → request id → when it was opened (ms) */
  private readonly opened = new Map<string, Map<string, number>>();

  constructor(private readonly hub: Pick<HubBase, 'db' | 'now'>) {}

  /** Remember that this session opened the request with a purpose (the audit entry is the dispatcher's). */
  remember(ctx: CallContext, requestId: string): void {
    if (!ctx.session) return;
    const at = this.hub.now().getTime();
    let mine = this.opened.get(ctx.session.hash);
    if (!mine) this.opened.set(ctx.session.hash, (mine = new Map()));
    mine.set(requestId, at);
    // forget what has lapsed, so the map stays as small as the hour's work
    for (const [session, requests] of this.opened) {
      for (const [id, when] of requests) if (at - when >= OPENED_FOR_MS || when > at) requests.delete(id);
      if (requests.size === 0) this.opened.delete(session);
    }
  }

  /** Whether this session opened the request with a purpose within the hour. */
  openedRecently(ctx: CallContext, requestId: string): boolean {
    const at = ctx.session ? this.opened.get(ctx.session.hash)?.get(requestId) : undefined;
    const now = this.hub.now().getTime();
    return at !== undefined && now >= at && now - at < OPENED_FOR_MS;
  }

  /** Whether the caller may read the request (UNKNOWN_REQUEST when there is none). */
  mayRead(ctx: CallContext, staff: Staff, requestId: string): boolean {
    const req = loadRequest(this.hub.db, requestId);
    if (staff.role === 'manager') return true;
    if (q.getCounter(this.hub.db, req.counterId)?.openStaffId === staff.userId) return true;
    return this.openedRecently(ctx, requestId);
  }

  /** The request, if the caller may read it; REQUEST_NOT_OPENED otherwise. */
  assertRead(ctx: CallContext, staff: Staff, requestId: string): void {
    if (!this.mayRead(ctx, staff, requestId)) throw new DomainError('REQUEST_NOT_OPENED', 'the request is not at a counter the caller has open: open it with a purpose first');
  }

  /**
   * The requests at a counter: to whoever has that counter open, or a manager (REQUEST_OTHER_COUNTER
   * otherwise — a clerk at another desk does not read them); UNKNOWN_COUNTER for no such counter.
   */
  assertCounter(staff: Staff, counterId: number): void {
    const counter = q.getCounter(this.hub.db, counterId);
    if (!counter) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
    if (staff.role !== 'manager' && counter.openStaffId !== staff.userId) throw new DomainError('REQUEST_OTHER_COUNTER', 'the counter is not open by the caller');
  }

  /** A payment's request, if the caller may read it; UNKNOWN_RECEIPT for no such payment. */
  assertReadPayment(ctx: CallContext, staff: Staff, paymentId: string): void {
    const payment = r.getPayment(this.hub.db, paymentId);
    if (!payment) throw new DomainError('UNKNOWN_RECEIPT', 'no such payment');
    this.assertRead(ctx, staff, payment.requestId);
  }
}
