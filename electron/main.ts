/**
 * The Electron main process: wiring only. One instance per user; the hub runs in this process
 * on the office database; windows per role (windows.ts) load app://daftaryar/<shell>
 * (protocol.ts) and reach the hub through the preload bridge (ipc.ts); every webContents is
 * locked down (security.ts).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, screen } from 'electron';
import { readConfig, usage } from '../hub/config/config';
import { startHub, type RunningHub } from '../hub/start';
import { setPrintFontDirectory } from '../native/printing';
import { createLogger } from '../hub/log';
import { dataDirChosen, keyRotationRequested, ownArgs, ROTATE_KEY_FLAG } from './args';
import { createSenderCheck, registerIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { messages } from './messages';
import { electronPdfPrinter } from './pdfPrinter';
import { desktopKeyStore, rotateDesktopKey } from './keyStore';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { installSecurity } from './security';
import { describeStartupFailure } from './startup';
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

function closeHub(): void {
  const hub = running;
  running = null;
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

  const dataDir = dataDirChosen(args, process.env) ? config.dataDir : app.getPath('userData');
  // Pango reads the ticket font from a real file: in a packaged app it is unpacked beside the asar.
  if (app.isPackaged) setPrintFontDirectory(path.join(process.resourcesPath, 'app.asar.unpacked', 'node_modules', 'vazirmatn', 'fonts', 'ttf'));
  // the database key sealed by the OS keychain; without one, the hub's key file — at --key-file when
  // given (docs/SECURITY.md)
  const keyStore = desktopKeyStore(dataDir, log);
  if (keyRotationRequested(process.argv)) {
    // before the hub opens the database; a failure is a start error like any other
    rotateDesktopKey(dataDir, keyStore, config.keyFile);
    log.info('database key rotated', { dataDir, sealedByOs: keyStore !== null });
  }
  running = startHub({
    dataDir,
    version: app.getVersion(),
    log,
    // receipts and reports as PDF through Electron's own Chromium (no system browser on a counter PC)
    pdfPrinter: electronPdfPrinter(),
    ...(keyStore ? { keyStore } : config.keyFile ? { keyFile: config.keyFile } : {}),
  });
  log.info('hub started', { role: config.role, dataDir });

  // Bundled layout: dist/electron/{main,preload}.cjs beside dist/renderer.
  registerAppProtocol(protocol, path.resolve(__dirname, '..', 'renderer'), log);

  // our windows and the screen each shows: every window is its own connection to the hub, carrying that screen's kind of caller only
  const registry = new Map<number, Shell>();
  registerIpc(ipcMain, running.hub, createSenderCheck((id) => registry.has(id)), log, (id) => registry.get(id));

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

  const displays = screen.getAllDisplays();
  const windowState = new WindowStateStore(path.join(app.getPath('userData'), WINDOW_STATE_FILE), displays, log);
  const plans = planWindows(config.role, displays, screen.getPrimaryDisplay().id, windowState.current);
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
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', closeHub);
  start().catch((err: unknown) => {
    log.error('could not start', { error: err });
    closeHub();
    const failure = describeStartupFailure(err);
    dialog.showErrorBox(messages.errors.title, failure.message);
    app.exit(failure.code);
  });
}
