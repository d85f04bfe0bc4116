/** The hub's liveness, for monitors and a screen's first look: public. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import * as s from './schemas';

const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;
const none = z.object({}).strict();

export const healthProcedures = {
  health: procedure({
    summary: 'Hub liveness: version, uptime, whether the office is set up.',
    access: 'public',
    input: none,
    output: z.object({
      status: z.literal('ok'),
      version: z.string(),
      startedAt: s.isoInstant,
      now: s.isoInstant,
      setUp: z.boolean(),
    }),
  }),
} satisfies Record<string, ProcedureDef>;
