import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { newConnection } from '../../hub/auth/connection';
import { silentLogger } from '../../hub/log';
import { startWebMode, type WebMode } from '../../hub/webMode';
import { wsClient, type WsClient } from '../support/wsClient';

/** The office's manager, as the specs set the office up and sign in. */
export const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
export const OFFICE_NAME = 'دفتر خدمات الکترونیک قضایی ۱۲۳۴';

/**
 * Screens for one spec: each opens in its own page with the office's locale, and records console errors.
 * `on`: a spec's own web mode (its origin, and whether it serves HTTPS with the office certificate, which
 * the browser accepts as a person would after installing it); by default the suite's shared server.
 */
export function screens(consoleErrors: string[], on?: { origin: () => string; https?: boolean }) {
  return async function open(browser: Browser, path: string, size = { width: 1366, height: 900 }): Promise<Page> {
    const page = await browser.newPage({
      viewport: size,
      locale: 'fa-IR',
      timezoneId: 'Asia/Tehran',
      acceptDownloads: true,
      ...(on ? { baseURL: on.origin(), ignoreHTTPSErrors: on.https === true } : {}),
    });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${path}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
    await page.goto(path);
    return page;
  };
}

/**
 * Closes every screen a spec file opened once its tests are done. The whole suite runs in one browser:
 * a page left open goes on rendering (a board's clock, a kiosk's idle timer, a socket reconnecting to a
 * hub that is gone) through every later spec, and seventy of them made the last specs' clicks take
 * seconds. Each spec calls this once at its top; the default `page` fixture closes on its own.
 */
export function closeScreensWhenDone(): void {
  test.afterAll(async ({ browser }) => {
    for (const context of browser.contexts()) await context.close().catch(() => {});
  });
}

export const SHOTS = 'test-results/screenshots';

/** A full-page screenshot once the fonts are in, for a person to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * A call on the hub's own side (what the hub PC itself may do without pairing), for the specs that
 * prepare their office through it: `web()` is the spec's running web mode; a refused call throws.
 */
export function localCaller(web: () => WebMode): (proc: string, input: unknown, session?: string) => Promise<any> {
  let id = 1;
  return async (proc, input, session) => {
    const res = await web().hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, { kind: 'local', connection: newConnection() });
    if (!res.ok) throw new Error(`${proc}: ${res.error.code}`);
    return res.output;
  };
}

/**
 * Opens every service of the office all day, 00:00 to 24:00: service hours are the office's business,
 * and the suite must pass at whatever hour it runs. `call` is however the spec reaches its hub: a
 * WebSocket client's `ok`, or `localCaller` with the manager's session. Gives back the queue's
 * configuration as it read it (its services, counters and settings).
 */
export async function openAllDay(call: (proc: any, input: any) => Promise<any>): Promise<any> {
  const config = await call('queue.config', {});
  for (const s of config.services) await call('queue.saveService', { ...s, opensAt: '00:00', closesAt: '24:00' });
  return config;
}

/**
 * The suite's shared office (serve.mjs), as its manager over a WebSocket: set up as 01 does when a spec
 * runs on its own, no ticket printer (tickets are the kiosk screen's from here on), open all day.
 * The spec closes the client when done with it.
 */
export async function sharedOfficeAsManager(baseURL: string): Promise<WsClient> {
  const hub = await wsClient(`${baseURL.replace('http', 'ws')}/api/ws`);
  if (!(await hub.ok('setup.status', {})).setUp) {
    await hub.ok('setup.createOffice', { office: { name: `${OFFICE_NAME} تهران`, code: '۱۲۳۴', city: 'تهران' }, manager });
  }
  hub.setSession((await hub.ok('auth.login', { username: manager.username, password: manager.password })).session);
  await hub.ok('queue.setPrinter', { printer: { kind: 'none' } });
  await openAllDay((proc, input) => hub.ok(proc, input));
  return hub;
}

/** Signs in on the login screen the page shows (the office's manager unless told). */
export async function login(page: Page, who: { username: string; password: string } = manager): Promise<void> {
  await page.getByLabel('نام کاربری').fill(who.username);
  await page.getByLabel('گذرواژه').fill(who.password);
  await page.getByRole('button', { name: 'ورود' }).click();
}

/** Signs in at the counter screen as the manager and takes counter ۱ (picked when there is a choice, left for it when the manager was at another): the desk shows its heading. */
export async function signInAtCounter(page: Page): Promise<void> {
  await login(page);
  const desk = page.getByRole('heading', { name: 'باجهٔ ۱', exact: true });
  const pick = page.getByRole('button', { name: /باجهٔ ۱/ });
  // a spec before this one on the shared office may have left the manager at another counter
  const leave = page.getByRole('button', { name: 'ترک باجه' });
  await expect(desk.or(pick).or(leave).first()).toBeVisible();
  if (!(await desk.isVisible())) {
    if (await leave.isVisible()) await leave.click();
    await pick.click();
  }
  await expect(desk).toBeVisible();
}

/**
 * A web mode of a spec's own, on a fresh data folder, with the office set up and its manager signed in
 * on the hub's side (`managerSession`). `pairing`: every browser must pair, over HTTPS with the office
 * certificate, as the other PCs of the LAN must.
 */
async function officeWebMode(name: string, { port, pairing = false, now }: { port: number; pairing?: boolean; now?: () => Date }): Promise<{ web: WebMode; managerSession: string }> {
  const web = await startWebMode({
    dataDir: mkdtempSync(path.join(tmpdir(), `daftaryar-${name}-`)),
    version: 'e2e',
    host: '127.0.0.1',
    port,
    rendererDir: path.resolve('dist/renderer'),
    ...(pairing ? { requirePairing: true, tls: true } : {}),
    ...(now ? { now } : {}),
    log: silentLogger,
  });
  const local = localCaller(() => web);
  await local('setup.createOffice', { office: { name: OFFICE_NAME, code: '۱۲۳۴', city: 'تهران' }, manager });
  const managerSession = (await local('auth.login', { username: manager.username, password: manager.password })).session;
  return { web, managerSession };
}

export interface SpecOffice {
  web: WebMode;
  managerSession: string;
  consoleErrors: string[];
  local: ReturnType<typeof localCaller>;
  open: ReturnType<typeof screens>;
}

/**
 * A spec's own office (`officeWebMode`), started before its tests and closed after them: `office.web` and
 * `office.managerSession` once started, `local` for calls on the hub's own side, `open` for its screens
 * (their console errors in `consoleErrors`). `now`: the office clock, for a spec that moves it across a day.
 */
export function specOffice(name: string, options: { port: number; pairing?: boolean; now?: () => Date }): SpecOffice {
  const consoleErrors: string[] = [];
  const office: SpecOffice = {
    web: undefined as unknown as WebMode,
    managerSession: '',
    consoleErrors,
    local: localCaller(() => office.web),
    open: screens(consoleErrors, { origin: () => office.web.origin, https: options.pairing === true }),
  };
  test.beforeAll(async () => {
    Object.assign(office, await officeWebMode(name, options));
  });
  test.afterAll(async () => office.web?.close());
  return office;
}
