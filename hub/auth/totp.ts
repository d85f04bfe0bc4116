import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as RFC 6238 and every authenticator app has it: SHA-1, 6 digits, 30-second steps, a 160-bit
 * secret (RFC 4226 §4). A code is accepted for the current step or one either side (±30 s of clock
 * drift between the hub and the phone); the caller then refuses any step not later than the last one
 * accepted, so an overheard code cannot be used again.
 */
export const TOTP_PERIOD_S = 30;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'Daftaryar';

function totp(secret: string, label = ''): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secret) });
}

/** A fresh random secret (base32) and the otpauth:// URI an authenticator app scans. */
export function newTotpSecret(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, label).toString() };
}

/** The step a 6-digit code belongs to, if it is one of the steps around `at`; null otherwise. */
export function totpStep(secret: string, code: string, at: Date): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: at.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}
