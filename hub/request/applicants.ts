/** The applicants on record, found again by a normalised identity number. */
import { DomainError } from '../../core/errors';
import type { Applicant } from '../../core/identity/applicant';
import { normalizeForeignNationalId, normalizePassportNumber } from '../../core/identity/foreign';
import { normalizeLegalEntityId } from '../../core/identity/legalEntityId';
import { normalizeNationalId } from '../../core/identity/nationalId';
import * as r from '../../db/requests';
import type { HubBase } from '../base';

export type ApplicantIdKind = 'natural' | 'legal' | 'foreignId' | 'passport';

function keyed(prefix: string, value: string | null): string | null {
  return value === null ? null : `${prefix}:${value}`;
}

/** A returning applicant by national id, legal-entity id, foreign-national id or passport number. */
export function findApplicant(hub: HubBase, kind: ApplicantIdKind, id: string): r.ApplicantRow | null {
  const key =
    kind === 'natural' ? keyed('n', normalizeNationalId(id))
    : kind === 'legal' ? keyed('l', normalizeLegalEntityId(id))
    : kind === 'foreignId' ? keyed('f', normalizeForeignNationalId(id))
    : keyed('p', normalizePassportNumber(id));
  if (key === null) throw new DomainError(kind === 'natural' ? 'INVALID_NATIONAL_ID' : 'INVALID_INPUT', 'not a valid identity number', { fields: [{ path: 'id', reason: 'invalid_format' }] });
  return r.findApplicant(hub.db, key) ?? null;
}

/** A new applicant, or the returning one updated. */
export function saveApplicant(hub: HubBase, applicant: Applicant): number {
  return r.saveApplicant(hub.db, applicant, hub.now().toISOString());
}
