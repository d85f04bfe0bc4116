/**
 * A page's files in the store: the three a processed page makes (page, thumbnail, view) written
 * together, a stored one read back (a damaged one is PAGE_DAMAGED), and the images the screens show.
 */
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { Staff } from '../request/requestService';
import { PageStoreError } from './pageStore';
import type { CaptureDeps } from './context';

/** The page, thumbnail and view into the store; all three settle before a failure is thrown (no write left running). */
export async function storeAll(deps: Pick<CaptureDeps, 'store'>, out: { image: Buffer; thumb: Buffer; view: Buffer }): Promise<[string, string, string]> {
  const done = await Promise.allSettled([deps.store.put(out.image), deps.store.put(out.thumb), deps.store.put(out.view)]);
  const failed = done.find((d) => d.status === 'rejected');
  if (failed) throw failed.reason;
  return done.map((d) => (d as PromiseFulfilledResult<string>).value) as [string, string, string];
}

export async function readStored(deps: Pick<CaptureDeps, 'store'>, sha: string): Promise<Buffer> {
  try {
    return await deps.store.get(sha);
  } catch (err) {
    if (err instanceof PageStoreError) throw new DomainError('PAGE_DAMAGED', err.message);
    throw err;
  }
}

/** A page's thumbnail or view; `staff` null is the applicant's screen (its access checked by the handler). */
export async function image(deps: Pick<CaptureDeps, 'db' | 'store' | 'requests'>, pageId: string, size: 'thumb' | 'view', staff: Staff | null): Promise<{ mime: 'image/jpeg'; base64: string }> {
  const page = c.page(deps.db, pageId);
  if (!page) throw new DomainError('UNKNOWN_PAGE', 'no such page');
  if (staff) deps.requests.forChange(page.requestId, staff);
  if (page.purgedAt) throw new DomainError('PAGE_PURGED', 'retention removed this page');
  return { mime: 'image/jpeg', base64: (await readStored(deps, size === 'thumb' ? page.thumbSha256 : page.viewSha256)).toString('base64') };
}
