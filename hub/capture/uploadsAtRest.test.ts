/**
 * Finding: imported documents sat unencrypted on disk — an upload in plain text in the data folder's
 * `uploads/` (kept after a shutdown, swept only at the next start), the PDF handed to pdftoppm in the
 * system temp folder, a watched folder's original kept in its `done/` for ever. Every test here looks
 * at the bytes of every file under the data folder and under os.tmpdir() (pointed at a fresh folder)
 * for a marker inside the document.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { MARKER, filesHolding, markedPdf, regularFiles } from '../../test/support/atRest';
import { setUpHub, testHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { KEY_FILE, openWithKeyFile } from '../keys/keyFile';
import { DATABASE_FILE } from '../start';
import { defaultCapturePorts } from './defaultPorts';

const realTmp = tmpdir();
const saved = { TMPDIR: process.env.TMPDIR, PATH: process.env.PATH };
let base = '';
let dataDir = '';
let tmp = '';
const children: ChildProcess[] = [];

beforeEach(() => {
  base = mkdtempSync(path.join(realTmp, 'daftaryar-at-rest-'));
  dataDir = path.join(base, 'data');
  tmp = path.join(base, 'tmp');
  mkdirSync(dataDir, { mode: 0o700 });
  mkdirSync(tmp);
  // os.tmpdir() reads TMPDIR at each call: this file's hubs and their children see a fresh, empty one
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  process.env.TMPDIR = saved.TMPDIR;
  process.env.PATH = saved.PATH;
  if (saved.TMPDIR === undefined) delete process.env.TMPDIR;
  rmSync(base, { recursive: true, force: true });
});

/**
 * A `pdftoppm` first on PATH that, before running the real one, writes down every file under the data
 * folder and the temp folder holding the marker: what is on disk while a PDF page is being rendered.
 */
function watchingPdftoppm(opts: { signal?: string; delayS?: number } = {}): { report: string } {
  const bin = path.join(base, 'bin');
  mkdirSync(bin);
  const report = path.join(base, 'seen-while-rendering.txt');
  writeFileSync(
    path.join(bin, 'pdftoppm'),
    [
      '#!/bin/sh',
      `grep -rlF -D skip -e '${MARKER}' '${dataDir}' '${tmp}' >> '${report}' 2>/dev/null`,
      `echo "pdftoppm $*" >> '${report}.ran'`,
      opts.signal ? `touch '${opts.signal}'` : '',
      opts.delayS ? `sleep ${opts.delayS}` : '',
      'exec /usr/bin/pdftoppm "$@"',
    ].join('\n'),
  );
  chmodSync(path.join(bin, 'pdftoppm'), 0o755);
  process.env.PATH = `${bin}:${saved.PATH ?? ''}`;
  return { report };
}

/** Files in the temp folder other than tsx's compile cache (the image workers run from source in tests): none may appear. */
const tmpFiles = () => regularFiles(tmp).filter((f) => !path.relative(tmp, f).startsWith('tsx-'));

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function counterWithPaidRequest(db?: import('../../db/sqlite').Database) {
  const t = await setUpHub({ ...(db ? { db } : {}), capture: { dir: dataDir, ports: defaultCapturePorts({ DAFTARYAR_OCR: '0' }) } });
  const { clerk } = await clerkWithCalledTicket(t);
  const { request } = await paidRequest(t, clerk);
  return { t, clerk, request };
}

