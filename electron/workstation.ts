/**
 * Electron's part of a workstation (docs/OFFICE-SETUP.md) — wiring only; the logic is in
 * workstation/: the first-run window that asks what this PC is (and its IPC: join through
 * workstation/firstRun.ts, or become the hub), and a workstation's windows, whose frames go through
 * the same IPC bridge as on the hub's PC but on to the office hub (workstation/client/).
 */
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { ipcChannels } from '../core/api/bridge';
import type { BackupListAnswer, JoinAnswer, RejoinAnswer, RestoreAnswer } from '../core/api/workstation';
import { answerBackupList, answerRestore } from '../hub/backup/firstRunRestore';
import type { StoredKey } from '../hub/keys/storedKey';
import { createLogger, type Logger } from '../hub/log';
import { answerJoin, answerRejoin, FirstRunChoice } from '../workstation/firstRun';
import type { WorkstationSettings } from '../workstation/settings';
import { workstationPorts, type WorkstationPortsOptions } from '../workstation/client/windowPorts';
import { agentArgs, withBoundedArenas, superviseAgent, type AgentProcess } from '../workstation/agentProcess';
import { registerBridge, senderGuard, type IpcMainPort, type SenderCheck } from './ipc';
import { messages } from './messages';
import { childEventLogger, childLineLogger } from './childLines';
import { firstRunUrl } from './origin';
import { secureWebPreferences } from './security';

export interface FirstRunHandlers {
  dataDir: string;
  /** joined: the settings are saved; open this workstation's windows */
  onJoined(settings: WorkstationSettings): void;
  /** this PC is to be the office's hub (chosen, or once a backup was restored into its data folder) */
  onBecomeHub(): void;
  join?: Parameters<typeof answerJoin>[2];
  /** where a restored hub keeps its key (the OS-sealed store when there is one); default the key file in the data folder */
  keyStore?: StoredKey | undefined;
}

/** The first-run window's two requests, from that window only. Returns a function that removes them. */
export function registerFirstRunIpc(ipcMain: IpcMainPort, isTrustedSender: SenderCheck, handlers: FirstRunHandlers, log: Logger = createLogger()): () => void {
  const guard = senderGuard(isTrustedSender, log);
  const choice = new FirstRunChoice();
  ipcMain.handle(ipcChannels.join, async (event, request): Promise<JoinAnswer> => {
    guard(ipcChannels.join, event);
    let joined: WorkstationSettings | null = null;
    const answer = await choice.attempt(() =>
      answerJoin(request, handlers.dataDir, handlers.join, (settings) => {
        joined = settings;
        log.info('joined the office', { hub: settings.hub.url, deviceId: settings.hub.deviceId, kind: settings.kind });
      }),
    );
    if (!answer) return { ok: false, code: 'JOIN_BUSY' };
    if (answer.ok && joined) {
      const settings: WorkstationSettings = joined;
      // the page shows that it joined first; the windows of its role open right after
      setTimeout(() => handlers.onJoined(settings), 0);
    }
    return answer;
  });
  ipcMain.handle(ipcChannels.becomeHub, (event) => {
    guard(ipcChannels.becomeHub, event);
    if (!choice.take()) return false;
    setTimeout(() => handlers.onBecomeHub(), 0);
    return true;
  });
  ipcMain.handle(ipcChannels.listBackups, async (event, request): Promise<BackupListAnswer> => {
    guard(ipcChannels.listBackups, event);
    return answerBackupList(request);
  });
  ipcMain.handle(ipcChannels.restore, async (event, request): Promise<RestoreAnswer> => {
    guard(ipcChannels.restore, event);
    // one restore at a time: the folder is claimed before the copy starts
    const answer = await choice.attempt(() => answerRestore(request, handlers.dataDir, { keyStore: handlers.keyStore }));
    if (!answer) return { ok: false, code: 'RESTORE_DECIDED' };
    if (!answer.ok) return answer;
    log.info('restored a backup; starting as the office hub', { generation: answer.generation, pages: answer.pages });
    // the page says it is restored first; the hub starts right after
    setTimeout(() => handlers.onBecomeHub(), 1500);
    return answer;
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.join);
    ipcMain.removeHandler(ipcChannels.becomeHub);
    ipcMain.removeHandler(ipcChannels.listBackups);
    ipcMain.removeHandler(ipcChannels.restore);
  };
}

