import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternPage } from '../../test/support/capturePages';
import { checkFileName, importBuffer, importFile } from './importFile';
import { ScannerError, type RawPage } from './types';
import { bombPng, collect } from '../../test/support/capturePages';
import { MARKER, markedPdf } from '../../test/support/atRest';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const codeOf = (e: unknown) => (e instanceof ScannerError ? e.code : e);


describe('importFile: images', () => {
  it('yields a JPEG as it is, with its dpi and origin', async () => {
    const jpeg = await sharp(await patternPage(200, 280)).withDensity(200).jpeg().toBuffer();
    await writeFile(path.join(dir, 'a.jpg'), jpeg);
    const { pages, error } = await collect(importFile(dir, 'a.jpg'));
    expect(error).toBeNull();
    expect(pages).toEqual([{ index: 0, data: jpeg, mime: 'image/jpeg', dpi: 200, origin: { fileName: 'a.jpg', pageOfFile: 0 } }]);
  });

  it('yields a PNG without density at the default dpi', async () => {
    const png = await patternPage(120, 160);
    const { pages } = await collect(importBuffer(png, 'b.png', { defaultDpi: 150, firstIndex: 4 }));
    expect(pages.map((p) => [p.index, p.mime, p.dpi])).toEqual([[4, 'image/png', 150]]);
  });

  it('splits a 3-page TIFF into 3 PNG pages with the right content', async () => {
    const colours = ['#ff0000', '#00ff00', '#0000ff'];
    const frames = await Promise.all(colours.map((c) => sharp({ create: { width: 80, height: 100, channels: 3, background: c } }).png().toBuffer()));
    const tiff = await sharp(frames, { join: { animated: true } }).tiff().toBuffer();
    const { pages, error } = await collect(importBuffer(tiff, 'scan.tif'));
    expect(error).toBeNull();
    expect(pages.map((p) => [p.index, p.mime, p.origin?.pageOfFile])).toEqual([
      [0, 'image/png', 0],
      [1, 'image/png', 1],
      [2, 'image/png', 2],
    ]);
    const aborted = await collect(importBuffer(tiff, 'scan.tif', { signal: AbortSignal.abort() }));
    expect(codeOf(aborted.error)).toBe('CANCELLED');
    const stats = await Promise.all(pages.map(async (p) => (await sharp(p.data).stats()).dominant));
    expect(stats).toEqual([expect.objectContaining({ r: 248 }), expect.objectContaining({ g: 248 }), expect.objectContaining({ b: 248 })]);
  });
});

