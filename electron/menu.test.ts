import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
}));
vi.mock('electron', () => ({ Menu: electron.Menu }));

import { buildMenuTemplate, installApplicationMenu } from './menu';

const PERSIAN = /^[\u0600-\u06FF\u200C ]+$/;

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const build = (platform: NodeJS.Platform = 'win32', devTools = false, onAbout = () => {}) => buildMenuTemplate({ platform, devTools, onAbout });

describe('the application menu', () => {
  it('has the Persian top-level menus, file first', () => {
    expect(build().map((m) => m.label)).toEqual(['پرونده', 'ویرایش', 'نما', 'راهنما']);
  });

  it('labels every item in Persian', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      for (const item of items(build(platform, true))) {
        if (item.type === 'separator') continue;
        expect(item.label, JSON.stringify(item.role)).toMatch(PERSIAN);
      }
    }
  });

  it('quits from «پرونده» › «خروج»', () => {
    expect(build()[0]!.submenu).toEqual([{ role: 'quit', label: 'خروج' }]);
  });

  it('offers reload, zoom and full screen under «نما»', () => {
    const view = build()[2]!.submenu as MenuItemConstructorOptions[];
    expect(view.map((i) => i.role).filter(Boolean)).toEqual(['reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']);
  });

  it('offers the developer tools only when asked (unpackaged builds)', () => {
    expect(items(build('win32', false)).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(items(build('win32', true)).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('opens «درباره دفتریار» from «راهنما»', () => {
    const onAbout = vi.fn();
    const help = build('linux', false, onAbout)[3]!;
    const about = (help.submenu as MenuItemConstructorOptions[])[0]!;
    expect(about.label).toBe('درباره دفتریار');
    about.click!({} as never, undefined, {} as never);
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('adds the application menu first on macOS only', () => {
    expect(build('darwin')[0]).toEqual({ role: 'appMenu', label: 'دفتریار' });
    expect(build('win32').some((m) => m.role === 'appMenu')).toBe(false);
  });

  it('leaves F1 to the renderer’s shortcut sheet', () => {
    expect(items(build('win32', true)).some((i) => typeof i.accelerator === 'string' && /^F\d/.test(i.accelerator))).toBe(false);
  });

  it('is installed as the application menu', () => {
    installApplicationMenu({ platform: 'win32', devTools: false, onAbout: () => {} });
    const template = electron.Menu.buildFromTemplate.mock.calls[0]![0] as MenuItemConstructorOptions[];
    expect(template.map((m) => m.label)).toEqual(['پرونده', 'ویرایش', 'نما', 'راهنما']);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(electron.Menu.buildFromTemplate.mock.results[0]!.value);
  });
});
