/**
 * The standby's side kept running (docs/STANDBY.md § The copy): a copy every 30 s while this PC is the
 * standby the manager named. What runs it: `npm run standby -- keep`, and on the desktop a process of
 * its own beside the device agent on every joined counter PC (electron/standbyKeeper.ts) — so naming
 * a PC in the manager's console is all it takes.
 *
 * A counter PC that is not the standby is refused (403) at once by the hub, before any snapshot: it
 * asks again only every two minutes, and says so once, not every time. Once this PC was promoted to
 * hub it keeps no more copies.
 */
import type { PairedHub } from '../../native/lan/hubClient';
import { CopyRefused, keepCopy, STANDBY_COPY_EVERY_MS, type KeptCopy } from './copyKeeper';
import { promotedAlready, promotedHubDir } from './promote';

/** How often a PC the hub does not take as its standby asks again. */
export const NOT_STANDBY_EVERY_MS = 120_000;

export interface KeepLoopLog {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
}

export interface KeepLoopOptions {
  dataDir: string;
  /** the office's hub as this PC's settings name it now (they change when a promotion is followed); null: not joined */
  hub: () => PairedHub | null;
  /** the port this PC would serve the office on once promoted (the hub tells the workstations) */
  servePort: number;
  signal: AbortSignal;
  log: KeepLoopLog;
  everyMs?: number;
  notStandbyEveryMs?: number;
  /** one copy (tests count them) */
  keep?: typeof keepCopy;
}

export type KeepLoopEnd = 'stopped' | 'promoted' | 'notJoined';

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export async function keepCopies(options: KeepLoopOptions): Promise<KeepLoopEnd> {
  const everyMs = options.everyMs ?? STANDBY_COPY_EVERY_MS;
  const notStandbyEveryMs = options.notStandbyEveryMs ?? NOT_STANDBY_EVERY_MS;
  const keep = options.keep ?? keepCopy;
  /** what the last round was, so a state is said once when it begins, not every round */
  let was: 'kept' | 'notStandby' | 'failed' | null = null;
  while (!options.signal.aborted) {
    if (promotedAlready(promotedHubDir(options.dataDir))) {
      options.log.info('this PC was promoted to hub: it keeps no more copies');
      return 'promoted';
    }
    const hub = options.hub();
    if (!hub) {
      options.log.warn('this PC has not joined an office: no copy is kept');
      return 'notJoined';
    }
    let wait = everyMs;
    try {
      const kept: KeptCopy = await keep({ dataDir: options.dataDir, hub, servePort: options.servePort });
      if (was !== 'kept') options.log.info('this PC keeps a copy of the office (the standby hub)', { every: `${everyMs / 1000} s` });
      options.log.info('copy kept', { takenAt: kept.record.takenAt, bytes: kept.record.bytes, newPages: kept.newPages, ms: kept.ms, epoch: kept.record.epoch });
      was = 'kept';
    } catch (err) {
      if (err instanceof CopyRefused && err.status === 403) {
        if (was !== 'notStandby') options.log.info('the hub does not take this PC as its standby: no copy', { askingAgainEvery: `${notStandbyEveryMs / 1000} s` });
        was = 'notStandby';
        wait = notStandbyEveryMs;
      } else {
        options.log.warn('no copy this time', { reason: err instanceof CopyRefused ? err.reason : 'unreachable', error: (err as Error).message });
        was = 'failed';
      }
    }
    await pause(wait, options.signal);
  }
  return 'stopped';
}