describe('importFile: scanned PDFs', () => {
  it('takes the embedded JPEG of each page byte for byte, and a Flate image as PNG of the same pixels', async () => {
    const jpeg = await sharp(await patternPage(300, 420)).jpeg().toBuffer();
    const png = await patternPage(150, 210, 1);
    const doc = await PDFDocument.create();
    const j = await doc.embedJpg(jpeg);
    doc.addPage([216, 302.4]).drawImage(j, { x: 0, y: 0, width: 216, height: 302.4 }); // 3 in wide → 100 dpi
    const p = await doc.embedPng(png);
    doc.addPage([108, 151.2]).drawImage(p, { x: 0, y: 0, width: 108, height: 151.2 }); // 1.5 in → 100 dpi
    const { pages, error } = await collect(importBuffer(Buffer.from(await doc.save()), 'scan.pdf', { pdftoppmPath: null }));
    expect(error).toBeNull();
    expect(pages.map((x) => [x.mime, x.dpi, x.origin?.pageOfFile])).toEqual([
      ['image/jpeg', 100, 0],
      ['image/png', 100, 1],
    ]);
    expect(pages[0]!.data.equals(jpeg)).toBe(true);
    const [got, want] = await Promise.all([pages[1]!.data, png].map((b) => sharp(b).removeAlpha().raw().toBuffer()));
    expect(got!.equals(want!)).toBe(true);
  });

  it('renders a page of vector text with pdftoppm, or refuses it with FILE_NOT_SCANNED without pdftoppm', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([144, 144]).drawText('not a scan', { x: 10, y: 70, size: 12, font });
    const bytes = Buffer.from(await doc.save());
    const rendered = await collect(importBuffer(bytes, 'typed.pdf', { defaultDpi: 100 }));
    expect(rendered.error).toBeNull();
    const meta = await sharp(rendered.pages[0]!.data).metadata();
    expect([meta.width, meta.height]).toEqual([200, 200]);
    const refused = await collect(importBuffer(bytes, 'typed.pdf', { pdftoppmPath: null }));
    expect(codeOf(refused.error)).toBe('FILE_NOT_SCANNED');
  });

  it('imported documents sit unencrypted on disk (finding 4): pdftoppm gets the PDF on stdin, nothing lands in os.tmpdir()', async () => {
    // TMPDIR points at a fresh folder; a pdftoppm wrapper writes down every file holding the document's marker while it runs
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    const report = path.join(dir, 'seen.txt');
    const wrapper = path.join(dir, 'pdftoppm-watching');
    await writeFile(wrapper, `#!/bin/sh\ngrep -rlF -D skip -e '${MARKER}' '${tmp}' >> '${report}' 2>/dev/null\necho "$*" >> '${report}.args'\nexec pdftoppm "$@"\n`, { mode: 0o755 });
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const { pages, error } = await collect(importBuffer(markedPdf(), 'evidence.pdf', { defaultDpi: 100, pdftoppmPath: wrapper }));
      expect(error).toBeNull();
      expect(pages).toHaveLength(1);
      const meta = await sharp(pages[0]!.data).metadata();
      expect([meta.width, meta.height]).toEqual([278, 278]);
      expect(await readFile(`${report}.args`, 'utf8')).toMatch(/-png/);
      expect(await readFile(report, 'utf8').catch(() => '')).toBe('');
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('says FILE_NOT_SCANNED when pdftoppm is not installed, and FILE_UNREADABLE when it fails on the page', async () => {
    const missing = await collect(importBuffer(markedPdf(), 'evidence.pdf', { pdftoppmPath: path.join(dir, 'no-pdftoppm-here') }));
    expect(codeOf(missing.error)).toBe('FILE_NOT_SCANNED');
    const failing = path.join(dir, 'pdftoppm-failing');
    await writeFile(failing, '#!/bin/sh\ncat > /dev/null\necho "Syntax Error" >&2\nexit 1\n', { mode: 0o755 });
    const failed = await collect(importBuffer(markedPdf(), 'evidence.pdf', { pdftoppmPath: failing }));
    expect(codeOf(failed.error)).toBe('FILE_UNREADABLE');
    const silent = path.join(dir, 'pdftoppm-silent');
    await writeFile(silent, '#!/bin/sh\ncat > /dev/null\nexit 0\n', { mode: 0o755 });
    expect(codeOf((await collect(importBuffer(markedPdf(), 'evidence.pdf', { pdftoppmPath: silent }))).error)).toBe('FILE_UNREADABLE');
  });

  it('refuses an encrypted PDF (qpdf, AES-256) as FILE_UNREADABLE', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    const plain = path.join(dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    await writeFile(plain, await doc.save());
    await promisify(execFile)('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, locked]);
    const { error } = await collect(importFile(dir, 'locked.pdf'));
    expect(codeOf(error)).toBe('FILE_UNREADABLE');
  });
});

describe('importFile: hostile input', () => {
  it('refuses 0-byte, truncated and corrupt files as FILE_UNREADABLE', async () => {
    await writeFile(path.join(dir, 'empty.png'), Buffer.alloc(0));
    expect(codeOf((await collect(importFile(dir, 'empty.png'))).error)).toBe('FILE_UNREADABLE');

    const jpeg = await sharp(await patternPage(300, 400)).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect(codeOf((await collect(importBuffer(truncated, 'cut.jpg'))).error)).toBe('FILE_UNREADABLE');

    const png = await patternPage(300, 400);
    expect(codeOf((await collect(importBuffer(png.subarray(0, png.length - 200), 'cut.png'))).error)).toBe('FILE_UNREADABLE');

    const garbage = Buffer.concat([png.subarray(0, 8), Buffer.alloc(500, 7)]);
    expect(codeOf((await collect(importBuffer(garbage, 'junk.png'))).error)).toBe('FILE_UNREADABLE');
    expect(codeOf((await collect(importBuffer(Buffer.from('hello'), 'note.png'))).error)).toBe('FILE_UNREADABLE');
    expect(codeOf((await collect(importBuffer(Buffer.from('%PDF-1.4 garbage'), 'x.pdf'))).error)).toBe('FILE_UNREADABLE');
  });

  it('refuses a 30000 × 30000 PNG from its header as FILE_TOO_LARGE, quickly', async () => {
    const started = Date.now();
    const { error } = await collect(importBuffer(bombPng(30_000, 30_000), 'bomb.png'));
    expect(codeOf(error)).toBe('FILE_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a file over the byte cap as FILE_TOO_LARGE before reading it', async () => {
    await writeFile(path.join(dir, 'big.png'), await patternPage(100, 100));
    const { error } = await collect(importFile(dir, 'big.png', { limits: { maxBytes: 100 } }));
    expect(codeOf(error)).toBe('FILE_TOO_LARGE');
  });

  it('refuses names with path parts, absolute paths and NUL as FILE_NAME_REFUSED', async () => {
    for (const name of ['../a.png', 'x/../../etc/passwd', '/etc/passwd', 'a\0.png', '..', 'C:\\x.png', 'sub\\a.png', '']) {
      expect(() => checkFileName(name)).toThrow(/FILE_NAME_REFUSED/);
      expect(codeOf((await collect(importFile(dir, name))).error)).toBe('FILE_NAME_REFUSED');
    }
    expect(() => checkFileName('اسکن ۱.png')).not.toThrow();
  });

  it('refuses a symlink (never followed) and a device file as FILE_NAME_REFUSED', async () => {
    await writeFile(path.join(dir, 'real.png'), await patternPage(50, 50));
    await symlink(path.join(dir, 'real.png'), path.join(dir, 'link.png'));
    expect(codeOf((await collect(importFile(dir, 'link.png'))).error)).toBe('FILE_NAME_REFUSED');
    expect(codeOf((await collect(importFile('/dev', 'null'))).error)).toBe('FILE_NAME_REFUSED');
    expect((await collect(importFile(dir, 'real.png'))).pages).toHaveLength(1);
  });
});
