/**
 * The standby workstation's copy of the office (docs/STANDBY.md): every interval it pulls a snapshot
 * from the hub over the office's HTTPS it pins (its device credential), verifies it and keeps it —
 * atomically: a copy becomes current only once it is whole, checked and durable, so a copy cut short,
 * damaged or under another key never replaces the good one.
 *
 * The folder (`<data>/standby/`):
 *   standby-key.pem        this standby's X25519 private key (0600): the office key comes wrapped for it
 *   copies/<id>/           office.sqlite (as the hub's, encrypted) and copy.json (its digest, when it
 *                          was taken, the epoch, the wrapped key); `<id>.part` while it arrives
 *   pages/<xx>/<sha256>    the sealed page files, as the hub stores them; only new ones are fetched
 *   current.json           which copy is current — replaced durably, last
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import path from 'node:path';
import { z } from 'zod';
import { STANDBY_COPIED_PATH, STANDBY_COPY_PATH, STANDBY_HEADERS, STANDBY_PAGES_PATH, standbyPageNames } from '../../core/api/standby';
import { checkCopy } from '../../db/standby';
import { syncFolder, writeFileDurably } from '../../native/fs/durableFile';
import { pinnedTls, type PairedHub } from '../../native/lan/hubClient';
import { standbyKeyPair, unwrapKey } from './keyWrap';

export const STANDBY_DIR = 'standby';
/** a copy no older than a minute while the hub is up: pulled every 30 s */
export const STANDBY_COPY_EVERY_MS = 30_000;

export const copyRecord = z.object({
  id: z.string().regex(/^[0-9A-Za-z-]{1,60}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  takenAt: z.string(),
  epoch: z.number().int().positive(),
  wrappedKey: z.string(),
  deviceId: z.number().int().positive(),
  userVersion: z.number().int(),
  keptAt: z.string(),
});
export type CopyRecord = z.infer<typeof copyRecord>;

export class CopyRefused extends Error {
  constructor(
    readonly reason: 'transfer' | 'digest' | 'key' | 'check' | 'refused',
    message: string,
    /** the hub's HTTP status, when it refused (403: this PC is not the standby, or no longer) */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CopyRefused';
  }
}

export const standbyPaths = (dataDir: string) => {
  const root = path.join(dataDir, STANDBY_DIR);
  return { root, key: path.join(root, 'standby-key.pem'), copies: path.join(root, 'copies'), pages: path.join(root, 'pages'), current: path.join(root, 'current.json') };
};

/** The current copy's record and its folder, or null when there is none (or it is unreadable). */
export function currentCopy(dataDir: string): { record: CopyRecord; dir: string } | null {
  const p = standbyPaths(dataDir);
  if (!existsSync(p.current)) return null;
  try {
    const { id } = z.object({ id: z.string().regex(/^[0-9A-Za-z-]{1,60}$/) }).parse(JSON.parse(readFileSync(p.current, 'utf8')));
    const dir = path.join(p.copies, id);
    return { record: copyRecord.parse(JSON.parse(readFileSync(path.join(dir, 'copy.json'), 'utf8'))), dir };
  } catch {
    return null;
  }
}

/** The office key of the current copy, unwrapped with this standby's private key. */
export function copyKey(dataDir: string, record: CopyRecord): Buffer {
  return unwrapKey(record.wrappedKey, standbyKeyPair(standbyPaths(dataDir).key).privateKey, `${record.deviceId}:${record.sha256}`);
}

function origin(hub: PairedHub): URL {
  const u = new URL(hub.url);
  return new URL(`https://${u.host}`);
}

function call(hub: PairedHub, method: string, pathName: string, headers: Record<string, string>, body?: string, timeoutMs = 60_000): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(pathName, origin(hub)), {
      method,
      ...pinnedTls(hub),
      headers: { authorization: `Device ${hub.deviceId}:${hub.credential}`, ...headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) },
      timeout: timeoutMs,
    });
    req.once('response', resolve);
    req.once('timeout', () => req.destroy(new Error('the hub did not answer in time')));
    req.once('error', reject);
    req.end(body);
  });
}

