/**
 * The Electron main process: wiring only. One instance per user. On the office's hub PC the hub
 * runs in this process on the office database; on a workstation there is no hub here and each
 * window is linked to the office hub (workstation.ts, workstation/client/); on a PC that is neither
 * yet, a first-run window asks which. Windows per role (windows.ts) load app://daftaryar/<shell>
 * (protocol.ts) and reach the hub through the preload bridge (ipc.ts); every webContents is
 * locked down (security.ts).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, screen } from 'electron';
import { readConfig, usage } from '../hub/config/config';
import { startHub, type RunningHub } from '../hub/start';
import { promotedAlready, refuseIfSuperseded } from '../hub/standby/promote';
import { keepTellingOldHub } from '../hub/standby/tellOldHub';
import { setPrintFontDirectory } from '../native/printing';
import { createLogger } from '../hub/log';
import { hostname } from 'node:os';
import { dataDirChosen, keyRotationRequested, lanArgs, ownArgs, ROTATE_KEY_FLAG, workstationArgs } from './args';
import { decideStart } from '../workstation/startup';
import { joinOffice } from '../workstation/join';
import { hubToFollow } from '../workstation/follow';
import { loadSettings, type WorkstationSettings } from '../workstation/settings';
import { openFirstRunWindow, registerFirstRunIpc, registerRejoinIpc, registerWorkstationIpc, startDesktopAgent } from './workstation';
import { startWorkstationUpdates, type WorkstationUpdates } from './updater';
import { registerPromoteIpc, startDesktopStandbyKeeper } from './standby';
import { createSenderCheck, registerIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { messages } from './messages';
import { electronPdfPrinter } from './pdfPrinter';
import { desktopKeyStore, rotateDesktopKey } from './keyStore';
import { hexKeyFormat } from '../hub/keys/keyFile';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { installSecurity } from './security';
import { describeStartupFailure } from './startup';
import { startDesktopLan } from './officeLan';
import type { KeptOfficeLan } from '../hub/officeLan';
import { openWindows, planWindows } from './windows';
import type { Shell } from '../core/roles';
import { WINDOW_STATE_FILE, WindowStateStore } from './windowState';

const log = createLogger();

// Before `ready`: the privileged scheme, the sandbox for every renderer, and Chromium's UI in
// Persian — which also lays out its menus and dialogs right-to-left.
registerAppScheme(protocol);
app.enableSandbox();
app.commandLine.appendSwitch('lang', 'fa');
installSecurity(app, log);

let running: RunningHub | null = null;
let mainWindow: BrowserWindow | null = null;
/** a workstation's links to the office hub */
let closeLinks: (() => void) | null = null;
/** the hub's office LAN (hub/officeLan.ts) */
let lan: KeptOfficeLan | null = null;

function closeHub(): void {
  closeLinks?.();
  closeLinks = null;
  const hub = running;
  running = null;
  const serving = lan;
  lan = null;
  // the LAN stops listening and ends its connections at once (synchronously, before the hub and its
  // database close in this same turn: quitting does not wait for promises)
  serving?.close().catch((err: unknown) => log.error('office LAN did not close cleanly', { error: err }));
  hub?.close().catch((err: unknown) => log.error('hub did not close cleanly', { error: err }));
}

async function start(): Promise<void> {
  await app.whenReady();
  // Only our own flags: Electron's argv also holds its binary, maybe the app path, and Chromium switches.
  const args = ownArgs(process.argv);
  const config = readConfig(args);
  if (config.help) {
    console.log(usage);
    app.exit(0);
    return;
  }

  const chosen = dataDirChosen(args, process.env);
  const dataDir = chosen ? config.dataDir : app.getPath('userData');
  // Bundled layout: dist/electron/{main,preload}.cjs beside dist/renderer.
  registerAppProtocol(protocol, path.resolve(__dirname, '..', 'renderer'), log);
  const devTools = !app.isPackaged;
  installApplicationMenu({
    platform: process.platform,
    devTools,
    onAbout: () => {
      const about = { type: 'info' as const, title: messages.about.title, message: messages.about.message, detail: messages.about.detail(app.getVersion()), buttons: [messages.about.ok] };
      const parent = BrowserWindow.getFocusedWindow();
      void (parent ? dialog.showMessageBox(parent, about) : dialog.showMessageBox(about));
    },
  });

  // The office's hub, a workstation of one, or — on a PC that is neither yet — ask (docs/OFFICE-SETUP.md).
  const own = workstationArgs(process.argv);
  const decided = decideStart({ dataDir, hub: own.hub, code: own.code, dataDirChosen: chosen });
  switch (decided.mode) {
    case 'hub':
      return startHubAndWindows(config.role, dataDir, config.keyFile, devTools);
    case 'promotedHub':
      return startPromotedHub(dataDir, decided.hubDir, devTools);
    case 'workstation':
      return openWorkstation(decided.settings, dataDir, devTools);
    case 'join': {
      const kind = config.role === 'kiosk' || config.role === 'board' ? config.role : 'counter';
      const settings = await joinOffice({ hubUrl: decided.hubUrl, code: decided.code, kind, name: own.name ?? hostname(), dataDir });
      log.info('joined the office', { hub: settings.hub.url, deviceId: settings.hub.deviceId, kind });
      return openWorkstation(settings, dataDir, devTools);
    }
    case 'firstRun':
      return firstRun(dataDir, config.role, config.keyFile, devTools);
  }
}

