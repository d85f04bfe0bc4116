/**
 * The hub's `health`, asked before anything else: which contract version it speaks. Public and
 * served before pairing; asked over an unverified TLS connection only when nothing secret follows
 * on it (joining: before the pairing code is spent), else on the pinned connection itself.
 */
import WebSocket from 'ws';
import { z } from 'zod';

/** What we read of `health`: an older hub has no contractVersion (null). */
export const healthOutput = z.object({ status: z.literal('ok'), contractVersion: z.number().int().positive().optional() });

export const HEALTH_ID = 1;

export const healthFrame = (id = HEALTH_ID) => JSON.stringify({ t: 'call', id, proc: 'health', input: {} });

/** null when `output` is not a health answer at all */
export function contractVersionOf(output: unknown): number | null | undefined {
  const parsed = healthOutput.safeParse(output);
  if (!parsed.success) return undefined;
  return parsed.data.contractVersion ?? null;
}

export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** The contract version of the hub at `url` (null: a hub too old to say). Rejects with ProbeError when it cannot be asked. */
export function probeContractVersion(url: string, timeoutMs = 10_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false });
    const done = (fn: () => void) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new ProbeError('the hub did not answer in time'))), timeoutMs);
    ws.on('open', () => ws.send(healthFrame()));
    ws.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      const f = frame as { t?: unknown; id?: unknown; ok?: unknown; output?: unknown };
      if (f.t !== 'res' || f.id !== HEALTH_ID) return;
      const version = f.ok === true ? contractVersionOf(f.output) : undefined;
      done(() => (version === undefined ? reject(new ProbeError('the hub did not answer health')) : resolve(version)));
    });
    ws.on('error', (err) => done(() => reject(new ProbeError(`cannot reach the hub: ${err.message}`))));
    ws.on('close', () => done(() => reject(new ProbeError('the hub closed the connection'))));
  });
}
