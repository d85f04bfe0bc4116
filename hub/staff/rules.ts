/** What every change to a staff account must respect: the certificate rule, the password policy, one account per national id. */
import { passwordProblem } from '../../core/auth/passwordPolicy';
import { DomainError } from '../../core/errors';
import type { StaffRole } from '../../core/roles';
import { findStaffByNationalId, type StaffCertificate } from '../../db/staff';
import type { Database } from '../../db/sqlite';

/** ماده ۳۶ ت: only a manager may work here without a skills certificate on record. */
export function mayBeActive(role: StaffRole, certificate: StaffCertificate | null | undefined): boolean {
  return role === 'manager' || !!certificate;
}

export const certificateRequired = () =>
  new DomainError('CERTIFICATE_REQUIRED', 'a clerk or legal expert needs a skills certificate on record to be active', {
    fields: [{ path: 'certificate.number', reason: 'certificate_required' }],
  });

export function checkPassword(password: string, who: { username: string; nationalId: string | null }): void {
  const problem = passwordProblem(password, who);
  if (problem) throw new DomainError('WEAK_PASSWORD', 'password breaks the policy', { fields: [{ path: 'password', reason: problem }] });
}

export function checkUniqueNationalId(db: Database, nationalId: string, self: number | null): void {
  const other = findStaffByNationalId(db, nationalId);
  if (other && other.id !== self) {
    throw new DomainError('NATIONAL_ID_TAKEN', 'another staff member has this national id', { fields: [{ path: 'nationalId', reason: 'national_id_taken' }] });
  }
}
