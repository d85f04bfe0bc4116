/**
 * An inquiry to the judiciary's registries through the central, now: it is not queued — its answer is
 * needed at the counter — so an office without a link is told so at once.
 */
import type * as p from '../../core/sync/protocol';
import { DomainError } from '../../core/errors';
import { CentralError } from './centralClient';
import { clientFor } from './connection';
import type { SyncDeps } from './context';

/** A lost reply is asked again once with the same id (the central answers a repeated id with its first answer and logs it once). */
export async function inquire(deps: SyncDeps, body: p.InquiryRequest): Promise<p.InquiryResponse> {
  const found = clientFor(deps);
  if (!found) throw new DomainError('SYNC_NOT_ENROLLED', 'the office is not enrolled with the central system');
  for (let attempt = 1; ; attempt++) {
    try {
      return await found.client.inquire(body);
    } catch (err) {
      if (!(err instanceof CentralError)) throw err;
      if (err.status === null && attempt < 2) continue;
      if (err.status === null) throw new DomainError('SYNC_CENTRAL_UNREACHABLE', err.message);
      throw new DomainError('INQUIRY_FAILED', `${err.code}: ${err.message}`);
    }
  }
}
