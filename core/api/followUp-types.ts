/**
 * The link between a remedy request (رفع نقص) and the returned filing it answers, as the request view
 * carries it (core/api/request-types.ts) and the follow-up namespace lists it (core/api/followUp.ts).
 */
import { z } from 'zod';
import { trackingCode } from '../sync/protocol';
import * as s from './schemas';

export const followUpLink = z.object({
  /** the returned request */
  requestId: z.string().uuid(),
  year: z.number().int(),
  number: z.number().int(),
  trackingCode,
  /** the authority's reason for returning it */
  reason: z.string(),
  returnedAt: s.isoInstant.nullable(),
});
export type FollowUpLink = z.infer<typeof followUpLink>;
