/** The counter's scanner: which one, its defaults, and the scanners each driver reaches now (docs/CAPTURE.md). */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staff, id, scanDrivers, captureErrorCodes, scannerSetting } from './capture-types';

export const scannerProcedures = {
  'scanner.get': procedure({
    summary: "The counter's scanner setting (null when none is chosen).",
    access: staff,
    input: z.object({ counterId: id }).strict(),
    output: z.object({ setting: scannerSetting.nullable() }),
  }),
  'scanner.set': procedure({
    summary: "Choose the counter's scanner and its defaults; remembered.",
    access: staff,
    input: z.object({ counterId: id, setting: scannerSetting }).strict(),
    output: z.object({ setting: scannerSetting }),
  }),
  'scanner.devices': procedure({
    summary: 'The scanners a driver reaches now (SANE devices, eSCL by mDNS or a typed address, the folder).',
    access: staff,
    input: z.object({ driver: z.enum(scanDrivers), address: z.string().max(500).optional() }).strict(),
    output: z.object({
      /** `model`: the make and model the device reports of itself (eSCL MakeAndModel), once asked */
      devices: z.array(z.object({ driver: z.enum(scanDrivers), id: z.string(), label: z.string(), model: z.string().nullable() })),
      errorCode: z.enum(captureErrorCodes).nullable(),
    }),
    answerWithinMs: 20_000,
  }),
} satisfies Record<string, ProcedureDef>;
