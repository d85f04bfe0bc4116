import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createOcrPool } from './ocrPool';

const pool = createOcrPool();
afterAll(() => pool.close());

describe('the OCR worker', () => {
  it('keeps tesseract’s own messages off the hub’s console (a 25 dpi blank page makes it warn)', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => (written.push(String(chunk)), true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void written.push(a.join(' ')));
    const warn = vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void written.push(a.join(' ')));
    try {
      const blank = await sharp({ create: { width: 300, height: 80, channels: 3, background: '#fff' } }).withMetadata({ density: 25 }).png().toBuffer();
      const page = await pool.recognize(blank, { widthPx: 300, heightPx: 80 });
      expect(page.text.trim()).toBe('');
      await new Promise((r) => setTimeout(r, 200)); // a worker's output reaches the main thread asynchronously
    } finally {
      for (const spy of [out, err, log, warn]) spy.mockRestore();
    }
    expect(written.filter((w) => /resolution|Warning|Empty page/i.test(w))).toEqual([]);
  }, 60_000);
});
