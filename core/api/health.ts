/** The hub's liveness, for monitors and a screen's first look: public. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import * as s from './schemas';

const none = z.object({}).strict();

export const healthProcedures = {
  health: procedure({
    summary: "Hub liveness: version, the contract's version (core/api/version.ts), uptime, whether the office is set up.",
    access: 'public',
    input: none,
    output: z.object({
      status: z.literal('ok'),
      version: z.string(),
      /** CONTRACT_VERSION of the hub's build: a workstation with another one is refused at connect */
      contractVersion: z.number().int().positive(),
      startedAt: s.isoInstant,
      now: s.isoInstant,
      setUp: z.boolean(),
    }),
  }),
} satisfies Record<string, ProcedureDef>;
