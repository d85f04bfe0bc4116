/** The office as headers and public screens show it, its idle-lock setting, and its scanner licence. */
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

  'office.dwtLicence': procedure({
    summary: 'Whether the office has a Dynamic Web TWAIN licence key, and its last characters (manager).',
    access: ['manager'],
    input: none,
    /** the key itself never leaves the hub for a screen: `tail` is its last 4 characters */
    output: z.object({ set: z.boolean(), tail: z.string().nullable() }),
  }),

  'office.setDwtLicence': procedure({
    summary: 'Sets (or, empty, clears) the office’s Dynamic Web TWAIN licence key for TWAIN/WIA scanners (manager).',
    access: ['manager'],
    input: z.object({ key: z.string().max(4096).regex(/^ *[\x21-\x7e]* *$/).transform((key) => key.trim()) }).strict(),
    output: ok,
  }),
} satisfies Record<string, ProcedureDef>;
