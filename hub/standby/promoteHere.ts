/**
 * Promotion from the standby's own window (docs/STANDBY.md § Promotion from the desktop): the hub PC
 * is dead, so the manager's login cannot go to it. The manager's username and password (and the
 * authenticator's code when the account has one) are checked against the copy this PC keeps — the
 * same staff table the hub had a minute ago — and the office's hub is asked once more: one that
 * still answers is not taken over. Then `promoteCopy` makes the hub folder, and the desktop app
 * starts anew as the office's hub from it (electron/main.ts).
 *
 * Wrong answers are slow (as the hub's own login), one at a time, and a few in a row stop the form
 * for a while: the copy lies on this PC's disk, but its window is no place to try passwords.
 */
import path from 'node:path';
import type { PromoteAnswer, PromoteRequest, StandbyHere } from '../../core/api/workstation';
import { getStaffTotp, findStaffByUsername } from '../../db/staff';
import { readCopy } from '../../db/standby';
import { decoyHash, verifyPassword } from '../auth/passwords';
import { totpStep } from '../auth/totp';
import { copyKey, currentCopy } from './copyKeeper';
import { promoteCopy, promotedAlready, promotedHubDir } from './promote';

/** a wrong answer takes at least this long */
export const PROMOTE_FAILURE_DELAY_MS = 1000;
/** after this many wrong answers in a row the form waits PROMOTE_LOCK_MS */
export const PROMOTE_FAILURES_BEFORE_LOCK = 5;
export const PROMOTE_LOCK_MS = 5 * 60_000;

/** What this PC keeps as the standby: its current copy and how old it is; null when there is none or it was promoted already. */
export function standbyHere(dataDir: string, now: Date = new Date()): StandbyHere {
  if (promotedAlready(promotedHubDir(dataDir))) return null;
  const current = currentCopy(dataDir);
  if (!current) return null;
  const age = Math.max(0, Math.floor((now.getTime() - Date.parse(current.record.takenAt)) / 1000));
  return { copyTakenAt: current.record.takenAt, copyAgeSeconds: age };
}

type Check = { code: 'ok'; actor: string } | { code: 'PROMOTE_NO_COPY' | 'PROMOTE_CREDENTIALS' | 'PROMOTE_OTP_REQUIRED' };

/** The manager's account in the copy: an active manager, the right password, and the code when the account has an authenticator. */
export async function managerOfCopy(dataDir: string, request: PromoteRequest, now: Date): Promise<Check> {
  const current = currentCopy(dataDir);
  if (!current) return { code: 'PROMOTE_NO_COPY' };
  let account: { id: number; passwordHash: string; manager: boolean; totpSecret: string | null } | null;
  try {
    const key = copyKey(dataDir, current.record);
    account = readCopy(path.join(current.dir, 'office.sqlite'), key, (db) => {
      const staff = findStaffByUsername(db, request.username);
      if (!staff || !staff.active) return null;
      const totp = getStaffTotp(db, staff.id);
      return { id: staff.id, passwordHash: staff.passwordHash, manager: staff.role === 'manager', totpSecret: totp?.enabled && totp.secret ? totp.secret : null };
    });
  } catch {
    return { code: 'PROMOTE_NO_COPY' };
  }
  if (!account) {
    await verifyPassword(await decoyHash(), request.password); // as long as a real check
    return { code: 'PROMOTE_CREDENTIALS' };
  }
  if (!(await verifyPassword(account.passwordHash, request.password)) || !account.manager) return { code: 'PROMOTE_CREDENTIALS' };
  if (account.totpSecret) {
    if (request.otp === undefined) return { code: 'PROMOTE_OTP_REQUIRED' };
    if (totpStep(account.totpSecret, request.otp, now) === null) return { code: 'PROMOTE_CREDENTIALS' };
  }
  return { code: 'ok', actor: `staff:${account.id}` };
}

export interface PromoteHereOptions {
  dataDir: string;
  /**
   * Where this PC will serve the office, https://<its address>:<the LAN port>: read when the manager
   * promotes, not when the window opened — the PC's address may have changed since (a DHCP lease).
   */
  hubUrl: () => string;
  /** true when the office's hub still answers (its health, over the pinned link) */
  hubAnswers(): Promise<boolean>;
  /** right before the copy is promoted, once the manager and the hub's silence are checked (the desktop stops its copy keeper) */
  beforePromote?: () => Promise<void>;
  now?: () => Date;
  failureDelayMs?: number;
  log: { info(message: string, detail?: Record<string, unknown>): void; warn(message: string, detail?: Record<string, unknown>): void };
}

/** One promotion at a time per PC, with slow wrong answers and a pause after a run of them. */
export function promoter(options: PromoteHereOptions) {
  const now = options.now ?? (() => new Date());
  let busy = false;
  let failures = 0;
  let lockedUntil = 0;
  const slowly = async (started: number, answer: PromoteAnswer): Promise<PromoteAnswer> => {
    const rest = (options.failureDelayMs ?? PROMOTE_FAILURE_DELAY_MS) - (Date.now() - started);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    return answer;
  };
  return async function promote(request: PromoteRequest): Promise<PromoteAnswer> {
    if (busy || promotedAlready(promotedHubDir(options.dataDir))) return { ok: false, code: 'PROMOTE_BUSY' };
    if (Date.now() < lockedUntil) return { ok: false, code: 'PROMOTE_CREDENTIALS' };
    busy = true;
    const started = Date.now();
    try {
      const checked = await managerOfCopy(options.dataDir, request, now());
      if (checked.code === 'PROMOTE_CREDENTIALS') {
        failures++;
        if (failures >= PROMOTE_FAILURES_BEFORE_LOCK) {
          lockedUntil = Date.now() + PROMOTE_LOCK_MS;
          failures = 0;
        }
        options.log.warn('promotion refused: wrong manager credentials', { username: request.username });
        return await slowly(started, { ok: false, code: checked.code });
      }
      if (checked.code !== 'ok') return { ok: false, code: checked.code };
      failures = 0;
      if (await options.hubAnswers().catch(() => false)) {
        options.log.warn('promotion refused: the office hub still answers');
        return { ok: false, code: 'PROMOTE_HUB_ALIVE' };
      }
      await options.beforePromote?.();
      const promoted = promoteCopy({ standbyDataDir: options.dataDir, hubUrl: options.hubUrl(), now, by: checked.actor });
      options.log.info('promoted to hub from this PC’s window', { epoch: promoted.epoch, copyTakenAt: promoted.copyTakenAt, hubUrl: promoted.hubUrl, by: request.username });
      return { ok: true, epoch: promoted.epoch, copyTakenAt: promoted.copyTakenAt };
    } catch (err) {
      options.log.warn('promotion failed', { error: err instanceof Error ? err.message : String(err) });
      return { ok: false, code: 'PROMOTE_FAILED' };
    } finally {
      busy = false;
    }
  };
}
