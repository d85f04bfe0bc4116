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
