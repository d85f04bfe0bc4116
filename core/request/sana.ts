/**
 * Sana (سامانهٔ ثنا) services: registering someone's judicial account or changing it. ماده ۴۰ ب makes
 * doing so without the owner's consent a degree-7 violation (the licence is revoked), so the owner
 * answers on the applicant's screen before the request may be sent.
 */
import type { ServiceCode } from '../fees/services';

export const sanaServices = ['sanaRegistration', 'sanaEdit', 'sanaPassword'] as const satisfies readonly ServiceCode[];

export function needsOwnerConsent(service: string): boolean {
  return (sanaServices as readonly string[]).includes(service);
}
