import { z } from 'zod';
import { normalizeInput } from './digits';

/** A typed-in string field: missing → `required`, not a string → `invalid_type` (stable reason codes). */
export const requiredString = () => z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'invalid_type') });

/**
 * A typed-in value checked by `normalize`: blank → `required`; `normalize` returning null → `reason`;
 * otherwise the normalised value. Shared by every form that reads ids, codes and references.
 */
export function checkedText(reason: string, normalize: (raw: string) => string | null) {
  return requiredString().transform((raw, ctx) => {
    if (normalizeInput(raw) === '') {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    const value = normalize(raw);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: reason });
      return z.NEVER;
    }
    return value;
  });
}
