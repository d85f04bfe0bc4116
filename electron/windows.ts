/**
 * Which windows a PC opens for its role, and opening them. The decision (`planWindows`) is a
 * pure function of the role, the displays and the remembered placements; `openWindows` only
 * turns a plan into BrowserWindows.
 *
 *   counter   → the clerk's window, plus the applicant's screen full-screen on another display
 *               when there is one
 *   manager   → the manager's window
 *   kiosk     → full-screen kiosk window (touch screen; no menu, no way out by mouse)
 *   board     → full-screen kiosk window (waiting-room display)
 *   applicant → full-screen kiosk window (a PC or tablet that is only the applicant's screen)
 */
import { BrowserWindow, screen } from 'electron';
import type { Shell } from '../core/roles';
import { createLogger, type Logger } from '../hub/log';
import { messages } from './messages';
import { appUrl } from './origin';
import { secureWebPreferences } from './security';
import { displayShowing, type DisplayInfo, type Placement, type Rect, type WindowState } from './windowState';

export interface WindowPlan {
  shell: Shell;
  title: string;
  /** normal bounds; for full-screen windows, the bounds of their display */
  bounds: Rect;
  fullscreen: boolean;
  kiosk: boolean;
  /** show the application menu bar */
  menu: boolean;
  maximize: boolean;
}

/** A window smaller than this cannot show the counter's queue panel beside the stepper. */
const MIN_SIZE = { width: 960, height: 600 };
const DEFAULT_SIZE = { width: 1366, height: 860 };

/** Used when the system reports no display at all (it should not happen; don't crash if it does). */
const FALLBACK_DISPLAY: DisplayInfo = { id: 0, bounds: { x: 0, y: 0, width: 1280, height: 800 }, workArea: { x: 0, y: 0, width: 1280, height: 800 } };

function centredIn(area: Rect): Rect {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

function windowed(shell: Shell, primary: DisplayInfo, saved: Placement | undefined): WindowPlan {
  return {
    shell,
    title: messages.windowTitle[shell],
    bounds: saved ? saved.bounds : centredIn(primary.workArea),
    fullscreen: false,
    kiosk: false,
    menu: true,
    // A clerk works in it all day: maximised until they choose otherwise.
    maximize: saved ? saved.maximized : true,
  };
}

function fullScreen(shell: Shell, display: DisplayInfo, kiosk: boolean): WindowPlan {
  return { shell, title: messages.windowTitle[shell], bounds: { ...display.bounds }, fullscreen: true, kiosk, menu: false, maximize: false };
}

/**
 * The windows to open, first the one whose closing quits the app. `saved` must already be
 * checked against `displays` (windowState.ts does that).
 */
export function planWindows(role: Shell, displays: readonly DisplayInfo[], primaryId: number, saved: WindowState): WindowPlan[] {
  const all = displays.length > 0 ? displays : [FALLBACK_DISPLAY];
  const primary = all.find((d) => d.id === primaryId) ?? all[0]!;
  const savedDisplay = (shell: Shell) => all.find((d) => d.id === saved[shell]?.displayId);

  switch (role) {
    case 'counter': {
      const counter = windowed('counter', primary, saved.counter);
      if (all.length < 2) return [counter];
      // The applicant's screen goes where the clerk's window is not — normally the secondary display.
      const counterDisplay = displayShowing(counter.bounds, all) ?? primary;
      const others = all.filter((d) => d.id !== counterDisplay.id);
      const remembered = savedDisplay('applicant');
      const target = remembered && remembered.id !== counterDisplay.id ? remembered : (others.find((d) => d.id !== primary.id) ?? others[0]!);
      return [counter, fullScreen('applicant', target, false)];
    }
    case 'manager':
      return [windowed('manager', primary, saved.manager)];
    case 'kiosk':
    case 'board':
    case 'applicant':
      return [fullScreen(role, savedDisplay(role) ?? primary, true)];
  }
}

export interface OpenOptions {
  /** absolute path of dist/electron/preload.cjs */
  preload: string;
  devTools: boolean;
  /** the webContents of our windows and the screen each was opened for; the IPC sender check and the hub's connections read it */
  registry: Map<number, Shell>;
  /** called as each window closes, with where it was */
  onPlacement(shell: Shell, placement: Placement): void;
  log?: Logger;
}

export function openWindow(plan: WindowPlan, options: OpenOptions): BrowserWindow {
  const log = options.log ?? createLogger();
  const win = new BrowserWindow({
    title: plan.title,
    ...plan.bounds,
    ...(plan.fullscreen ? {} : { minWidth: MIN_SIZE.width, minHeight: MIN_SIZE.height }),
    fullscreen: plan.fullscreen,
    kiosk: plan.kiosk,
    autoHideMenuBar: !plan.menu,
    show: false,
    backgroundColor: plan.shell === 'board' ? '#000000' : '#ffffff',
    webPreferences: secureWebPreferences({ shell: plan.shell, preload: options.preload, devTools: options.devTools }),
  });
  if (!plan.menu) win.removeMenu();

  const webContentsId = win.webContents.id;
  options.registry.set(webContentsId, plan.shell);
  win.on('closed', () => options.registry.delete(webContentsId));

  // The Persian title is the window's, not the page's <title>.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (plan.maximize) win.maximize();
    win.show();
  });
  win.on('close', () => {
    options.onPlacement(plan.shell, {
      bounds: win.getNormalBounds(),
      maximized: win.isMaximized(),
      displayId: screen.getDisplayMatching(win.getBounds()).id,
    });
  });
  win.loadURL(appUrl(plan.shell)).catch((err: unknown) => log.error('window could not load its page', { shell: plan.shell, error: err }));
  return win;
}

/** Open every planned window; the first one is the main window. */
export function openWindows(plans: readonly WindowPlan[], options: OpenOptions): BrowserWindow[] {
  return plans.map((plan) => openWindow(plan, options));
}
