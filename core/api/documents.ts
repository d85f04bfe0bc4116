/** The manager's and legal expert's search in the OCR text of captured pages; every search audited. */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { uuid } from './capture-types';
import * as s from './schemas';

export const documentsProcedures = {
  'documents.search': procedure({
    summary: 'Search the OCR text of captured pages (manager, legal expert); every search is audited.',
    access: ['manager', 'legalExpert'],
    input: z.object({ query: s.freeText({ min: 2, max: 200 }) }).strict(),
    output: z.object({
      hits: z.array(z.object({ requestId: uuid, requestNumber: z.string(), pageId: uuid, pageNumber: z.number().int(), snippet: z.string() })),
    }),
  }),
} satisfies Record<string, ProcedureDef>;
