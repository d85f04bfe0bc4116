/**
 * Looking for a party's document on disk: a document carrying a known byte pattern, and a search of
 * every regular file under some folders for it. A file that holds the pattern holds the document in
 * plain text; a sealed file (AES-GCM) never does.
 */
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The byte pattern inside the test documents (plain ASCII, so it is found wherever the bytes land unencrypted). */
export const MARKER = 'PARTY-DOCUMENT-7f3c9a1e-do-not-leave-on-disk';

/**
 * A one-page PDF that is not a scanned image (a filled rectangle drawn by the content stream), so the
 * importer renders it with pdftoppm. The marker is a comment in the content stream, the file's first
 * object (so the first half of the file holds it too), and again in a comment after the end.
 */
export function markedPdf(marker = MARKER): Buffer {
  const content = `% ${marker}\n0 0 0 rg 20 20 120 40 re f\n`;
  const objects = [
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}endstream`,
    '<< /Type /Catalog /Pages 3 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] /Contents 1 0 R /Resources << >> >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 2 0 R >>\nstartxref\n${xref}\n%%EOF\n% ${marker}\n`;
  return Buffer.from(out, 'latin1');
}

/** Every regular file under the folders (links are not followed; FIFOs, sockets and devices are skipped). */
export function regularFiles(...roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  for (const r of roots) walk(r);
  return out;
}

/** The regular files under the folders whose bytes contain the marker. */
export function filesHolding(marker: string, ...roots: string[]): string[] {
  const needle = Buffer.from(marker, 'latin1');
  return regularFiles(...roots).filter((f) => {
    try {
      return readFileSync(f).includes(needle);
    } catch {
      return false; // gone since it was listed
    }
  });
}
