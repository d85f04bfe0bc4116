/** The office tariff tables on record (ماده ۱۳): read by staff, added by the manager, never overwritten. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { judicialCostLineCodes } from '../fees/lines';
import { tariffItemCodes } from '../fees/tariff';
import { staff, id, jalaliDay, rials, tariffTable } from './request-types';
import * as s from './schemas';

const itemCode = z.enum(tariffItemCodes);
const judicialCode = z.enum(judicialCostLineCodes);

/** core/fees/board.ts `TariffBoard` on the wire. */
export const tariffBoard = z.object({
  day: jalaliDay,
  office: z
    .object({ id: z.string(), title: z.string(), effectiveFrom: jalaliDay, source: z.string(), items: z.array(z.object({ code: itemCode, rials })) })
    .nullable(),
  judicial: z
    .object({
      id: z.string(),
      title: z.string(),
      effectiveFrom: jalaliDay,
      source: z.string(),
      fixed: z.array(z.object({ code: judicialCode, rials })),
      nonMonetary: z.object({ minRials: rials, maxRials: rials }),
      percentages: z.array(z.object({ code: judicialCode, perMille: z.number().int().min(0).max(1000), upToRials: rials.optional(), aboveRials: rials.optional() })),
    })
    .nullable(),
  nextChangeDay: jalaliDay.nullable(),
});

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
  'tariff.board': procedure({
    summary: 'The tariff in force today, as the waiting-room board, the kiosk and the applicant screen show it (ماده ۳۴ ت): the office tariff and the judicial costs, and the next day either changes.',
    access: ['board', 'kiosk', 'applicant', ...staff],
    input: z.object({}).strict(),
    output: tariffBoard,
  }),
  'tariff.poster': procedure({
    summary: 'The tariff in force today as an A3 poster (PDF) with its approval reference and date, for the waiting room (manager).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
  }),
} satisfies Record<string, ProcedureDef>;
