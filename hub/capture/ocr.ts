/**
 * OCR in the background: one page at a time, oldest first, filling the search index; the counter never
 * waits for it.
 */
import * as c from '../../db/capture';
import type { CaptureDeps } from './context';

/** Starts the OCR loop if it is idle. */
export function kickOcr(deps: Pick<CaptureDeps, 'db' | 'log' | 'store' | 'ports' | 'state'>): void {
  const { state } = deps;
  if (state.ocrBusy || state.ocrStopped) return;
  const engine = deps.ports.ocr();
  if (!engine) return;
  state.ocrBusy = true;
  void (async () => {
    try {
      for (;;) {
        if (state.ocrStopped) return;
        const next = c.pagesAwaitingOcr(deps.db, 1)[0];
        if (!next) return;
        let result: { text: string; json: string } | null = null;
        try {
          const image = await deps.store.get(next.sha256);
          const ocr = await engine.recognize(image, { widthPx: next.widthPx, heightPx: next.heightPx });
          result = { text: ocr.text, json: JSON.stringify(ocr) };
        } catch (err) {
          deps.log.warn('OCR failed for a page', { pageId: next.id, error: err instanceof Error ? err.message : String(err) });
        }
        if (state.ocrStopped) return;
        c.saveOcr(deps.db, next.id, next.sha256, result);
      }
    } finally {
      state.ocrBusy = false;
    }
  })();
}

/** For tests: resolves when no page waits for OCR (or OCR is off). */
export async function ocrIdle(deps: Pick<CaptureDeps, 'db' | 'log' | 'store' | 'ports' | 'state'>, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (deps.ports.ocr() && (deps.state.ocrBusy || c.pagesAwaitingOcr(deps.db, 1).length)) {
    if (Date.now() > until) throw new Error('OCR did not finish in time');
    kickOcr(deps);
    await new Promise((r) => setTimeout(r, 50));
  }
}
