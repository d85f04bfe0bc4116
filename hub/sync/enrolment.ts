/**
 * Enrolment: this hub gets its identity from the central with a one-time code. An answer naming another
 * office is held for the manager's confirmation instead of being saved.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type * as p from '../../core/sync/protocol';
import { DomainError } from '../../core/errors';
import { normalizeInput } from '../../core/text/digits';
import type { SyncStatusView } from '../../core/api/sync';
import * as c from '../../db/capture';
import * as s from '../../db/sync';
import { getOffice } from '../../db/office';
import type { Staff } from '../request/requestService';
import { record } from '../audit/auditLog';
import { CentralError, enroll as enrollWithCentral, rawPublicKey } from './centralClient';
import { DEVICE_KEY, nowIso, type PendingEnrollment, type SyncDeps } from './context';

/** How long a mismatched enrollment waits for the manager's confirmation. */
const PENDING_ENROLLMENT_MS = 15 * 60_000;

const comparable = (text: string) => normalizeInput(text).replace(/\s+/g, ' ').trim();

/** The central's office is this one: the same code and the same name (digits, ی/ک and spaces aside). */
function sameOffice(local: { name: string; code: string }, central: { officeName: string; officeCode: string }): boolean {
  return comparable(local.code) === comparable(central.officeCode) && comparable(local.name) === comparable(central.officeName);
}

export function enrolled(deps: Pick<SyncDeps, 'db'>): boolean {
  return s.identity(deps.db) !== null;
}

/**
 * A new Ed25519 key pair is made here and only its public half is sent. Re-enrolling (a new office
 * code, a revoked device) replaces the identity; submissions already signed with the old key are
 * signed again.
 */
export async function enroll(deps: SyncDeps, centralUrl: string, code: string, staff: Staff | null): Promise<void> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = rawPublicKey(privateKey);
  let answer: p.EnrollResponse;
  try {
    answer = await enrollWithCentral(centralUrl, { code, publicKey, deviceName: 'hub', softwareVersion: deps.version.slice(0, 40) }, deps.opts.timeoutMs, deps.now);
  } catch (err) {
    if (err instanceof CentralError) {
      if (err.code === 'ENROLLMENT_CODE_INVALID') throw new DomainError('SYNC_ENROLLMENT_CODE_INVALID', err.message);
      if (err.status === null) throw new DomainError('SYNC_CENTRAL_UNREACHABLE', err.message);
      throw new DomainError('SYNC_ENROLLMENT_FAILED', `${err.code}: ${err.message}`);
    }
    throw err;
  }
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const local = getOffice(deps.db);
  deps.state.pendingEnrollment = null;
  if (local && !sameOffice(local, answer)) {
    // The central knows this office by another name or code: a wrong code, or the wrong central.
    // The manager sees both and decides (sync.confirmEnrollment); nothing is saved before that.
    deps.state.pendingEnrollment = {
      token: randomUUID(),
      centralUrl,
      answer,
      der,
      publicKey,
      local: { name: local.name, code: local.code },
      expiresAt: deps.now().getTime() + PENDING_ENROLLMENT_MS,
    };
    deps.nudge.changed();
    return;
  }
  saveEnrollment(deps, centralUrl, answer, der, publicKey, staff, null);
}

/** The manager saw both offices' names and codes and keeps the central's: the held enrollment is saved. */
export function confirmEnrollment(deps: SyncDeps, token: string, staff: Staff | null): void {
  const pending = currentPendingEnrollment(deps);
  if (!pending || pending.token !== token) throw new DomainError('SYNC_ENROLLMENT_NOT_PENDING', 'no enrollment waits for this confirmation');
  deps.state.pendingEnrollment = null;
  saveEnrollment(deps, pending.centralUrl, pending.answer, pending.der, pending.publicKey, staff, pending.local);
}

/** The manager let a mismatched enrollment go: nothing was saved; the central's device stays unused. */
export function cancelEnrollment(deps: SyncDeps, token: string): void {
  if (deps.state.pendingEnrollment?.token === token) {
    deps.state.pendingEnrollment = null;
    deps.nudge.changed();
  }
}

/** The held enrollment, unless it expired (then it is dropped). */
export function currentPendingEnrollment(deps: Pick<SyncDeps, 'now' | 'state'>): PendingEnrollment | null {
  const { state } = deps;
  if (state.pendingEnrollment && state.pendingEnrollment.expiresAt <= deps.now().getTime()) state.pendingEnrollment = null;
  return state.pendingEnrollment;
}

export function pendingView(pending: PendingEnrollment | null): SyncStatusView['pendingEnrollment'] {
  if (!pending) return null;
  return {
    token: pending.token,
    centralUrl: pending.centralUrl,
    central: { name: pending.answer.officeName, code: pending.answer.officeCode },
    local: pending.local,
    expiresAt: new Date(pending.expiresAt).toISOString(),
  };
}

function saveEnrollment(deps: SyncDeps, centralUrl: string, answer: p.EnrollResponse, der: Buffer, publicKey: string, staff: Staff | null, mismatchConfirmed: { name: string; code: string } | null): void {
  const { db } = deps;
  const at = nowIso(deps);
  db.transaction(() => {
    c.saveSecret(db, DEVICE_KEY, der, at);
    const previous = s.identity(db);
    s.saveIdentity(db, {
      centralUrl: centralUrl.replace(/\/+$/, ''),
      officeId: answer.officeId,
      officeCode: answer.officeCode,
      officeName: answer.officeName,
      deviceId: answer.deviceId,
      publicKey,
      serverPublicKey: answer.serverPublicKey,
      enrolledAt: answer.enrolledAt,
      enrolledBy: staff?.userId ?? null,
    });
    // Manifests signed under another identity are signed again under this one (never delivered: they are still in the outbox).
    if (previous && previous.deviceId !== answer.deviceId) {
      s.forgetUndeliveredSignatures(db);
    }
    // whatever waited for an identity may go now
    s.retryAllNow(db, at);
    record(db, deps.now(), {
      actor: staff ? `staff:${staff.userId}` : 'system',
      action: 'deviceEnrolled',
      subject: `device:${answer.deviceId}`,
      detail: {
        centralUrl,
        officeCode: answer.officeCode,
        ...(mismatchConfirmed ? { officeName: answer.officeName, confirmedOverLocalOffice: mismatchConfirmed } : {}),
      },
    });
  }).immediate();
  deps.state.client = null;
  deps.state.identityProblem = null;
  deps.state.link = 'online';
  deps.nudge.changed();
  deps.nudge.kick();
  if (deps.opts.autoStart) deps.nudge.pull();
}
