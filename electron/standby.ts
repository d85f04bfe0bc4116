/**
 * The standby hub on the desktop (docs/STANDBY.md § On the desktop) — wiring only; the logic is in
 * hub/standby/: on a joined counter PC, the copy keeper runs as a process of its own beside the device
 * agent (a copy every 30 s once the manager names this PC the standby; asked now and then otherwise),
 * and the windows may ask what copy this PC keeps and, when the hub PC is dead, have the manager
 * promote it (promoteHere.ts). Promoted, the app starts anew as the office's hub (main.ts).
 */
import path from 'node:path';
import { ipcChannels } from '../core/api/bridge';
import { promoteRequest, type PromoteAnswer, type StandbyHere } from '../core/api/workstation';
import type { Logger } from '../hub/log';
import { firstLanAddress } from '../hub/lan/officeCertificate';
import { promoter, standbyHere } from '../hub/standby/promoteHere';
import { withBoundedArenas, superviseAgent, type AgentProcess } from '../workstation/agentProcess';
import { probeContractVersion } from '../workstation/hubHealth';
import type { WorkstationSettings } from '../workstation/settings';
import { senderGuard, type IpcMainPort, type SenderCheck } from './ipc';
import { childEventLogger, childLineLogger } from './childLines';

/** the keeper's bundle beside main.cjs (scripts/buildNodeOptions.mjs, `standbyKeeper`) */
export const STANDBY_KEEPER_BUNDLE = 'standbyKeeper.cjs';

/** how long the office's hub has to answer before the standby may take over */
export const HUB_PROBE_MS = 3000;

/** The copy keeper of a joined counter PC, kept running (electron/standbyKeeper.ts). */
export function startDesktopStandbyKeeper(options: { execPath: string; bundleDir: string; dataDir: string; lanPort: number; env: NodeJS.ProcessEnv; log: Logger }): AgentProcess {
  const { log } = options;
  return superviseAgent({
    command: options.execPath,
    args: [path.join(options.bundleDir, STANDBY_KEEPER_BUNDLE), '--data', options.dataDir, '--port', String(options.lanPort)],
    env: withBoundedArenas({ ...options.env, ELECTRON_RUN_AS_NODE: '1' }),
    onLine: childLineLogger('standby copy keeper', log),
    onEvent: childEventLogger('standby copy keeper', log),
    // a refused start is not mended by starting again; a crash is, without hurry
    backoff: { firstMs: 5000, maxMs: 120_000 },
  });
}

export interface PromoteHandlers {
  dataDir: string;
  settings: WorkstationSettings;
  /** the port this PC serves the office on once promoted */
  lanPort: number;
  /** right before the promotion: the copy keeper stops (it must not replace the copy being promoted) */
  pauseKeeper(): Promise<void>;
  /** the promotion failed after that: the keeper starts again */
  resumeKeeper(): void;
  /** promoted: the app starts anew as the office's hub */
  onPromoted(): void;
  /** tests: whether the office's hub answers */
  hubAnswers?: () => Promise<boolean>;
  failureDelayMs?: number;
}

/** The windows' two requests: what copy this PC keeps, and the manager's promotion. From our windows only. */
export function registerPromoteIpc(ipcMain: IpcMainPort, isTrustedSender: SenderCheck, handlers: PromoteHandlers, log: Logger): () => void {
  const guard = senderGuard(isTrustedSender, log);
  const promote = promoter({
    dataDir: handlers.dataDir,
    hubUrl: () => `https://${firstLanAddress()}:${handlers.lanPort}`,
    hubAnswers:
      handlers.hubAnswers ??
      (() =>
        probeContractVersion(handlers.settings.hub.url, HUB_PROBE_MS).then(
          () => true,
          () => false,
        )),
    beforePromote: async () => {
      paused = true;
      await handlers.pauseKeeper();
    },
    ...(handlers.failureDelayMs !== undefined ? { failureDelayMs: handlers.failureDelayMs } : {}),
    log,
  });
  let paused = false;
  let done = false;
  ipcMain.handle(ipcChannels.standbyHere, (event): StandbyHere => {
    guard(ipcChannels.standbyHere, event);
    return done ? null : standbyHere(handlers.dataDir);
  });
  ipcMain.handle(ipcChannels.promote, async (event, raw): Promise<PromoteAnswer> => {
    guard(ipcChannels.promote, event);
    const request = promoteRequest.safeParse(raw);
    if (!request.success) return { ok: false, code: 'PROMOTE_CREDENTIALS' };
    if (done) return { ok: false, code: 'PROMOTE_BUSY' };
    if (!standbyHere(handlers.dataDir)) return { ok: false, code: 'PROMOTE_NO_COPY' };
    const answer = await promote(request.data);
    if (answer.ok) {
      done = true;
      // the window shows that it worked first; the app starts anew right after
      setTimeout(() => handlers.onPromoted(), 1500);
    } else if (paused) {
      paused = false;
      handlers.resumeKeeper();
    }
    return answer;
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.standbyHere);
    ipcMain.removeHandler(ipcChannels.promote);
  };
}
