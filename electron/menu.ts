/**
 * The application menu, in Persian. The template is built by a pure function (tested); the
 * few lines that hand it to Electron sit below it. Chromium lays menus out right-to-left
 * because main.ts starts it with the Persian locale.
 *
 * Keys the menu takes (the renderer's shortcuts must avoid them): Ctrl+R (reload),
 * Ctrl+= / Ctrl+- / Ctrl+0 (zoom), F11 (full screen), Ctrl+Q (quit, Linux), Alt+F4 (Windows);
 * Ctrl+Shift+I for the developer tools, in unpackaged builds only.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { messages } from './messages';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** offer the developer tools (unpackaged builds) */
  devTools: boolean;
  onAbout: () => void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const m = messages.menu;
  const isMac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload', label: m.reload },
    { type: 'separator' },
    { role: 'zoomIn', label: m.zoomIn },
    { role: 'zoomOut', label: m.zoomOut },
    { role: 'resetZoom', label: m.resetZoom },
    { type: 'separator' },
    { role: 'togglefullscreen', label: m.fullscreen },
  ];
  if (options.devTools) view.push({ type: 'separator' }, { role: 'toggleDevTools', label: m.devTools });

  return [
    ...(isMac ? [{ role: 'appMenu' as const, label: messages.appName }] : []),
    { label: m.file, submenu: [{ role: 'quit', label: m.quit }] },
    // Without an Edit menu, macOS has no copy and paste in text fields.
    {
      label: m.edit,
      submenu: [
        { role: 'undo', label: m.undo },
        { role: 'redo', label: m.redo },
        { type: 'separator' },
        { role: 'cut', label: m.cut },
        { role: 'copy', label: m.copy },
        { role: 'paste', label: m.paste },
        { role: 'selectAll', label: m.selectAll },
      ],
    },
    { label: m.view, submenu: view },
    // F1 belongs to the renderer (the shortcut sheet), so «راهنما» has no accelerator.
    { label: m.help, role: 'help', submenu: [{ label: m.about, click: () => options.onAbout() }] },
  ];
}

export function installApplicationMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