/** The first-run window: this PC becomes the hub (today's first run follows in its window) or joins one. */
function firstRun(dataDir: string, role: Shell, keyFile: string | null | undefined, devTools: boolean): void {
  const win = openFirstRunWindow({ preload: path.join(__dirname, 'preload.cjs'), devTools, log });
  mainWindow = win;
  let next: (() => void) | null = null;
  const off = registerFirstRunIpc(ipcMain, createSenderCheck((id) => !win.isDestroyed() && id === win.webContents.id), {
    dataDir,
    onJoined: (settings) => {
      next = () => openWorkstation(settings, dataDir, devTools);
      win.close();
    },
    onBecomeHub: () => {
      next = () => void startHubAndWindows(role, dataDir, keyFile, devTools).catch(failed);
      win.close();
    },
    // a restored backup's key: sealed by the OS where it can be, else the key file the hub then reads
    keyStore: desktopKeyStore(dataDir, log) ?? (keyFile ? { file: keyFile, format: hexKeyFormat } : undefined),
  }, log);
  win.once('closed', () => {
    off();
    mainWindow = null;
    if (!next) return app.quit();
    try {
      next();
    } catch (err) {
      failed(err);
    }
  });
}

/** The hub's printing in this process: receipts and reports as PDF through Electron's own Chromium (no system browser on a counter PC). */
function hubPrinting(): ReturnType<typeof electronPdfPrinter> {
  // Pango reads the ticket font from a real file: in a packaged app it is unpacked beside the asar.
  if (app.isPackaged) setPrintFontDirectory(path.join(process.resourcesPath, 'app.asar.unpacked', 'node_modules', 'vazirmatn', 'fonts', 'ttf'));
  return electronPdfPrinter();
}

/** Today's desktop app: the hub in this process on the office database, windows over IPC. */
async function startHubAndWindows(role: Shell, dataDir: string, keyFile: string | null | undefined, devTools: boolean): Promise<void> {
  // the database key sealed by the OS keychain; without one, the hub's key file — at --key-file when
  // given (docs/SECURITY.md)
  const keyStore = desktopKeyStore(dataDir, log);
  if (keyRotationRequested(process.argv)) {
    // before the hub opens the database; a failure is a start error like any other
    rotateDesktopKey(dataDir, keyStore, keyFile);
    log.info('database key rotated', { dataDir, sealedByOs: keyStore !== null });
  }
  running = startHub({ dataDir, version: app.getVersion(), log, pdfPrinter: hubPrinting(), ...(keyStore ? { keyStore } : keyFile ? { keyFile } : {}) });
  // a standby promoted while this PC was off says so at its address: then this PC does not serve (docs/STANDBY.md § Fencing)
  const fenced = await refuseIfSuperseded(running.db);
  if (fenced) throw fenced;
  log.info('hub started', { role, dataDir });
  serveHubAndWindows(running, role, devTools);
}

/**
 * This PC was the standby and was promoted (from its window or by `npm run standby -- promote`): the
 * office's hub from the promoted folder, under its key file, on the LAN port the workstations were
 * told; it tells the old hub's address it is superseded for as long as it runs. Its device agent
 * goes on too: it follows the office to this PC (workstation/follow.ts) and serves its devices as before.
 */
function startPromotedHub(standbyDir: string, hubDir: string, devTools: boolean): void {
  const promoted = promotedAlready(hubDir);
  if (!promoted) throw new Error('the promoted hub folder has no promotion record');
  const settings = loadSettings(standbyDir);
  running = startHub({ dataDir: hubDir, version: app.getVersion(), log, pdfPrinter: hubPrinting() });
  running.hub.services.standby.announce(promoted.notice);
  log.info('hub started (the promoted standby)', { hubDir, epoch: promoted.epoch, copyTakenAt: promoted.copyTakenAt });
  serveHubAndWindows(running, settings?.kind ?? 'counter', devTools);
  const stopTelling = keepTellingOldHub(settings?.hub ?? null, promoted.notice, log);
  const agent = settings && (settings.kind === 'counter' || settings.kind === 'kiosk') ? startDesktopAgent({ execPath: process.execPath, bundleDir: __dirname, dataDir: standbyDir, argv: process.argv, env: process.env, log }) : null;
  closeLinks = () => {
    stopTelling();
    void agent?.stop();
  };
}

/** The hub's windows over IPC and the office LAN, once the hub runs in this process. */
function serveHubAndWindows(hub: RunningHub, role: Shell, devTools: boolean): void {
  // our windows and the screen each shows: every window is its own connection to the hub, carrying that screen's kind of caller only
  const registry = new Map<number, Shell>();
  registerIpc(ipcMain, hub.hub, createSenderCheck((id) => registry.has(id)), log, (id) => registry.get(id));
  // the office's other PCs reach this hub over the LAN, as web mode's (docs/OFFICE-SETUP.md)
  lan = startDesktopLan({ argv: process.argv, env: process.env, running: hub, rendererDir: path.resolve(__dirname, '..', 'renderer'), log });
  openRoleWindows(role, registry, devTools);
}

