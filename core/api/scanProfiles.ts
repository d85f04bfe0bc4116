/** The office's scan profiles: resolution, colour and paper input per document type. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staff, documentTypes, scanProfile } from './capture-types';

export const scanProfilesProcedures = {
  'scanProfiles.get': procedure({
    summary: "The office's scan profiles: resolution, colour and paper input per document type.",
    access: staff,
    input: z.object({}).strict(),
    output: z.object({ profiles: z.array(scanProfile) }),
  }),
  'scanProfiles.set': procedure({
    summary: "Set the office's scan profiles (one per document type at most); the ones not given are removed.",
    access: ['manager'],
    input: z
      .object({ profiles: z.array(scanProfile).max(documentTypes.length) })
      .strict()
      .refine((v) => new Set(v.profiles.map((p) => p.documentType)).size === v.profiles.length, { message: 'one profile per document type', path: ['profiles'] }),
    output: z.object({ profiles: z.array(scanProfile) }),
  }),
} satisfies Record<string, ProcedureDef>;
