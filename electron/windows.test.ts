import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { shells, type Shell } from '../core/roles';
import { silentLogger } from '../hub/log';
import { openWindows, planWindows } from './windows';
import type { DisplayInfo, Placement } from './windowState';

const electron = await vi.hoisted(async () => {
  // Hoisted above the imports, so it brings its own.
  const { EventEmitter } = await import('node:events');
  let nextId = 1;
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = { id: nextId++ };
    readonly loadURL = vi.fn(async (_url: string) => {});
    readonly removeMenu = vi.fn();
    readonly maximize = vi.fn();
    readonly show = vi.fn();
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1200, height: 800 };
    }
    getBounds() {
      return this.getNormalBounds();
    }
    isMaximized() {
      return true;
    }
  }
  return { FakeBrowserWindow, screen: { getDisplayMatching: vi.fn(() => ({ id: 7 })) } };
});
vi.mock('electron', () => ({ BrowserWindow: electron.FakeBrowserWindow, screen: electron.screen }));

const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const display = (id: number, x: number, width = 1920, height = 1080): DisplayInfo => ({
  id,
  bounds: rect(x, 0, width, height),
  workArea: rect(x, 0, width, height - 40),
});
const laptop = display(1, 0, 1366, 768);
const tv = display(2, 1366, 1920, 1080);

describe('planWindows', () => {
  it('gives a counter with one display just the counter window, maximised, with a menu', () => {
    const [counter, ...rest] = planWindows('counter', [laptop], 1, {});
    expect(rest).toEqual([]);
    expect(counter).toMatchObject({ shell: 'counter', fullscreen: false, kiosk: false, menu: true, maximize: true });
    expect(counter!.bounds).toEqual(rect(0, 0, 1366, 728));
  });

  it('puts the applicant’s screen full-screen on the display that is not primary', () => {
    const plans = planWindows('counter', [tv, laptop], 1, {});
    expect(plans.map((p) => p.shell)).toEqual(['counter', 'applicant']);
    expect(plans[1]).toMatchObject({ shell: 'applicant', bounds: tv.bounds, fullscreen: true, menu: false });
    // The clerk's window stays on the primary display.
    expect(plans[0]!.bounds.x).toBeLessThan(laptop.bounds.width);
  });

  it('moves the applicant’s screen to the primary display when the clerk keeps the counter on the other one', () => {
    const saved = { counter: { bounds: rect(1500, 100, 1200, 800), maximized: false } };
    const plans = planWindows('counter', [laptop, tv], 1, saved);
    expect(plans[0]).toMatchObject({ bounds: saved.counter.bounds, maximize: false });
    expect(plans[1]!.bounds).toEqual(laptop.bounds);
  });

  it('returns the applicant’s screen to the display it was on, among several', () => {
    const third = display(3, 3286);
    const plans = planWindows('counter', [laptop, tv, third], 1, { applicant: { bounds: third.bounds, maximized: false, displayId: 3 } });
    expect(plans[1]!.bounds).toEqual(third.bounds);
  });

  it('makes kiosk and board full-screen kiosk windows without a menu', () => {
    for (const role of ['kiosk', 'board'] as const) {
      expect(planWindows(role, [laptop, tv], 1, {})).toEqual([
        { shell: role, title: expect.stringMatching(/^دفتریار — /), bounds: laptop.bounds, fullscreen: true, kiosk: true, menu: false, maximize: false },
      ]);
    }
    expect(planWindows('board', [laptop, tv], 1, { board: { bounds: tv.bounds, maximized: false, displayId: 2 } })[0]!.bounds).toEqual(tv.bounds);
  });

  it('gives the manager one window, restored where it was', () => {
    const saved = { manager: { bounds: rect(100, 50, 1024, 700), maximized: false } };
    expect(planWindows('manager', [laptop], 1, saved)).toEqual([
      { shell: 'manager', title: 'دفتریار — مدیریت', bounds: saved.manager.bounds, fullscreen: false, kiosk: false, menu: true, maximize: false },
    ]);
  });

  it('titles every window in Persian', () => {
    expect(planWindows('counter', [laptop], 1, {})[0]!.title).toBe('دفتریار — باجه');
    for (const role of shells) for (const plan of planWindows(role, [laptop, tv], 1, {})) expect(plan.title).toMatch(/^دفتریار — [\u0600-\u06FF\u200C ]+$/);
  });

  it('still plans a window when the system reports no display', () => {
    expect(planWindows('counter', [], 0, {})).toHaveLength(1);
  });
});

describe('openWindows', () => {
  beforeEach(() => {
    electron.FakeBrowserWindow.created.length = 0;
  });

  function openAll(role: Shell, onPlacement = vi.fn<(shell: Shell, placement: Placement) => void>()) {
    const registry = new Map<number, Shell>();
    const windows = openWindows(planWindows(role, [laptop, tv], 1, {}), { preload: '/dist/electron/preload.cjs', devTools: false, registry, onPlacement, log: silentLogger });
    return { windows: windows as unknown as InstanceType<typeof electron.FakeBrowserWindow>[], registry, onPlacement };
  }

  it('opens every window of every role isolated, sandboxed and without Node', () => {
    for (const role of shells) openAll(role);
    expect(electron.FakeBrowserWindow.created).toHaveLength(6); // counter brings the applicant's screen
    for (const win of electron.FakeBrowserWindow.created) {
      expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/dist/electron/preload.cjs' });
    }
  });

  it('loads each shell from app://daftaryar and tells its preload which shell it is', () => {
    const { windows } = openAll('counter');
    expect(windows.map((w) => w.loadURL.mock.calls[0]![0])).toEqual(['app://daftaryar/counter', 'app://daftaryar/applicant']);
    expect(windows.map((w) => w.options.webPreferences?.additionalArguments)).toEqual([['--daftaryar-shell=counter'], ['--daftaryar-shell=applicant']]);
  });

  it('opens kiosk windows full-screen in kiosk mode with the menu removed', () => {
    const [kiosk] = openAll('kiosk').windows;
    expect(kiosk!.options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true, show: false });
    expect(kiosk!.removeMenu).toHaveBeenCalled();
  });

  it('shows a window when it is ready, maximised if planned', () => {
    const [counter] = openAll('counter').windows;
    expect(counter!.show).not.toHaveBeenCalled();
    counter!.emit('ready-to-show');
    expect(counter!.maximize).toHaveBeenCalled();
    expect(counter!.show).toHaveBeenCalled();
  });

  it('keeps the Persian title when the page sets its own', () => {
    const [counter] = openAll('manager').windows;
    const event = { preventDefault: vi.fn() };
    counter!.emit('page-title-updated', event, 'Daftaryar');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('registers each window’s webContents, and the screen it shows, while it is open', () => {
    const { windows, registry } = openAll('counter');
    expect([...registry]).toEqual(windows.map((w, i) => [w.webContents.id, i === 0 ? 'counter' : 'applicant']));
    windows[1]!.emit('closed');
    expect([...registry.keys()]).toEqual([windows[0]!.webContents.id]);
  });

  it('reports where a window was when it closes', () => {
    const { windows, onPlacement } = openAll('manager');
    windows[0]!.emit('close');
    expect(onPlacement).toHaveBeenCalledWith('manager', { bounds: rect(10, 20, 1200, 800), maximized: true, displayId: 7 });
  });
});
