import { existsSync, readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () => {
  const state = {
    windows: [] as Array<{ options: Record<string, unknown>; loaded: string | null; destroyed: boolean; printOptions: unknown }>,
    loadDelayMs: 0,
    failPrint: false,
    concurrent: 0,
    maxConcurrent: 0,
    filter: null as null | ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  };
  class FakeBrowserWindow {
    readonly record: (typeof state.windows)[number];
    readonly webContents: { printToPDF: (o: unknown) => Promise<Uint8Array> };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: null, destroyed: false, printOptions: null };
      state.windows.push(this.record);
      state.concurrent += 1;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
      this.webContents = {
        printToPDF: async (o: unknown) => {
          this.record.printOptions = o;
          if (state.failPrint) throw new Error('printer broke');
          return new TextEncoder().encode(`%PDF-1.7 ${this.record.loaded}`);
        },
      };
    }
    async loadFile(file: string) {
      this.record.loaded = file;
      await new Promise((r) => setTimeout(r, state.loadDelayMs));
    }
    destroy() {
      this.record.destroyed = true;
      state.concurrent -= 1;
    }
  }
  const session = {
    fromPartition: () => ({ webRequest: { onBeforeRequest: (f: NonNullable<typeof state.filter>) => (state.filter = f) } }),
  };
  return { state, FakeBrowserWindow, session };
});
vi.mock('electron', () => ({ BrowserWindow: electron.FakeBrowserWindow, session: electron.session }));

const { electronPdfPrinter } = await import('./pdfPrinter');
const s = electron.state;

beforeEach(() => {
  s.windows.length = 0;
  s.loadDelayMs = 0;
  s.failPrint = false;
  s.concurrent = 0;
  s.maxConcurrent = 0;
});

describe('electronPdfPrinter', () => {
  it('prints the document A5 in a hidden, script-less, sandboxed window and cleans up after itself', async () => {
    const printer = electronPdfPrinter();
    const pdf = await printer.pdf('<html><body>رسید</body></html>');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [w] = s.windows;
    expect(w!.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    expect(w!.printOptions).toMatchObject({ pageSize: 'A5', printBackground: true });
    expect(w!.destroyed).toBe(true);
    expect(existsSync(w!.loaded!)).toBe(false);
  });

  it('lets the document load only its own file: no network, no other file', async () => {
    const printer = electronPdfPrinter();
    await printer.pdf('<p>x</p>');
    const own = s.windows[0]!.loaded!;
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      s.filter!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict(`file://${own}`)).toBe(false);
    expect(verdict('https://example.invalid/font.woff2')).toBe(true);
    expect(verdict('file:///etc/passwd')).toBe(true);
  });

  it('prints one document at a time, and one failure does not stop the next', async () => {
    const printer = electronPdfPrinter();
    s.loadDelayMs = 20;
    const all = await Promise.all([printer.pdf('a'), printer.pdf('b'), printer.pdf('c')]);
    expect(all).toHaveLength(3);
    expect(s.maxConcurrent).toBe(1);
    s.failPrint = true;
    await expect(printer.pdf('d')).rejects.toThrow('printer broke');
    expect(s.windows.at(-1)!.destroyed).toBe(true);
    s.failPrint = false;
    await expect(printer.pdf('e')).resolves.toBeInstanceOf(Buffer);
  });

  it('gives up on a document that never loads, within the bound', async () => {
    const printer = electronPdfPrinter({ timeoutMs: 30 });
    s.loadDelayMs = 500;
    await expect(printer.pdf('slow')).rejects.toThrow(/longer than 30 ms/);
    expect(s.windows[0]!.destroyed).toBe(true);
    const dir = s.windows[0]!.loaded!.split('/').slice(0, -1).join('/');
    expect(readdirSync(dir)).toEqual([]);
  });
});
