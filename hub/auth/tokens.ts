import { randomBytes, createHash } from 'node:crypto';

/** 256 random bits, base64url. The client keeps the token; the database keeps only its hash. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