async function readAll(res: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of res) {
    n += (chunk as Buffer).length;
    if (n > limit) throw new CopyRefused('transfer', 'answer too large');
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/** Streams `res` into `file` (fsynced); returns the bytes' sha256 and count. */
async function receive(res: IncomingMessage, file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(file, { mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    res.once('error', reject);
    res.once('aborted', () => reject(new CopyRefused('transfer', 'the copy was cut short')));
    out.once('error', reject);
    out.once('finish', resolve);
    res.pipe(out);
  });
  const fd = await open(file, 'r');
  await fd.sync();
  await fd.close();
  return { sha256: hash.digest('hex'), bytes };
}

export interface KeepOptions {
  dataDir: string;
  hub: PairedHub;
  /** where this PC would serve the office once promoted */
  servePort: number;
  now?: () => Date;
}

export interface KeptCopy {
  record: CopyRecord;
  newPages: number;
  /** the whole pull, ms */
  ms: number;
}

/**
 * Verifies a copy that arrived in `dir` against what the hub said of it and makes it current: digest,
 * the office key unwrapped for this standby and this copy, `quick_check` under that key. Throws
 * CopyRefused and leaves the current copy as it was otherwise.
 */
export function acceptCopy(dataDir: string, partDir: string, claimed: Omit<CopyRecord, 'userVersion' | 'keptAt' | 'id'>, received: { sha256: string; bytes: number }, now: Date): CopyRecord {
  const p = standbyPaths(dataDir);
  if (received.sha256 !== claimed.sha256 || received.bytes !== claimed.bytes) throw new CopyRefused('digest', `the copy does not match its digest (${received.bytes} of ${claimed.bytes} bytes)`);
  let key: Buffer;
  try {
    key = unwrapKey(claimed.wrappedKey, standbyKeyPair(p.key).privateKey, `${claimed.deviceId}:${claimed.sha256}`);
  } catch (err) {
    throw new CopyRefused('key', (err as Error).message);
  }
  const check = checkCopy(path.join(partDir, 'office.sqlite'), key);
  if (!check.ok) throw new CopyRefused('check', `the copy does not open as the office’s database: ${check.problem ?? ''}`);
  const id = `${claimed.takenAt.replace(/[^0-9]/g, '')}-${randomBytes(3).toString('hex')}`;
  const record = copyRecord.parse({ ...claimed, id, userVersion: check.userVersion, keptAt: now.toISOString() });
  writeFileDurably(path.join(partDir, 'copy.json'), `${JSON.stringify(record)}\n`);
  const dir = path.join(p.copies, id);
  renameSync(partDir, dir);
  syncFolder(p.copies);
  // the switch: one durable rename of a small file
  writeFileDurably(p.current, `${JSON.stringify({ id })}\n`);
  // older copies go once the new one is current
  for (const name of readdirSync(p.copies)) if (name !== id) rmSync(path.join(p.copies, name), { recursive: true, force: true });
  return record;
}

/** One pull: a snapshot of the database, the new page files, verified and made current, confirmed to the hub. */
export async function keepCopy(options: KeepOptions): Promise<KeptCopy> {
  const t0 = performance.now();
  const now = options.now ?? (() => new Date());
  const p = standbyPaths(options.dataDir);
  mkdirSync(p.copies, { recursive: true, mode: 0o700 });
  mkdirSync(p.pages, { recursive: true, mode: 0o700 });
  const { publicKey } = standbyKeyPair(p.key);
  const res = await call(options.hub, 'POST', STANDBY_COPY_PATH, { [STANDBY_HEADERS.publicKey]: publicKey });
  if (res.statusCode !== 200) {
    const text = (await readAll(res, 65536)).toString('utf8');
    throw new CopyRefused('refused', `the hub refused the copy (${res.statusCode}): ${text.slice(0, 200)}`, res.statusCode);
  }
  const header = (name: string) => String(res.headers[name] ?? '');
  const claimed = {
    sha256: header(STANDBY_HEADERS.sha256),
    bytes: Number(res.headers['content-length'] ?? 0),
    takenAt: header(STANDBY_HEADERS.takenAt),
    epoch: Number(header(STANDBY_HEADERS.epoch)),
    wrappedKey: header(STANDBY_HEADERS.wrappedKey),
    deviceId: options.hub.deviceId,
  };
  const partDir = path.join(p.copies, `${randomBytes(4).toString('hex')}.part`);
  mkdirSync(partDir, { mode: 0o700 });
  let record: CopyRecord;
  try {
    const received = await receive(res, path.join(partDir, 'office.sqlite'));
    // the pages the snapshot refers to were on the hub's disk before it was taken: fetch those not here yet
    const newPages = await fetchPages(options.hub, p.pages);
    record = acceptCopy(options.dataDir, partDir, claimed, received, now());
    const confirm = await call(options.hub, 'POST', STANDBY_COPIED_PATH, { [STANDBY_HEADERS.port]: String(options.servePort) }, JSON.stringify({ takenAt: record.takenAt, bytes: record.bytes, sha256: record.sha256 }));
    await readAll(confirm, 65536);
    return { record, newPages, ms: Math.round(performance.now() - t0) };
  } finally {
    rmSync(partDir, { recursive: true, force: true });
  }
}

async function fetchPages(hub: PairedHub, pagesDir: string): Promise<number> {
  const res = await call(hub, 'GET', STANDBY_PAGES_PATH, {});
  if (res.statusCode !== 200) throw new CopyRefused('refused', `the hub refused the page list (${res.statusCode})`);
  const { names } = standbyPageNames.parse(JSON.parse((await readAll(res)).toString('utf8')));
  let fetched = 0;
  for (const sha of names) {
    const file = path.join(pagesDir, sha.slice(0, 2), sha);
    if (existsSync(file)) continue;
    const page = await call(hub, 'GET', `${STANDBY_PAGES_PATH}/${sha}`, {});
    if (page.statusCode === 404) {
      await readAll(page, 65536);
      continue; // removed by retention since the list was made
    }
    if (page.statusCode !== 200) throw new CopyRefused('refused', `the hub refused page ${sha.slice(0, 12)} (${page.statusCode})`);
    const bytes = await readAll(page);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== String(page.headers[STANDBY_HEADERS.fileSha256] ?? '') || !bytes.subarray(0, 4).equals(Buffer.from('DYP1', 'latin1'))) {
      throw new CopyRefused('digest', `page ${sha.slice(0, 12)} arrived damaged`);
    }
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileDurably(file, bytes);
    fetched++;
  }
  return fetched;
}

/** Bytes of the current copy's database, for the log. */
export function currentCopyBytes(dataDir: string): number | null {
  const c = currentCopy(dataDir);
  return c ? statSync(path.join(c.dir, 'office.sqlite')).size : null;
}
