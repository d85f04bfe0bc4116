/**
 * The outbox to the central system (docs/SYNC.md), as one object for the handlers: each method is one
 * step module's function, given the explicit dependencies built here. «ارسال» (send.ts) queues a
 * submission; the loop (loop.ts) delivers it exactly once (deliver.ts: manifest.ts → upload.ts →
 * acceptReceipt.ts, failures by backoff.ts), marks the link down and probes it back (link.ts), pulls
 * the authority's decisions and tariff tables (pull.ts), and sweeps retention (retention.ts).
 */
import type * as p from '../../core/sync/protocol';
import type { SyncItemView, SyncStatusView } from '../../core/api/sync';
import type { HubBase } from '../base';
import type { RequestService, Staff } from '../request/requestService';
import type { PageStore } from '../capture/pageStore';
import { initialState, resolveOptions, type SyncDeps, type SyncOptions } from './context';
import { SyncLoop } from './loop';
import * as enrolment from './enrolment';
import { inquire } from './inquire';
import { send } from './send';
import { runRound } from './deliver';
import { retryAt } from './backoff';
import { goOffline, probe, retryNow } from './link';
import { resend } from './resend';
import * as retention from './retention';
import { pullNow } from './pull';
import * as view from './status';

export { DEFAULT_RETENTION_DAYS, type SyncOptions } from './context';

export class SyncService {
  private readonly deps: SyncDeps;
  private readonly loop: SyncLoop;

  constructor(hub: HubBase, requests: RequestService, store: PageStore, options: SyncOptions = {}) {
    const opts = resolveOptions(options);
    const state = initialState();
    const now = () => hub.now();
    this.loop = new SyncLoop(
      { db: hub.db, now, log: hub.log, events: hub.events, opts, state },
      { round: () => runRound(this.deps), probe: () => this.probe(), pull: () => pullNow(this.deps), purge: () => this.purge() },
    );
    const loop = this.loop;
    this.deps = {
      db: hub.db,
      now,
      log: hub.log,
      version: hub.version,
      requests,
      store,
      opts,
      signal: loop.abort.signal,
      state,
      nudge: {
        changed: () => loop.changed(),
        kick: () => loop.kick(),
        offline: () => goOffline(this.deps),
        pull: () => void loop.pull(),
        probeLater: () => loop.probeLater(),
        cancelProbe: () => loop.cancelProbe(),
      },
    };
    if (opts.autoStart) loop.start();
  }

  /** Stops the timers and cuts calls in flight; resolves once the current round has ended. */
  close(): Promise<void> {
    return this.loop.close();
  }

  // identity — enrolment.ts
  enrolled(): boolean {
    return enrolment.enrolled(this.deps);
  }
  enroll(centralUrl: string, code: string, staff: Staff | null): Promise<void> {
    return enrolment.enroll(this.deps, centralUrl, code, staff);
  }
  confirmEnrollment(token: string, staff: Staff | null): void {
    enrolment.confirmEnrollment(this.deps, token, staff);
  }
  cancelEnrollment(token: string): void {
    enrolment.cancelEnrollment(this.deps, token);
  }

  /** inquire.ts */
  inquire(body: p.InquiryRequest): Promise<p.InquiryResponse> {
    return inquire(this.deps, body);
  }

  /** «ارسال» — send.ts */
  send(requestId: string, staff: Staff): string {
    return send(this.deps, requestId, staff);
  }

  // the loop — loop.ts, deliver.ts, backoff.ts, link.ts
  kick(): void {
    this.loop.kick();
  }
  runOnce(): Promise<void> {
    return this.loop.runOnce();
  }
  retryAt(attempts: number, retryAfterMs: number | null): string {
    return retryAt(this.deps, attempts, retryAfterMs);
  }
  probe(): Promise<boolean> {
    return probe(this.deps);
  }
  retryNow(): Promise<void> {
    return retryNow(this.deps);
  }

  /** a person's part — resend.ts */
  resend(submissionId: string, staff: Staff): void {
    resend(this.deps, submissionId, staff);
  }

  // retention — retention.ts
  retentionDays(): number {
    return retention.retentionDays(this.deps);
  }
  setRetentionDays(days: number, staff: Staff): void {
    retention.setRetentionDays(this.deps, days, staff);
  }
  purge(): Promise<{ requests: number; pages: number; files: number }> {
    return retention.purge(this.deps);
  }

  /** decisions and tariff tables — pull.ts (one at a time, loop.ts) */
  pull(): Promise<void> {
    return this.loop.pull();
  }

  // what the screens show — status.ts
  marginDays(): number {
    return view.marginDays(this.deps);
  }
  setMarginDays(days: number): void {
    view.setMarginDays(this.deps, days);
  }
  items(): SyncItemView[] {
    return view.items(this.deps);
  }
  status(): SyncStatusView {
    return view.status(this.deps);
  }
}
