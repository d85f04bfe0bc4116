/**
 * A promoted hub tells the old hub's address that it is superseded, every few seconds for as long as
 * it serves (docs/STANDBY.md § Fencing): a hub PC that comes back learns it within that and refuses
 * to serve. What `npm run standby -- promote` and the desktop's promoted hub (electron/main.ts) run.
 */
import type { FenceNotice } from './fence';
import { sendFence } from './promote';

/** how often the old hub's address is told */
export const FENCE_EVERY_MS = 3000;

export interface OldHub {
  url: string;
  authorityPem: string;
  fingerprint: string;
}

/** Starts telling `oldHub`; each new answer it gives is logged. Returns the function that stops it. */
export function keepTellingOldHub(oldHub: OldHub | null, notice: FenceNotice, log: { info(message: string, detail?: Record<string, unknown>): void }, everyMs = FENCE_EVERY_MS): () => void {
  if (!oldHub) return () => {};
  let told: string | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    void sendFence(oldHub.url, oldHub, notice).then((answer) => {
      if (stopped) return;
      if (answer && answer !== told) log.info('the old hub was told', { answer, url: oldHub.url });
      told = answer;
    });
  }, everyMs);
  timer.unref?.();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
