/**
 * What a counter's thumbnail strip does when a scan runs, for the workstation bench
 * (scripts/bench/workstation.ts): on each `capture.changed` of the request it asks for the request's
 * pages and fetches each new page's thumbnail, as the counter's screen does. Reports `{ page, at }`
 * (epoch ms, the thumbnail in hand) per new page, in the request's order, and `{ done }` once the job
 * stopped running. The same code watches from a workstation (over its paired connection) and from the
 * hub's own PC (in the hub's process, as the Electron counter there reaches it), so the two are
 * measured alike.
 */
type Call = (proc: string, input: unknown) => Promise<Record<string, unknown>>;
type View = { documents: Array<{ pages: Array<{ id: string }> }>; jobs: Array<{ id: string; status: string }> };

export interface ThumbWatch {
  /** call on every `capture.changed` of the request */
  changed(): void;
  /** the job whose end stops the watch */
  watch(jobId: string): void;
}

export async function thumbWatcher(call: Call, requestId: string, out: (line: Record<string, unknown>) => void): Promise<ThumbWatch> {
  const ids = (view: View) => view.documents.flatMap((d) => d.pages.map((p) => p.id));
  const before = new Set(ids((await call('capture.view', { requestId })) as View));
  let jobId = '';
  let busy = false;
  let again = false;
  let shown = 0;
  let over = false;
  const refresh = async (): Promise<void> => {
    if (over) return;
    if (busy) return void (again = true);
    busy = true;
    do {
      again = false;
      const view = (await call('capture.view', { requestId })) as View;
      const fresh = ids(view).filter((id) => !before.has(id));
      for (const id of fresh.slice(shown)) {
        await call('capture.image', { pageId: id, size: 'thumb' });
        out({ page: shown, at: Date.now() });
        shown++;
      }
      const job = view.jobs.find((j) => j.id === jobId);
      if (job && job.status !== 'running') {
        over = true;
        out({ done: job.status, pages: shown });
        break;
      }
    } while (again);
    busy = false;
  };
  return {
    changed: () => void refresh(),
    watch: (id) => {
      jobId = id;
      void refresh();
    },
  };
}
