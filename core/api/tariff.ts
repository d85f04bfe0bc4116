/** The office tariff tables on record (ماده ۱۳): read by staff, added by the manager, never overwritten. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { tariffItemCodes } from '../fees/tariff';
import { staff, id, jalaliDay, tariffTable } from './request-types';
import * as s from './schemas';

export const tariffProcedures = {
  'tariff.tables': procedure({
    summary: 'The office tariff tables on record, oldest first (ماده ۱۳).',
    access: staff,
    input: z.object({}).strict(),
    output: z.object({ tables: z.array(tariffTable) }),
  }),
  'tariff.addTable': procedure({
    summary: 'Add a tariff table with its effective day and source; never overwrites one (manager).',
    access: ['manager'],
    input: z
      .object({
        id: z.string().regex(/^[a-z0-9-]{3,60}$/, { message: 'invalid_format' }),
        title: s.freeText({ min: 2, max: 200 }),
        effectiveFrom: jalaliDay,
        source: s.freeText({ min: 2, max: 500 }),
        items: z.partialRecord(z.enum(tariffItemCodes), z.number().int().min(0).max(1_000_000_000)),
      })
      .strict(),
    output: z.object({ tables: z.array(tariffTable) }),
  }),
} satisfies Record<string, ProcedureDef>;