/** A workstation: no hub and no office data here; each window linked to the office hub (workstation/client/). */
function openWorkstation(settings: WorkstationSettings, dataDir: string, devTools: boolean): void {
  const registry = new Map<number, Shell>();
  // updates from the office hub (docs/UPDATES.md): an installed app only — an unpackaged one has nothing to replace
  const updates: WorkstationUpdates | null = app.isPackaged ? startWorkstationUpdates({ settings, appVersion: app.getVersion(), window: () => mainWindow, log }) : null;
  const closeWindowLinks = registerWorkstationIpc(ipcMain, settings, createSenderCheck((id) => registry.has(id)), log, {
    appVersion: app.getVersion(),
    // the office moved to its promoted standby (this PC's agent may have followed it already): the windows go on there
    findHub: (current) => hubToFollow(current, dataDir),
    ...(updates ? { onActivity: () => updates.activity(), onLinkState: (state) => updates.linkState(state) } : {}),
  });
  // what is plugged into this PC: its device agent, a process of its own (a board has none)
  const agent = settings.kind === 'counter' || settings.kind === 'kiosk' ? startDesktopAgent({ execPath: process.execPath, bundleDir: __dirname, dataDir, argv: process.argv, env: process.env, log }) : null;
  // removed from the office: its windows offer to join again with a new code; joined, the app starts anew
  const closeRejoin = registerRejoinIpc(ipcMain, createSenderCheck((id) => registry.has(id)), {
    dataDir,
    beforeRejoin: async () => {
      await agent?.stop();
    },
    onRejoined: () => {
      app.relaunch();
      app.exit(0);
    },
  }, log);
  // the standby hub (docs/STANDBY.md § On the desktop): a counter PC keeps a copy once the manager
  // names it, and its windows let the manager promote it when the hub PC is dead
  const lanPort = lanArgs(process.argv, process.env).port;
  const startKeeper = () => (settings.kind === 'counter' ? startDesktopStandbyKeeper({ execPath: process.execPath, bundleDir: __dirname, dataDir, lanPort, env: process.env, log }) : null);
  let keeper = startKeeper();
  const closePromote = registerPromoteIpc(ipcMain, createSenderCheck((id) => registry.has(id)), {
    dataDir,
    settings,
    lanPort,
    pauseKeeper: async () => {
      await keeper?.stop();
      keeper = null;
    },
    resumeKeeper: () => (keeper = startKeeper()),
    // promoted: the app starts anew as the office's hub (decideStart finds the promoted folder); its
    // children first, since exit() skips will-quit (the new start runs its own agent on the same spool)
    onPromoted: () => {
      void Promise.allSettled([agent?.stop(), keeper?.stop()]).then(() => {
        app.relaunch();
        app.exit(0);
      });
    },
  }, log);
  closeLinks = () => {
    updates?.stop();
    closeWindowLinks();
    closeRejoin();
    closePromote();
    void agent?.stop();
    void keeper?.stop();
  };
  log.info('workstation started', { hub: settings.hub.url, kind: settings.kind });
  openRoleWindows(settings.kind, registry, devTools);
}

function openRoleWindows(role: Shell, registry: Map<number, Shell>, devTools: boolean): void {
  const displays = screen.getAllDisplays();
  const windowState = new WindowStateStore(path.join(app.getPath('userData'), WINDOW_STATE_FILE), displays, log);
  const plans = planWindows(role, displays, screen.getPrimaryDisplay().id, windowState.current);
  const windows = openWindows(plans, {
    preload: path.join(__dirname, 'preload.cjs'),
    devTools,
    registry,
    onPlacement: (shell, placement) => windowState.remember(shell, placement),
    log,
  });
  mainWindow = windows[0] ?? null;
  // Closing the main window ends the app, the applicant's screen (which has no close button) too.
  mainWindow?.once('closed', () => {
    mainWindow = null;
    app.quit();
  });
}

function failed(err: unknown): void {
  log.error('could not start', { error: err });
  closeHub();
  const failure = describeStartupFailure(err);
  dialog.showErrorBox(messages.errors.title, failure.message);
  app.exit(failure.code);
}

if (!app.requestSingleInstanceLock()) {
  // Another Daftaryar runs for this user: it focuses its window (second-instance below); we leave.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    // the key is rotated only at start, while no hub holds the database: say so rather than ignore it
    if (keyRotationRequested(argv)) void dialog.showMessageBox(mainWindow, { type: 'info', title: messages.keyRotation.title, message: messages.keyRotation.closeFirst(ROTATE_KEY_FLAG), buttons: [messages.about.ok] });
  });
  // (the first-run window closing on its way to the role's windows is not the end)
  app.on('window-all-closed', () => {
    if (mainWindow) return;
    setTimeout(() => {
      if (BrowserWindow.getAllWindows().length === 0) app.quit();
    }, 0);
  });
  app.on('will-quit', closeHub);
  start().catch(failed);
}
