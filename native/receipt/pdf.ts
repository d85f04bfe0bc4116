// playwright-core is loaded on the first PDF, not with the hub: it is ~0.3 s of module loading at start.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildReceiptHtml } from './template';
import type { Receipt } from './model';

/**
 * HTML → PDF. Persian needs a real text engine (shaping, bidi, ZWNJ, mirroring): pdf-lib alone
 * reverses digit and Latin runs, Chromium's print-to-PDF gets them right (design/STACK.md).
 *
 * Two implementations of the same job:
 * - {@link chromiumPdfPrinter}: a headless Chromium driven by playwright-core (web mode, tests);
 * - in the Electron app, `webContents.printToPDF` of a hidden window does the same thing with the
 *   Chromium already inside Electron (electron/ will implement this interface).
 */
export interface PdfPrinter {
  /** `html` is a complete, self-contained document (no network: fonts and images inline). */
  pdf(html: string): Promise<Buffer>;
}

export interface ChromiumPdfPrinter extends PdfPrinter {
  /** Waits for queued PDFs, then closes the browser; a later `pdf()` would start a new one. */
  close(): Promise<void>;
}

export interface ChromiumPdfPrinterOptions {
  /** e.g. `/usr/bin/chromium` */
  executablePath: string;
  /** bound on launch and on each page step; default 30 s */
  timeoutMs?: number;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * One headless Chromium, started on the first receipt and reused for every later one, with one
 * page that each receipt replaces (a cold start costs 1–3 s; a new page per receipt would add
 * ≈ 0.3 s; a warm PDF is ≈ 0.4–0.5 s). The page lives in an offline, script-less context. Calls
 * are queued and printed one at a time; a failed call discards the page (and a failed start the
 * browser), so the next call starts clean.
 */
export function chromiumPdfPrinter(options: ChromiumPdfPrinterOptions): ChromiumPdfPrinter {
  const timeout = options.timeoutMs ?? 30_000;
  let started: Promise<{ browser: Browser; context: BrowserContext }> | undefined;
  let page: Page | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const start = () => {
    started ??= (async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: options.executablePath, headless: true, args: CHROMIUM_ARGS, timeout });
      try {
        // No scripts and no network: the template needs neither, and a field can never fetch or run anything.
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        await context.route(/^(?!data:|about:)/, (route) => route.abort());
        return { browser, context };
      } catch (err) {
        await browser.close().catch(() => {});
        throw err;
      }
    })();
    started.catch(() => {
      started = undefined;
    });
    return started;
  };

  const print = async (html: string): Promise<Buffer> => {
    const { context } = await start();
    if (!page || page.isClosed()) {
      page = await context.newPage();
      page.setDefaultTimeout(timeout);
    }
    const current = page;
    try {
      await current.setContent(html, { waitUntil: 'load' });
      // The fonts are data: URLs, loaded by 'load'; wait for their faces all the same.
      await current.evaluate('document.fonts.ready.then(() => true)').catch(() => {});
      return await current.pdf({ format: 'A5', printBackground: true, preferCSSPageSize: true });
    } catch (err) {
      page = undefined;
      await current.close().catch(() => {});
      throw err;
    }
  };

  return {
    pdf(html) {
      const job = queue.then(() => print(html));
      queue = job.catch(() => {});
      return job;
    },
    async close() {
      await queue;
      const running = started;
      started = undefined;
      page = undefined;
      const opened = running ? await running.catch(() => undefined) : undefined;
      if (!opened) return;
      // the context first, then the browser: whatever watches the context (a test run's tracing in the
      // same process) sees it end before its browser goes
      await opened.context.close().catch(() => {});
      await opened.browser.close();
    },
  };
}

/** Validates the receipt (payment or filing), builds its A5 HTML and prints it to PDF. */
export function receiptPdf(printer: PdfPrinter, receipt: Receipt): Promise<Buffer> {
  return printer.pdf(buildReceiptHtml(receipt));
}
