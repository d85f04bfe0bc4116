/**
 * The pairing code of a LAN device (docs/SECURITY.md § Devices on the LAN): 12 digits, the first 6 a
 * one-time secret, the last 6 a check computed from the secret and the sha256 of the office
 * certificate authority's public key. A device that sees the certificate — a pinned client —
 * recomputes the check from what it sees before it sends anything: a machine in the middle shows
 * another key, the check fails, and the secret never leaves the device.
 */
import { createHash, createHmac, randomInt, timingSafeEqual, X509Certificate } from 'node:crypto';
import { normalizeFingerprint } from '../../core/format/fingerprint';
import { toLatinDigits } from '../../core/text/digits';

export const PAIRING_SECRET_DIGITS = 6;

export interface PairingCode {
  secret: string;
  check: string;
}

export function newPairingSecret(): string {
  return String(randomInt(0, 10 ** PAIRING_SECRET_DIGITS)).padStart(PAIRING_SECRET_DIGITS, '0');
}

/** 6 digits from HMAC-SHA256(secret, fingerprint): a wrong key gives the right check one time in a million. */
export function pairingCheck(secret: string, fingerprint: string): string {
  const mac = createHmac('sha256', secret).update(`daftaryar-pairing-v1|${normalizeFingerprint(fingerprint)}`).digest();
  return String(mac.readBigUInt64BE(0) % 1_000_000n).padStart(6, '0');
}

export function pairingCode(secret: string, fingerprint: string): string {
  return secret + pairingCheck(secret, fingerprint);
}

/** Typed in any digit set, with spaces or dashes between groups; null unless exactly 12 digits. */
export function parsePairingCode(text: string): PairingCode | null {
  const digits = toLatinDigits(text).replace(/[\s\-\u200c\u200f\u200e_.]/g, '');
  if (!/^\d{12}$/.test(digits)) return null;
  return { secret: digits.slice(0, PAIRING_SECRET_DIGITS), check: digits.slice(PAIRING_SECRET_DIGITS) };
}

export function checkMatches(code: PairingCode, fingerprint: string): boolean {
  return timingSafeEqual(Buffer.from(code.check), Buffer.from(pairingCheck(code.secret, fingerprint)));
}

/** sha256 of a certificate's public key (SubjectPublicKeyInfo, DER), lower-case hex: what devices pin. */
export function spkiFingerprint(cert: string | Buffer | X509Certificate): string {
  const x = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  return createHash('sha256').update(x.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}
