/**
 * A5 receipts (and reports) as PDF inside the packaged app, where there is no system Chromium
 * for native/receipt's printer: Electron's own Chromium prints them. One hidden, sandboxed window
 * per document, without scripts and without network (a session that refuses every request but
 * the document's own file), one document at a time, each bounded in time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../native/receipt/pdf';

const PARTITION = 'daftaryar-pdf';

export interface ElectronPdfPrinterOptions {
  /** bound on loading and printing one document; default 30 s */
  timeoutMs?: number;
}

function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function electronPdfPrinter(options: ElectronPdfPrinterOptions = {}): PdfPrinter {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // made on the first document, not at start-up: most days begin without printing anything
  let made: { dir: string; ses: Electron.Session } | undefined;
  const setup = () => {
    if (made) return made;
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-pdf-'));
    const ses = session.fromPartition(PARTITION, { cache: false });
    // the document's own file only: no fonts, images or anything else from anywhere
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith(`file://`) || !details.url.includes(path.basename(dir)) }));
    return (made = { dir, ses });
  };
  let queue: Promise<unknown> = Promise.resolve();

  const print = async (html: string): Promise<Buffer> => {
    const { dir, ses } = setup();
    const file = path.join(dir, `${randomUUID()}.html`);
    writeFileSync(file, html, { mode: 0o600 });
    const win = new BrowserWindow({
      show: false,
      width: 560,
      height: 794,
      webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
    });
    try {
      await within(timeoutMs, win.loadFile(file), 'loading the document');
      const pdf = await within(timeoutMs, win.webContents.printToPDF({ pageSize: 'A5', printBackground: true, preferCSSPageSize: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } }), 'printing to PDF');
      return Buffer.from(pdf);
    } finally {
      win.destroy();
      rmSync(file, { force: true });
    }
  };

  return {
    pdf(html: string): Promise<Buffer> {
      const job = queue.then(() => print(html));
      queue = job.catch(() => {});
      return job;
    },
  };
}
