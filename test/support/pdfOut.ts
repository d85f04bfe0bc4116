/**
 * What a CUPS file: queue wrote for a PDF job (test/support/cupsServer.ts): the PDF inside it (the
 * generic PDF driver wraps it in PJL), checked by `qpdf --check`, and its text by `pdftotext`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A one-page PDF with a line of text, A5 or A4. */
export async function textPdf(text: string, size: 'A4' | 'A5' = 'A5'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(size === 'A5' ? [419.5, 595.3] : [595.3, 841.9]);
  page.drawText(text, { x: 40, y: size === 'A5' ? 520 : 760, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

export interface PrintedPdf {
  /** the file's bytes before the PDF: the driver's PJL header */
  header: string;
  pdf: Buffer;
  /** qpdf --check exit status (0: a sound PDF) and its output */
  qpdf: { status: number | null; out: string };
  /** pdftotext's reading of it */
  text: string;
}

export function printedPdf(file: string): PrintedPdf {
  const out = fs.readFileSync(file);
  const start = out.indexOf(Buffer.from('%PDF-'));
  if (start < 0) throw new Error(`no PDF in ${file} (${out.length} bytes)`);
  const eof = out.lastIndexOf(Buffer.from('%%EOF'));
  const pdf = out.subarray(start, eof > start ? eof + 5 : out.length);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-out-'));
  const copy = path.join(dir, 'printed.pdf');
  fs.writeFileSync(copy, pdf);
  const check = spawnSync('qpdf', ['--check', copy], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  return { header: out.subarray(0, start).toString('latin1'), pdf, qpdf: { status: check.status, out: `${check.stdout}${check.stderr}` }, text: text.stdout ?? '' };
}

/** Waits until the queue's file holds a whole PDF (CUPS writes it as the job runs). */
export async function waitForPdf(file: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from('%%EOF'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no whole PDF in ${file} within ${timeoutMs} ms`);
}