export function openFirstRunWindow(options: { preload: string; devTools: boolean; log?: Logger }): BrowserWindow {
  const log = options.log ?? createLogger();
  const win = new BrowserWindow({
    title: messages.firstRunTitle,
    width: 960,
    height: 720,
    minWidth: 720,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences({ shell: null, preload: options.preload, devTools: options.devTools }),
  });
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.loadURL(firstRunUrl).catch((err: unknown) => log.error('the first-run window could not load its page', { error: err }));
  return win;
}

/** A workstation's windows reach the office hub: one link per window. Returns a function that closes them all. */
export function registerWorkstationIpc(
  ipcMain: IpcMainPort,
  settings: WorkstationSettings,
  isTrustedSender: SenderCheck,
  log: Logger = createLogger(),
  /** this app's version reported at each connect, and what the updater listens to (electron/updater.ts) */
  links: Pick<WorkstationPortsOptions, 'appVersion' | 'onActivity' | 'onLinkState' | 'findHub'> = {},
): () => void {
  const ports = workstationPorts(settings, {
    ...links,
    onProblem: (problem) => log.warn('workstation: link to the hub', { problem }),
    onMoved: (hub) => log.info('workstation: a window followed the office to another hub', { url: hub.url }),
  });
  const off = registerBridge(ipcMain, ports, isTrustedSender, log);
  return () => {
    off();
    ports.closeAll();
  };
}

export interface RejoinHandlers {
  dataDir: string;
  /** before the new pairing: the device agent stops (its spool is set aside) */
  beforeRejoin(): Promise<void>;
  /** joined again: the app starts anew with the new credential */
  onRejoined(): void;
  rejoin?: Parameters<typeof answerRejoin>[2];
}

/**
 * A workstation's windows may ask to join the office again once it was removed (LinkHaltedScreen):
 * one request at a time, from our windows only. Returns a function that removes the handler.
 */
export function registerRejoinIpc(ipcMain: IpcMainPort, isTrustedSender: SenderCheck, handlers: RejoinHandlers, log: Logger = createLogger()): () => void {
  let busy = false;
  let done = false;
  ipcMain.handle(ipcChannels.rejoin, async (event, request): Promise<RejoinAnswer> => {
    senderGuard(isTrustedSender, log)(ipcChannels.rejoin, event);
    if (busy || done) return { ok: false, code: 'JOIN_BUSY' };
    busy = true;
    try {
      await handlers.beforeRejoin();
      const answer = await answerRejoin(request, handlers.dataDir, handlers.rejoin);
      if (answer.ok) {
        done = true;
        log.info('joined the office again', { pagesSetAside: answer.pagesSetAside });
        // the window shows that it joined first; the app starts anew right after
        setTimeout(() => handlers.onRejoined(), 1500);
      } else log.warn('joining the office again failed', { code: answer.code });
      return answer;
    } finally {
      busy = false;
    }
  });
  return () => ipcMain.removeHandler(ipcChannels.rejoin);
}

/** the device agent's bundle beside main.cjs (scripts/buildNodeOptions.mjs, `agent`) */
export const AGENT_BUNDLE = 'agent.cjs';

/**
 * A counter's or kiosk's device agent (docs/WORKSTATIONS.md): workstation/cli.ts as a child of this
 * app, Electron running it as plain Node, kept running by workstation/agentProcess.ts; the device
 * flags of this app's command line go to it. Its lines go to this app's log.
 */
export function startDesktopAgent(options: { execPath: string; bundleDir: string; dataDir: string; argv: readonly string[]; env: NodeJS.ProcessEnv; log: Logger }): AgentProcess {
  const { log } = options;
  return superviseAgent({
    command: options.execPath,
    args: [path.join(options.bundleDir, AGENT_BUNDLE), ...agentArgs(options.dataDir, options.argv)],
    env: withBoundedArenas({ ...options.env, ELECTRON_RUN_AS_NODE: '1' }),
    onLine: childLineLogger('device agent', log),
    onEvent: childEventLogger('device agent', log),
  });
}
