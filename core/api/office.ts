/** The office as headers and public screens show it, and its idle-lock setting. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { allRoles } from '../roles';

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const officeProcedures = {
  'office.setLockAfter': procedure({
    summary: 'Idle minutes after which staff screens lock (0 = never) (manager).',
    access: ['manager'],
    input: z.object({ minutes: z.number().int().min(0).max(240) }).strict(),
    output: ok,
  }),

  'office.info': procedure({
    summary: 'The office as shown in headers and on public screens (no personal data).',
    access: allRoles,
    input: none,
    output: z.object({ name: z.string(), code: z.string(), city: z.string(), lockAfterMinutes: z.number().int() }),
  }),
} satisfies Record<string, ProcedureDef>;
