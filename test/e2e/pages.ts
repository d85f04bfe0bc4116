import type { Browser, Page } from '@playwright/test';
import { newConnection } from '../../hub/auth/connection';
import type { WebMode } from '../../hub/webMode';

/** Screens for one spec: each opens in its own page with the office's locale, and records console errors. */
export function screens(consoleErrors: string[]) {
  return async function open(browser: Browser, path: string, size = { width: 1366, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport: size, locale: 'fa-IR', timezoneId: 'Asia/Tehran', acceptDownloads: true });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${path}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
    await page.goto(path);
    return page;
  };
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
