import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { App, WebContents } from 'electron';
import { shells } from '../core/roles';
import { silentLogger } from '../hub/log';
import { hardenWebContents, installSecurity, secureWebPreferences } from './security';

function fakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
}

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  constructor(readonly session = fakeSession()) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

const asContents = (c: FakeContents) => c as unknown as WebContents;

function navigation(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('hardenWebContents', () => {
  it('prevents navigation and redirects to anything but app://daftaryar', () => {
    const contents = new FakeContents();
    hardenWebContents(asContents(contents), silentLogger);
    for (const kind of ['will-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/counter', 'javascript:alert(1)', 'http://127.0.0.1:4780/counter']) {
        const event = navigation(url);
        contents.emit(kind, event, url);
        expect(event.preventDefault, `${kind} ${url}`).toHaveBeenCalled();
      }
    }
  });

  it('lets our own pages navigate between shells', () => {
    const contents = new FakeContents();
    hardenWebContents(asContents(contents), silentLogger);
    const event = navigation('app://daftaryar/manager');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('denies every window.open, ours included', () => {
    const contents = new FakeContents();
    hardenWebContents(asContents(contents), silentLogger);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://daftaryar/board' })).toEqual({ action: 'deny' });
  });

  it('blocks webviews', () => {
    const contents = new FakeContents();
    hardenWebContents(asContents(contents), silentLogger);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check, once per session', () => {
    const session = fakeSession();
    hardenWebContents(asContents(new FakeContents(session)), silentLogger);
    hardenWebContents(asContents(new FakeContents(session)), silentLogger);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);

    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(check({}, 'media', 'app://daftaryar', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(device({ deviceType: 'usb' })).toBe(false);
  });
});

describe('installSecurity', () => {
  it('hardens every webContents the app creates', () => {
    const app = new EventEmitter();
    installSecurity(app as unknown as Pick<App, 'on'>, silentLogger);
    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect((contents.session as unknown as ReturnType<typeof fakeSession>).setPermissionRequestHandler).toHaveBeenCalled();
  });
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes every shell, with no Node in the page', () => {
    for (const shell of shells) {
      const prefs = secureWebPreferences({ shell, preload: '/app/dist/electron/preload.cjs', devTools: false });
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        devTools: false,
        preload: '/app/dist/electron/preload.cjs',
        additionalArguments: [`--daftaryar-shell=${shell}`],
      });
    }
  });

  it('lets only the board play sound without a click', () => {
    expect(secureWebPreferences({ shell: 'board', preload: '/p', devTools: false }).autoplayPolicy).toBe('no-user-gesture-required');
    expect(secureWebPreferences({ shell: 'counter', preload: '/p', devTools: false }).autoplayPolicy).toBeUndefined();
  });
});
