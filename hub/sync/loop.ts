/**
 * The outbox's clock: rounds started soon and one at a time, the next one timed to the earliest retry,
 * a watchdog that kicks on a timer so nothing stalls silently, the probe while offline, one pull at a
 * time, the hourly retention sweep, and the screens told of a change at most every 200 ms.
 */
import * as s from '../../db/sync';
import type { Database } from '../../db/sqlite';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { ResolvedSyncOptions, SyncState } from './context';

export interface LoopSteps {
  round(): Promise<void>;
  probe(): Promise<unknown>;
  pull(): Promise<void>;
  purge(): Promise<unknown>;
}

export interface LoopDeps {
  db: Database;
  now: () => Date;
  log: Logger;
  events: EventBus;
  opts: ResolvedSyncOptions;
  state: SyncState;
}

export class SyncLoop {
  /** cut at close: every call to the central in flight ends */
  readonly abort = new AbortController();
  private round: Promise<void> | null = null;
  private kickPending = false;
  private again = false;
  private pulling: Promise<void> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private emitTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: LoopDeps,
    private readonly steps: LoopSteps,
  ) {}

  start(): void {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.add(t);
    };
    every(this.deps.opts.watchdogMs, () => this.kick());
    every(this.deps.opts.pullMs, () => void this.pull());
    every(3_600_000, () => void this.steps.purge().catch((err: unknown) => this.deps.log.error('retention failed', { err: String(err) })));
    this.kick();
    void this.pull();
  }

  /** Stops the timers and cuts calls in flight; resolves once the current round has ended. */
  async close(): Promise<void> {
    this.deps.state.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const t of [this.nextTimer, this.probeTimer, this.emitTimer]) if (t) clearTimeout(t);
    this.abort.abort();
    await Promise.allSettled([this.round, this.pulling]);
  }

  /**
   * Starts a round soon (after the current turn, so a handler's transaction has committed before
   * the loop reads what it wrote), or right after the one running.
   */
  kick(): void {
    // without autoStart the caller drives every round (runOnce, probe, pull)
    if (this.deps.state.closed || this.kickPending || !this.deps.opts.autoStart) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      this.startRound();
    });
  }

  /** One round, awaited (tests, and `sync.retryNow`). */
  async runOnce(): Promise<void> {
    while (this.round) await this.round;
    this.startRound();
    while (this.round) await this.round;
  }

  /** One pull at a time: a pull asked for while one runs gets that one. */
  pull(): Promise<void> {
    if (this.deps.state.closed) return Promise.resolve();
    this.pulling ??= this.steps.pull().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  /** The screens are told of a change, at most once per 200 ms. */
  changed(): void {
    if (this.emitTimer || this.deps.state.closed) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.deps.events.emit('sync.changed', { at: this.deps.now().toISOString() });
    }, 200);
    this.emitTimer.unref();
  }

  probeLater(): void {
    if (this.deps.state.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.steps.probe();
    }, this.deps.opts.probeMs);
    this.probeTimer.unref();
  }

  cancelProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private startRound(): void {
    if (this.deps.state.closed) return;
    if (this.round) {
      this.again = true;
      return;
    }
    if (this.nextTimer) clearTimeout(this.nextTimer);
    this.nextTimer = null;
    this.round = this.steps
      .round()
      .catch((err: unknown) => this.deps.log.error('sync round failed', { err: String(err) }))
      .finally(() => {
        this.round = null;
        if (this.again) {
          this.again = false;
          this.startRound();
        } else this.scheduleNext();
      });
  }

  private scheduleNext(): void {
    const { state, opts } = this.deps;
    if (state.closed || state.link === 'offline' || state.identityProblem) return;
    const next = s.nextAttemptAt(this.deps.db);
    if (!next) return;
    const wait = Math.min(Math.max(Date.parse(next) - this.deps.now().getTime(), 50), opts.watchdogMs);
    this.nextTimer = setTimeout(() => this.kick(), wait);
    this.nextTimer.unref();
  }
}
