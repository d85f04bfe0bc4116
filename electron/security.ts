/**
 * What every page runs with, and what every webContents may not do. Our pages come only from
 * app://daftaryar; they never navigate elsewhere, open windows, embed webviews or get a
 * browser permission (camera, notifications, clipboard…): the hub and the main process do
 * the privileged work.
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';
import type { Shell } from '../core/roles';
import { createLogger, type Logger } from '../hub/log';
import { isAppUrl, originForLog } from './origin';
import { FIRST_RUN_ARG, shellArgument } from './shellArg';

export interface PreferenceOptions {
  /** the screen; null for the first-run window, which gets the first-run bridge instead of the hub's */
  shell: Shell | null;
  /** absolute path of dist/electron/preload.cjs */
  preload: string;
  /** developer tools; off in packaged builds */
  devTools: boolean;
}

/** The webPreferences of every window we open. */
export function secureWebPreferences(options: PreferenceOptions): WebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.devTools,
    additionalArguments: [options.shell ? shellArgument(options.shell) : FIRST_RUN_ARG],
    // The board announces calls with a chime and a voice, with nobody there to click first.
    ...(options.shell === 'board' ? { autoplayPolicy: 'no-user-gesture-required' as const } : {}),
  };
}

const hardenedSessions = new WeakSet<Session>();

/** Deny every permission request and check in a session (once per session). */
export function hardenSession(session: Session): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Lock down one webContents: our origin only, no new windows, no webviews, no permissions. */
export function hardenWebContents(contents: WebContents, log: Logger = createLogger()): void {
  const stayHome = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn(`${kind} blocked`, { to: originForLog(event.url) });
  };
  contents.on('will-navigate', stayHome('navigation'));
  contents.on('will-redirect', stayHome('redirect'));
  contents.setWindowOpenHandler((details) => {
    log.warn('window.open blocked', { to: originForLog(details.url) });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview blocked', {});
  });
  hardenSession(contents.session);
}

/** Install the lock-down for every webContents the app will ever create; call before `ready`. */
export function installSecurity(app: Pick<App, 'on'>, log: Logger = createLogger()): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}
