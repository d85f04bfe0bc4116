/**
 * Fencing (docs/STANDBY.md § Fencing): a promotion raises the office's epoch, and the promoted hub
 * states it in a notice signed with the office's certificate authority key (ECDSA P-256, the key
 * the database holds in `secret`). Only a holder of the office's data can sign one; every hub of the
 * office — and every paired workstation, which pins that authority — can check one. A hub that
 * receives a valid notice of an epoch above its own is superseded: it refuses to serve until the
 * manager tells it (`resumeAsHub`).
 */
import { createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { secret } from '../../db/capture';
import { spkiFingerprint } from '../../native/lan/pairingCode';
import type { Database } from '../../db/sqlite';

export const fenceNotice = z
  .object({
    /** what was signed: the JSON of { office, epoch, hubUrl, at } */
    statement: z.string().min(2).max(2000),
    /** DER ECDSA signature, base64 */
    signature: z.string().min(16).max(400),
  })
  .strict();
export type FenceNotice = z.infer<typeof fenceNotice>;

export const fenceStatement = z
  .object({
    kind: z.literal('daftaryar.hub-epoch'),
    /** sha256 of the office authority's public key: the notice is about this office */
    office: z.string().regex(/^[0-9a-f]{64}$/),
    epoch: z.number().int().min(2),
    /** where the hub of that epoch serves */
    hubUrl: z.string().max(300),
    at: z.string().max(40),
  })
  .strict();
export type FenceStatement = z.infer<typeof fenceStatement>;

function authority(db: Database): { cert: X509Certificate; key: Buffer | null } {
  const cert = secret(db, 'lan.ca.cert');
  if (!cert) throw new Error('the office has no LAN authority yet (it never served the LAN)');
  return { cert: new X509Certificate(cert), key: secret(db, 'lan.ca.key') };
}

/** sha256 of the authority's public key (the same fingerprint devices pin). */
const officeOf = (cert: X509Certificate): string => spkiFingerprint(cert);

/** Signs the statement that the hub of `epoch` serves at `hubUrl`, with the office authority's key. */
export function signFence(db: Database, epoch: number, hubUrl: string, at: Date): FenceNotice {
  const { cert, key } = authority(db);
  if (!key) throw new Error('the office authority key is missing');
  const statement = JSON.stringify(fenceStatement.parse({ kind: 'daftaryar.hub-epoch', office: officeOf(cert), epoch, hubUrl, at: at.toISOString() }));
  const signature = sign('sha256', Buffer.from(statement, 'utf8'), createPrivateKey({ key, format: 'der', type: 'pkcs8' })).toString('base64');
  return { statement, signature };
}

/** The statement of a notice signed by this office's authority, or null (another office, a bad signature, not a notice). */
export function checkFence(authorityCert: X509Certificate, notice: unknown): FenceStatement | null {
  const parsed = fenceNotice.safeParse(notice);
  if (!parsed.success) return null;
  const { statement, signature } = parsed.data;
  let good = false;
  try {
    good = verify('sha256', Buffer.from(statement, 'utf8'), authorityCert.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return null;
  let json: unknown;
  try {
    json = JSON.parse(statement);
  } catch {
    return null;
  }
  const s = fenceStatement.safeParse(json);
  if (!s.success || s.data.office !== officeOf(authorityCert)) return null;
  return s.data;
}

/** `checkFence` against this database's own authority. */
export function checkFenceFor(db: Database, notice: unknown): FenceStatement | null {
  return checkFence(authority(db).cert, notice);
}
