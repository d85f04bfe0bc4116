/**
 * The first run of a PC that is neither the office's hub nor joined to one: the answer to the
 * «join» form, the same for Electron's first-run window (over IPC) and for web mode's first-run
 * page (over HTTP, firstRunServer.ts). The request is checked here, at the boundary.
 */
import { joinAnswer, joinRequest, rejoinAnswer, rejoinRequest, type JoinAnswer, type RejoinAnswer } from '../core/api/workstation';
import { JoinError, joinOffice, type JoinOptions } from './join';
import { rejoinOffice, type RejoinOptions, type RejoinResult } from './rejoin';
import type { WorkstationSettings } from './settings';

export async function answerJoin(
  raw: unknown,
  dataDir: string,
  join: (options: JoinOptions) => Promise<WorkstationSettings> = joinOffice,
  onJoined?: (settings: WorkstationSettings) => void,
): Promise<JoinAnswer> {
  const parsed = joinRequest.safeParse(raw);
  if (!parsed.success) {
    // which field is wrong decides what the form says; the code and the address have their own checks in joinOffice
    const path = String(parsed.error.issues[0]?.path[0] ?? '');
    return { ok: false, code: path === 'code' ? 'JOIN_MALFORMED_CODE' : 'JOIN_BAD_ADDRESS' };
  }
  const { hubAddress, code, kind, name } = parsed.data;
  try {
    const settings = await join({ hubUrl: hubAddress, code, kind, name, dataDir });
    onJoined?.(settings);
    return joinAnswer.parse({ ok: true, kind: settings.kind, name: settings.name, hubAddress });
  } catch (err) {
    if (!(err instanceof JoinError)) throw err;
    return { ok: false, code: err.code, ...err.details };
  }
}

/**
 * The answer to the «اتصال دوباره با کد جدید» form of a workstation removed from the office (the
 * desktop app's halted window): the same hub, name and role as kept, the new code; the pages the hub
 * never confirmed are set aside (./rejoin.ts) and counted.
 */
export async function answerRejoin(raw: unknown, dataDir: string, rejoin: (options: RejoinOptions) => Promise<RejoinResult> = rejoinOffice): Promise<RejoinAnswer> {
  const parsed = rejoinRequest.safeParse(raw);
  if (!parsed.success) return { ok: false, code: 'JOIN_MALFORMED_CODE' };
  try {
    const { setAside } = await rejoin({ dataDir, code: parsed.data.code });
    return rejoinAnswer.parse({ ok: true, pagesSetAside: setAside?.pages ?? 0 });
  } catch (err) {
    if (!(err instanceof JoinError)) throw err;
    return { ok: false, code: err.code, ...err.details };
  }
}

/**
 * What this PC is to be, decided once on the first run — joined to an office, the office's hub, or
 * the hub from a restored backup — whether the screen is Electron's window (electron/workstation.ts)
 * or web mode's page (./firstRunServer.ts). A try that may fail (joining, restoring) holds the choice
 * while it runs, so a second one waits its turn, and gives it back if it failed.
 */
export class FirstRunChoice {
  private decided = false;

  /** Decides at once (becoming the hub): false when decided already, or while a try runs. */
  take(): boolean {
    if (this.decided) return false;
    this.decided = true;
    return true;
  }

  /** Runs a try that decides if it succeeds; null when decided already, or while another try runs. */
  async attempt<T extends { ok: boolean }>(work: () => Promise<T>): Promise<T | null> {
    if (!this.take()) return null;
    try {
      const answer = await work();
      if (!answer.ok) this.decided = false;
      return answer;
    } catch (err) {
      this.decided = false;
      throw err;
    }
  }
}