describe('imported documents sit unencrypted on disk (finding 4)', () => {
  it('an upload in progress leaves no plain text of the document under the data folder or os.tmpdir()', { timeout: 30_000 }, async () => {
    const doc = markedPdf();
    const { t, clerk } = await counterWithPaidRequest();
    try {
      await t.ok('capture.upload', { uploadId: uuid(1), offset: 0, dataBase64: doc.subarray(0, Math.ceil(doc.length / 2)).toString('base64') }, clerk);
      expect(doc.subarray(0, Math.ceil(doc.length / 2)).includes(MARKER)).toBe(true); // the half sent holds it
      expect(filesHolding(MARKER, dataDir, tmp)).toEqual([]);
      // something of it is on disk (sealed), in the hub's private temp folder inside the data folder
      const held = regularFiles(dataDir).filter((f) => !f.endsWith(DATABASE_FILE) && !f.includes(`${path.sep}pages${path.sep}`));
      expect(held.length).toBeGreaterThan(0);
      for (const f of held) expect(path.relative(dataDir, f).split(path.sep)[0]).toBe('tmp');
      expect(tmpFiles()).toEqual([]);
    } finally {
      await t.hub.close();
      t.db.close();
    }
  });

  it('a PDF page rendered at import (pdftoppm) leaves no plain text anywhere while it runs, nor after', { timeout: 60_000 }, async () => {
    const { report } = watchingPdftoppm();
    const doc = markedPdf();
    const { t, clerk, request } = await counterWithPaidRequest();
    try {
      await t.ok('capture.upload', { uploadId: uuid(2), offset: 0, dataBase64: doc.toString('base64') }, clerk);
      await t.ok('capture.import', { requestId: request.id, counterId: 1, uploadId: uuid(2), fileName: 'evidence.pdf', documentType: 'evidence' }, clerk);
      await t.hub.services.capture.idle();
      const view = await t.ok('capture.view', { requestId: request.id }, clerk);
      expect(view.jobs[0]).toMatchObject({ status: 'done', pages: 1 });
      expect(readFileSync(`${report}.ran`, 'utf8')).toMatch(/pdftoppm/); // the page was rendered, through the wrapper
      expect(existsSync(report) ? readFileSync(report, 'utf8') : '').toBe('');
      expect(filesHolding(MARKER, dataDir, tmp)).toEqual([]);
      expect(tmpFiles()).toEqual([]);
    } finally {
      await t.hub.close();
      t.db.close();
    }
  });

  it('after a clean shutdown nothing of an unfinished upload remains', { timeout: 30_000 }, async () => {
    const doc = markedPdf();
    const { t, clerk } = await counterWithPaidRequest();
    await t.ok('capture.upload', { uploadId: uuid(3), offset: 0, dataBase64: doc.subarray(0, doc.length - 10).toString('base64') }, clerk);
    await t.hub.close();
    t.db.close();
    expect(filesHolding(MARKER, dataDir, tmp)).toEqual([]);
    // no file at all is left outside the page store (which is empty: nothing was imported)
    expect(regularFiles(dataDir)).toEqual([]);
    expect(readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('kill -9 in the middle of an import leaves nothing readable, and the next start sweeps what is left', { timeout: 90_000 }, async () => {
    const signal = path.join(base, 'rendering');
    const { report } = watchingPdftoppm({ signal, delayS: 2 });
    const docFile = path.join(base, 'document.pdf');
    writeFileSync(docFile, markedPdf());
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/support/importingHub.ts'), dataDir, docFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DAFTARYAR_OCR: '0' },
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    // the hub has one upload half sent and is importing another: its page is in pdftoppm right now
    while (!existsSync(signal) || !/importing/.test(out)) {
      if (Date.now() > deadline) throw new Error(`the hub did not reach the import:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await exited;

    expect(existsSync(report) ? readFileSync(report, 'utf8') : '').toBe('');
    expect(filesHolding(MARKER, dataDir, tmp)).toEqual([]);
    expect(tmpFiles()).toEqual([]);
    const left = regularFiles(path.join(dataDir, 'tmp'));
    expect(left.length).toBeGreaterThan(0); // the half-sent upload, sealed under a key that died with the process

    // the next start, on the same folder
    const db = openWithKeyFile(path.join(dataDir, DATABASE_FILE), path.join(dataDir, KEY_FILE));
    const t = testHub({ db, capture: { dir: dataDir, ports: defaultCapturePorts({ DAFTARYAR_OCR: '0' }) } });
    try {
      for (const f of left) expect(existsSync(f)).toBe(false);
      expect(regularFiles(path.join(dataDir, 'tmp'))).toEqual([]);
    } finally {
      await t.hub.close();
      db.close();
    }
    expect(readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('a watched folder’s original is shredded once its job is over, and one left by a crash at the next start', { timeout: 60_000 }, async () => {
    const scans = path.join(base, 'mfp');
    mkdirSync(scans);
    const dbFile = path.join(base, 'office.sqlite');
    const { t, clerk, request } = await counterWithPaidRequest(openDatabase(dbFile));
    let closed = false;
    try {
      await t.ok('scanner.set', { counterId: 1, setting: { driver: 'folder', deviceId: scans, label: 'MFP', source: 'adf', dpi: 300, colorMode: 'grey' } }, t.managerSession);
      const png = await (await import('../../test/support/capture')).smallPage(3);
      writeFileSync(path.join(scans, 'scan-001.png'), png);
      const { jobId } = await t.ok('capture.start', { requestId: request.id, counterId: 1, documentType: 'evidence' }, clerk);
      // the MFP's file is taken once stable (2 s), its page stored; then the clerk ends the batch
      for (let i = 0; i < 200; i++) {
        const v = await t.ok('capture.view', { requestId: request.id }, clerk);
        if (v.documents.flatMap((d) => d.pages).length === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(readdirSync(path.join(scans, 'done'))).toHaveLength(1); // consumed, not yet released
      await t.ok('capture.cancel', { jobId }, clerk);
      await t.hub.services.capture.idle();
      expect((await t.ok('capture.view', { requestId: request.id }, clerk)).documents.flatMap((d) => d.pages)).toHaveLength(1);
      expect(regularFiles(scans)).toEqual([]);

      // a crash between taking a file and ending the job leaves it in done/: the next start shreds it
      writeFileSync(path.join(scans, 'done', '1700000000000-scan-002.png'), png);
      await t.hub.close();
      t.db.close();
      closed = true;
      const db = openDatabase(dbFile);
      const again = testHub({ db, capture: { dir: dataDir, ports: defaultCapturePorts({ DAFTARYAR_OCR: '0' }) } });
      try {
        for (let i = 0; i < 100 && regularFiles(scans).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(regularFiles(scans)).toEqual([]);
      } finally {
        await again.hub.close();
        db.close();
      }
    } finally {
      if (!closed) {
        await t.hub.close();
        t.db.close();
      }
    }
  });
});
