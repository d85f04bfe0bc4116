/**
 * Hands a file to the browser's download, by a link the page never shows. The object URL lives
 * until the download has taken it: the next turn for a file made here (a CSV), longer for one the
 * hub sent (a PDF), which a slow PC may still be reading.
 */
export function saveFile(blob: Blob, fileName: string, keepUrlMs = 0): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), keepUrlMs);
}

/** A PDF the hub sent as base64, saved under the name the hub gave it. */
export function savePdf(pdfBase64: string, fileName: string): void {
  const bytes = Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0));
  saveFile(new Blob([bytes], { type: 'application/pdf' }), fileName, 60_000);
}
