/**
 * scanimage's pages through FIFOs instead of files. In a batch, scanimage opens `<page>.part` for
 * writing, writes the page, closes it, renames it to `<page>` and prints that name. Here every
 * `.part` name is a FIFO made in advance, so the open finds a pipe: the page's bytes flow from
 * scanimage into this process's memory, and the disk never holds them. A FIFO has no data on disk,
 * so a hub killed mid-batch leaves empty pipes behind and no page.
 *
 * scanimage's open blocks until a reader opens the same FIFO. Readers are opened only `lookahead`
 * pages beyond what the caller took, so a slow caller holds the scanner back instead of piling pages up
 * in memory. FIFOs are always made some pages ahead of the readers. If scanimage ever found no FIFO,
 * it would create a plain file: the driver then reads and deletes that file as before.
 *
 * Linux only (the reader is opened non-blocking before any writer, and Linux reports no hang-up to
 * such a reader until a writer has come and gone). Elsewhere, or without `mkfifo`, `make` says null
 * and the driver uses files in its private folder.
 */
import { execFile } from 'node:child_process';
import { constants as fsc, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { promisify } from 'node:util';

/** FIFOs made beyond the last opened reader (scanimage can only ever be one past it). */
const SPARE = 4;

interface Reader {
  readonly socket: net.Socket;
  readonly data: Promise<Buffer>;
}

export class PagePipes {
  readonly #fileOf: (n: number) => string;
  #made = 0;
  #opened = 0;
  readonly #readers = new Map<string, Reader>();

  private constructor(fileOf: (n: number) => string) {
    this.#fileOf = fileOf;
  }

  /**
   * FIFOs for the pages `fileOf(1)`, `fileOf(2)`, … (scanimage's batch numbering), or null where they
   * cannot be used.
   */
  static async make(fileOf: (n: number) => string, platform: NodeJS.Platform = process.platform): Promise<PagePipes | null> {
    if (platform !== 'linux') return null;
    const pipes = new PagePipes(fileOf);
    try {
      await pipes.#makeFifos(SPARE);
    } catch {
      return null;
    }
    return pipes;
  }

  async #makeFifos(upTo: number): Promise<void> {
    const names: string[] = [];
    for (let n = this.#made + 1; n <= upTo; n++) names.push(`${this.#fileOf(n)}.part`);
    if (names.length === 0) return;
    await promisify(execFile)('mkfifo', ['-m', '600', ...names]);
    this.#made = upTo;
  }

  /** Lets scanimage write pages up to `upTo` (opens their readers), making FIFOs ahead. */
  async allow(upTo: number): Promise<void> {
    while (this.#opened < upTo) {
      const n = this.#opened + 1;
      if (this.#made < n + 1) await this.#makeFifos(n + SPARE);
      this.#open(n);
      this.#opened = n;
      // scanimage may open page n + 1 as soon as page n is done: its FIFO must be there by then
      if (this.#made < n + 2) await this.#makeFifos(n + 1 + SPARE);
    }
  }

  #open(n: number): void {
    const fd = openSync(`${this.#fileOf(n)}.part`, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const socket = new net.Socket({ fd, readable: true, writable: false, allowHalfOpen: true });
    const data = new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.once('end', () => resolve(Buffer.concat(chunks)));
      socket.once('error', reject);
    });
    data.catch(() => undefined); // a reader closed early (cancel) is never awaited
    this.#readers.set(this.#fileOf(n), { socket, data });
  }

  /**
   * The bytes of a page scanimage reported done (`file` as it printed it), the FIFO removed; null when
   * the page did not come through a FIFO of ours.
   */
  async take(file: string): Promise<Buffer | null> {
    const reader = this.#readers.get(file);
    if (!reader) return null;
    this.#readers.delete(file);
    try {
      return await reader.data;
    } finally {
      reader.socket.destroy();
      await rm(file, { force: true });
    }
  }

  /** Closes every reader still open (the batch is over); the caller removes the folder. */
  close(): void {
    for (const r of this.#readers.values()) r.socket.destroy();
    this.#readers.clear();
  }
}
