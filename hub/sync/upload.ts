/**
 * A submission's pages to the central: ask which it lacks, upload those (each checked against its
 * sha256 here before it goes), and record every confirmed page so that a cut resumes at the next one.
 */
import type { Manifest } from '../../core/sync/protocol';
import * as s from '../../db/sync';
import { PageStoreError } from '../capture/pageStore';
import { sha256Hex, type CentralClient } from './centralClient';
import { LocalDefect, nowIso, type Progress, type SyncDeps } from './context';

export async function uploadPages(deps: Pick<SyncDeps, 'db' | 'now' | 'store' | 'opts' | 'nudge'>, id: string, manifest: Manifest, client: CentralClient, progress: Progress): Promise<void> {
  const { db } = deps;
  const pages = new Map<string, { bytes: number; number: number }>();
  let n = 0;
  for (const d of manifest.documents) for (const pg of d.pages) if (!pages.has(pg.sha256)) pages.set(pg.sha256, { bytes: pg.bytes, number: ++n });
  progress.pagesTotal = pages.size;
  progress.bytesTotal = [...pages.values()].reduce((a, b) => a + b.bytes, 0);
  const confirmed = s.confirmedPages(db, id);
  let todo = [...pages.keys()].filter((sha) => !confirmed.has(sha));
  const done = (sha: string) => {
    progress.pagesDone += 1;
    progress.bytesDone += pages.get(sha)!.bytes;
  };
  for (const sha of confirmed) if (pages.has(sha)) done(sha);
  if (todo.length > 0) {
    const missing = new Set(await client.missing(todo));
    const at = nowIso(deps);
    db.transaction(() => {
      for (const sha of todo) if (!missing.has(sha)) s.confirmPage(db, id, sha, at);
    })();
    for (const sha of todo) if (!missing.has(sha)) done(sha);
    todo = todo.filter((sha) => missing.has(sha));
  }
  const queue = [...todo];
  const upload = async () => {
    for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
      const page = pages.get(sha)!;
      let data: Buffer;
      try {
        data = await deps.store.get(sha);
      } catch (err) {
        if (err instanceof PageStoreError && (err.code === 'NOT_FOUND' || err.code === 'CORRUPT')) {
          throw new LocalDefect('SYNC_PAGE_MISSING', `page ${page.number} (${sha.slice(0, 12)}…) is ${err.code === 'NOT_FOUND' ? 'missing' : 'damaged'} in the page store`);
        }
        throw err;
      }
      if (data.length !== page.bytes || sha256Hex(data) !== sha) throw new LocalDefect('SYNC_PAGE_MISSING', `page ${page.number} does not match its digest`);
      await client.putBlob(sha, data);
      s.confirmPage(db, id, sha, nowIso(deps));
      done(sha);
      deps.nudge.changed();
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(deps.opts.uploadConcurrency, Math.max(queue.length, 1)) }, upload));
  const failure = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failure) throw failure.reason;
}
