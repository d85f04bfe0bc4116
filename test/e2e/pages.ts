import type { Browser, Page } from '@playwright/test';

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
