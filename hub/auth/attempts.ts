/**
 * Password guessing, bounded twice (docs/LOGIN.md, docs/SECURITY.md § Password guessing):
 *
 * - per account, in the database: an attempt is *claimed* (the failure count raised, the lock set when
 *   it reaches the limit) in one statement before the password is checked, and only while the account
 *   is not locked (db/staff.ts `claimPasswordAttempt`). Attempts in flight together therefore cannot
 *   judge the lock from a stale copy, and at most `lockAfterFailures` guesses are ever checked before
 *   the lock; a success gives its claim back by clearing the count.
 * - per source (the paired device, else the address; `local` for the hub's own PC), in memory: a
 *   source with `sourceFailures` failures in the window is refused every login for the rest of it,
 *   whatever the account, and no source or account may have more than a few attempts in flight — the
 *   failure delay is per call, so a burst would otherwise check hundreds of passwords in parallel.
 */
import { DomainError } from '../../core/errors';
import { claimPasswordAttempt, getStaff } from '../../db/staff';
import type { Database } from '../../db/sqlite';
import { verifyPassword } from './passwords';

/** Who is guessing: a paired device, a LAN address not yet paired, or the hub's own PC. */
export interface AttemptSource {
  key: string;
  /** the hub's own PC (Electron's IPC, a browser on loopback without pairing): the manager's way in when locked out */
  local: boolean;
}

export function attemptSource(ctx: { lan?: { deviceId: number | null } | undefined; remoteAddress?: string | undefined }): AttemptSource {
  if (!ctx.lan) return { key: 'local', local: true };
  if (ctx.lan.deviceId !== null) return { key: `device:${ctx.lan.deviceId}`, local: false };
  return { key: `address:${ctx.remoteAddress ?? 'unknown'}`, local: false };
}

/** The numbers of the guard (hub/services.ts `defaultAuthPolicy`). */
export interface AttemptPolicy {
  /** failed attempts from one source in the window that block it */
  sourceFailures: number;
  /** the window of `sourceFailures`, and how long a blocked source waits (minutes) */
  sourceWindowMinutes: number;
  /** password checks under way at once from one source; more are refused (TOO_MANY_ATTEMPTS) */
  inFlightPerSource: number;
  /** password checks under way at once on one account name */
  inFlightPerAccount: number;
  /** consecutive failures that lock an account */
  lockAfterFailures: number;
  /** how long a lock lasts (minutes) */
  lockMinutes: number;
}

/** What the guard keeps for one source: when its recent failures happened. */
interface SourceState {
  failures: number[];
  inFlight: number;
}

export class AttemptGuard {
  private readonly sources = new Map<string, SourceState>();
  private readonly accountsInFlight = new Map<string, number>();

  constructor(
    private readonly policy: AttemptPolicy,
    private readonly now: () => Date,
  ) {}

  /**
   * Admit one attempt from `source` (on `account` once it is known): refused while the source is
   * blocked or already has its share in flight. The returned function must be called when the
   * attempt has its answer.
   */
  admit(source: AttemptSource): () => void {
    const state = this.state(source.key);
    const blockedUntil = this.blockedUntil(state);
    if (blockedUntil) throw new DomainError('TOO_MANY_ATTEMPTS', 'too many failed attempts from this device', { retryAt: blockedUntil.toISOString() });
    if (state.inFlight >= this.policy.inFlightPerSource) throw new DomainError('TOO_MANY_ATTEMPTS', 'another attempt from this device is still being checked');
    state.inFlight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      state.inFlight--;
      this.forgetIfIdle(source.key, state);
    };
  }

  /** One more attempt on this account at once; refused past the limit. */
  admitAccount(account: string): () => void {
    const n = this.accountsInFlight.get(account) ?? 0;
    if (n >= this.policy.inFlightPerAccount) throw new DomainError('TOO_MANY_ATTEMPTS', 'another attempt on this account is still being checked');
    this.accountsInFlight.set(account, n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.accountsInFlight.get(account) ?? 1) - 1;
      if (left <= 0) this.accountsInFlight.delete(account);
      else this.accountsInFlight.set(account, left);
    };
  }

  /**
   * A failed attempt from this source: a wrong password, an unknown name, a locked account, a wrong
   * code. True when this failure is the one that blocks the source (worth one audit entry).
   */
  failed(source: AttemptSource): boolean {
    const state = this.state(source.key);
    const before = this.blockedUntil(state) !== null;
    state.failures.push(this.now().getTime());
    return !before && this.blockedUntil(state) !== null;
  }

  private state(key: string): SourceState {
    let state = this.sources.get(key);
    if (!state) this.sources.set(key, (state = { failures: [], inFlight: 0 }));
    return state;
  }

  private prune(state: SourceState): void {
    const since = this.now().getTime() - this.policy.sourceWindowMinutes * 60_000;
    while (state.failures.length > 0 && state.failures[0]! <= since) state.failures.shift();
    // only the newest `sourceFailures` matter
    if (state.failures.length > this.policy.sourceFailures) state.failures.splice(0, state.failures.length - this.policy.sourceFailures);
  }

  private blockedUntil(state: SourceState): Date | null {
    this.prune(state);
    if (state.failures.length < this.policy.sourceFailures) return null;
    return new Date(state.failures[0]! + this.policy.sourceWindowMinutes * 60_000);
  }

  private forgetIfIdle(key: string, state: SourceState): void {
    this.prune(state);
    if (state.inFlight === 0 && state.failures.length === 0) this.sources.delete(key);
  }
}

/** What one checked password came to. */
export type AttemptOutcome = { outcome: 'right'; claimed: boolean } | { outcome: 'wrong'; count: number | null } | { outcome: 'locked'; retryAt: string };

/**
 * Claim an attempt on the account, then (only if it was not locked, or `pastLock`) check the
 * password. A wrong password keeps its claim (it is counted); a right one is for the caller to settle
 * (`resetFailedLogins` on success, `releasePasswordAttempt` when it still needs its second factor).
 */
export async function checkPasswordAttempt(
  hub: { db: Database; now(): Date; auth: AttemptPolicy },
  staff: { id: number; passwordHash: string },
  password: string,
  options: { pastLock?: boolean } = {},
): Promise<AttemptOutcome> {
  const now = hub.now();
  const until = new Date(now.getTime() + hub.auth.lockMinutes * 60_000).toISOString();
  const count = claimPasswordAttempt(hub.db, staff.id, hub.auth.lockAfterFailures, now.toISOString(), until);
  if (count === null && !options.pastLock) return { outcome: 'locked', retryAt: getStaff(hub.db, staff.id)?.lockedUntil ?? until };
  if (await verifyPassword(staff.passwordHash, password)) return { outcome: 'right', claimed: count !== null };
  return { outcome: 'wrong', count };
}
