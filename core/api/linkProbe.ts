/**
 * Liveness of a client's link to the hub: while the link is open, `health` is asked every
 * LINK_PROBE_EVERY_MS; no answer within LINK_PROBE_TIMEOUT_MS (a cable pulled, the hub's PC off:
 * nothing closes the socket before TCP gives up, minutes later) and the link counts as lost. One
 * logic for the browser's screens (renderer/api/wsTransport.ts) and a workstation's Electron window
 * (workstation/client/windowLink.ts); each gives its own socket and timers.
 */
import type { CallFrame } from './wire';

export const LINK_PROBE_EVERY_MS = 5000;
export const LINK_PROBE_TIMEOUT_MS = 4000;
/** The probe's call id: far above any id a client will count up to. */
export const LINK_PROBE_ID = Number.MAX_SAFE_INTEGER;
export const linkProbeFrame: CallFrame = { t: 'call', id: LINK_PROBE_ID, proc: 'health', input: {} };

/** The timers the probe runs on (the environment's own; core names no global). */
export interface ProbeTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LinkProbeOptions {
  /** sends the probe frame; false: the socket is no longer open (nothing is sent, the probe stops) */
  send: (text: string) => boolean;
  /** no answer in time: the caller drops the socket and reconnects */
  onSilent: () => void;
  timers: ProbeTimers;
  everyMs?: number | undefined;
  timeoutMs?: number | undefined;
}

export interface LinkProbe {
  /** the answer to the probe (a result with LINK_PROBE_ID) arrived: the next one goes `everyMs` later */
  answered(): void;
  stop(): void;
}

/** Starts probing an open socket: the first probe goes `everyMs` from now. */
export function startLinkProbe(options: LinkProbeOptions): LinkProbe {
  const everyMs = options.everyMs ?? LINK_PROBE_EVERY_MS;
  const timeoutMs = options.timeoutMs ?? LINK_PROBE_TIMEOUT_MS;
  const { timers } = options;
  const text = JSON.stringify(linkProbeFrame);
  let next: unknown;
  let deadline: unknown;
  let stopped = false;
  const stop = () => {
    stopped = true;
    timers.clearTimeout(next);
    timers.clearTimeout(deadline);
    next = deadline = undefined;
  };
  const schedule = () => {
    next = timers.setTimeout(() => {
      next = undefined;
      if (stopped) return;
      if (!options.send(text)) return stop();
      deadline = timers.setTimeout(() => {
        deadline = undefined;
        if (stopped) return;
        stop();
        options.onSilent();
      }, timeoutMs);
    }, everyMs);
  };
  schedule();
  return {
    answered() {
      // an answer with no probe in flight (a late one, after a reconnect) schedules nothing twice
      if (stopped || deadline === undefined) return;
      timers.clearTimeout(deadline);
      deadline = undefined;
      schedule();
    },
    stop,
  };
}
