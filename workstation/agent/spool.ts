/**
 * The agent's page spool (docs/WORKSTATIONS.md § The spool): every scanned page is kept on the
 * workstation until the hub confirms it, so a LAN cut, a hub restart or a kill -9 of the agent loses
 * none. A page counts as spooled only once its file is fsynced and renamed into place (and the folder
 * fsynced); it is removed when the hub's answer says it holds the page.
 *
 * At rest: each page is sealed with AES-256-GCM under the spool key (`spool.key`, 32 random bytes,
 * mode 0600, beside the settings file that holds the device credential), bound to its job and number
 * (the additional data), so a page file moved to another name or job fails to open. The key protects
 * the pages against a copy of the spool folder alone (a backup, a disk taken out); someone who can read
 * the whole data folder as its user can read the key too — the same protection the device
 * credential has.
 *
 * Layout: `<data>/spool/<jobId>/job.json` (the job as the hub gave it, and how its scan ended once it
 * did) and `<data>/spool/<jobId>/<seq>.page`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { agentJob, type AgentJob } from '../../core/api/agent';
import { createFileDurably, writeFileDurablyAsync } from '../../native/fs/durableFile';

export const SPOOL_KEY_FILE = 'spool.key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const spooledJob = z.object({
  job: agentJob,
  /** set once the device stopped: how many pages it made, and the error that stopped it */
  ended: z.object({ pages: z.number().int().min(0), error: z.string().nullable() }).nullable(),
});
export type SpooledJob = z.infer<typeof spooledJob>;

export interface SpooledPage {
  data: Buffer;
  mime: 'image/png' | 'image/jpeg' | 'image/x-portable-anymap';
  dpi: number;
  /** the page's thumbnail and view, made in the driver's decode (sent with the page) */
  preview?: { thumb: Buffer; view: Buffer; widthPx: number; heightPx: number } | undefined;
}

const pageHeader = z.object({
  mime: z.enum(['image/png', 'image/jpeg', 'image/x-portable-anymap']),
  dpi: z.number().int(),
  preview: z.object({ thumbBytes: z.number().int().min(0), viewBytes: z.number().int().min(0), widthPx: z.number().int().positive(), heightPx: z.number().int().positive() }).optional(),
});

export class SpoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpoolError';
  }
}

/** The spool key: made on first use (0600), read afterwards. */
function spoolKey(dataDir: string): Buffer {
  const file = path.join(dataDir, SPOOL_KEY_FILE);
  try {
    const key = readFileSync(file);
    if (key.length !== 32) throw new SpoolError(`${SPOOL_KEY_FILE} is damaged`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  createFileDurably(file, key);
  return key;
}

/** a page put in this run, kept in memory while it is written and for a while after (RECENT_PAGES) */
interface Recent {
  page: SpooledPage;
  written: Promise<void>;
  settled: boolean;
}

/** pages kept in memory once written: those the sender takes next (its window is 2) */
const RECENT_PAGES = 4;

export class Spool {
  private readonly recent = new Map<string, Recent>();

  private constructor(
    readonly dir: string,
    private readonly key: Buffer,
  ) {}

  static open(dataDir: string): Spool {
    const dir = path.join(dataDir, 'spool');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new Spool(dir, spoolKey(dataDir));
  }

  private jobDir(jobId: string): string {
    if (!UUID.test(jobId)) throw new SpoolError('not a job id');
    return path.join(this.dir, jobId);
  }

  /** The jobs in the spool (a folder without its job.json — a crash before it was written — is skipped). */
  async jobs(): Promise<SpooledJob[]> {
    const out: SpooledJob[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      if (!UUID.test(name)) continue;
      const job = await this.job(name);
      if (job) out.push(job);
    }
    return out;
  }

  async job(jobId: string): Promise<SpooledJob | null> {
    try {
      const parsed = spooledJob.safeParse(JSON.parse(await readFile(path.join(this.jobDir(jobId), 'job.json'), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async saveJob(job: AgentJob, ended: SpooledJob['ended']): Promise<void> {
    const dir = this.jobDir(job.jobId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileDurablyAsync(path.join(dir, 'job.json'), Buffer.from(JSON.stringify({ job, ended } satisfies SpooledJob)));
  }

  /**
   * Page `seq` of the job, sealed and on disk when this resolves. From the call on, `pages` lists it and
   * `readPage` gives it from memory, so it can be on its way to the hub while it is written (the scan
   * still takes its next page only once this one is on disk); `dropPage` waits for the write.
   */
  putPage(jobId: string, seq: number, page: SpooledPage): Promise<void> {
    const key = `${jobId}/${seq}`;
    const entry: Recent = { page, written: this.writePage(jobId, seq, page), settled: false };
    this.recent.set(key, entry);
    return entry.written.then(
      () => {
        entry.settled = true;
        this.trimRecent();
      },
      (err: unknown) => {
        if (this.recent.get(key) === entry) this.recent.delete(key);
        throw err;
      },
    );
  }

  /** the newest written pages stay in memory (a few: a long cut must not hold a batch there), the oldest go */
  private trimRecent(): void {
    for (const [key, entry] of this.recent) {
      if (this.recent.size <= RECENT_PAGES) return;
      if (entry.settled) this.recent.delete(key);
    }
  }

  private async writePage(jobId: string, seq: number, page: SpooledPage): Promise<void> {
    const p = page.preview;
    const header = Buffer.from(JSON.stringify({ mime: page.mime, dpi: page.dpi, ...(p ? { preview: { thumbBytes: p.thumb.length, viewBytes: p.view.length, widthPx: p.widthPx, heightPx: p.heightPx } } : {}) }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(`${jobId}/${seq}`));
    const sealed = Buffer.concat([cipher.update(length), cipher.update(header), cipher.update(page.data), ...(p ? [cipher.update(p.thumb), cipher.update(p.view)] : []), cipher.final()]);
    const dir = this.jobDir(jobId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileDurablyAsync(path.join(dir, `${seq}.page`), Buffer.concat([nonce, cipher.getAuthTag(), sealed]));
  }

  /** The numbers of the pages held for a job, ascending (those being written too). */
  async pages(jobId: string): Promise<number[]> {
    const dir = this.jobDir(jobId);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      names = [];
    }
    const held = new Set(
      names
        .map((n) => /^(0|[1-9][0-9]*)\.page$/.exec(n)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number),
    );
    for (const key of this.recent.keys()) if (key.startsWith(`${jobId}/`)) held.add(Number(key.slice(jobId.length + 1)));
    return [...held].sort((x, y) => x - y);
  }

  async readPage(jobId: string, seq: number): Promise<SpooledPage> {
    const recent = this.recent.get(`${jobId}/${seq}`);
    if (recent) return recent.page;
    const file = await readFile(path.join(this.jobDir(jobId), `${seq}.page`));
    if (file.length < 28) throw new SpoolError('a spooled page is damaged');
    const decipher = createDecipheriv('aes-256-gcm', this.key, file.subarray(0, 12));
    decipher.setAuthTag(file.subarray(12, 28));
    decipher.setAAD(Buffer.from(`${jobId}/${seq}`));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(file.subarray(28)), decipher.final()]);
    } catch {
      throw new SpoolError('a spooled page does not open with the spool key');
    }
    const length = plain.readUInt32BE(0);
    const header = pageHeader.parse(JSON.parse(plain.subarray(4, 4 + length).toString('utf8')));
    const body = plain.subarray(4 + length);
    const p = header.preview;
    if (!p) return { mime: header.mime, dpi: header.dpi, data: body };
    const pageBytes = body.length - p.thumbBytes - p.viewBytes;
    if (pageBytes <= 0) throw new SpoolError('a spooled page is damaged');
    return {
      mime: header.mime,
      dpi: header.dpi,
      data: body.subarray(0, pageBytes),
      preview: { thumb: body.subarray(pageBytes, pageBytes + p.thumbBytes), view: body.subarray(pageBytes + p.thumbBytes), widthPx: p.widthPx, heightPx: p.heightPx },
    };
  }

  async dropPage(jobId: string, seq: number): Promise<void> {
    const key = `${jobId}/${seq}`;
    const recent = this.recent.get(key);
    if (recent) {
      // removed once written, or the write would put it back
      await recent.written.catch(() => undefined);
      if (this.recent.get(key) === recent) this.recent.delete(key);
    }
    await rm(path.join(this.jobDir(jobId), `${seq}.page`), { force: true });
  }

  async dropJob(jobId: string): Promise<void> {
    const mine = [...this.recent].filter(([key]) => key.startsWith(`${jobId}/`));
    await Promise.all(mine.map(([, entry]) => entry.written.catch(() => undefined)));
    for (const [key, entry] of mine) if (this.recent.get(key) === entry) this.recent.delete(key);
    await rm(this.jobDir(jobId), { recursive: true, force: true });
  }
}
