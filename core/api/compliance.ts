/**
 * «انطباق با آیین‌نامه»: one row per bylaw rule the software can observe, with its live evidence and
 * its exceptions for a period of office days, and the same as an A4 PDF that carries the audit
 * chain's head (the paper is anchored to the trail). Manager only.
 */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { statisticsPeriod } from './statistics';
import * as s from './schemas';

const access = ['manager'] as const;

export const complianceRuleIds = [
  'receipts',
  'outOfTurn',
  'refusals',
  'deadlines',
  'unsent',
  'inquiries',
  'certificates',
  'exports',
  'auditChain',
  'tariff',
  'tariffBoard',
  'freeServices',
  'satisfaction',
  'statistics',
] as const;
export type ComplianceRuleId = (typeof complianceRuleIds)[number];

export const complianceStatuses = ['ok', 'exceptions', 'notObservable'] as const;

/** A figure of a row: what was counted, and how many. */
const figure = z.object({ label: z.string(), value: z.number().int() });
/** One exception: a line the manager can act on, and where in the console to look. */
const exception = z.object({ text: z.string(), at: s.isoInstant.nullable() });

export const complianceRow = z.object({
  rule: z.enum(complianceRuleIds),
  /** the bylaw's article, as the bylaw writes it: «۳۵ ت» */
  article: z.string(),
  /** the rule in a short Persian sentence */
  text: z.string(),
  status: z.enum(complianceStatuses),
  figures: z.array(figure),
  /** what is wrong, one line each (at most 200; `more` says how many were left off) */
  exceptions: z.array(exception),
  more: z.number().int().nonnegative(),
  /** the manager console's page that holds the evidence (its tab key) */
  link: z.string(),
  /** what the row is read from, or why it cannot be observed */
  note: z.string(),
});
export type ComplianceRow = z.output<typeof complianceRow>;

export const complianceView = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: s.isoInstant,
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  rows: z.array(complianceRow),
});
export type ComplianceView = z.output<typeof complianceView>;

export const complianceProcedures = {
  'compliance.view': procedure({
    summary: 'One row per observable bylaw rule for a period of office days: status, figures, exceptions, where to look.',
    access,
    input: statisticsPeriod,
    output: complianceView,
  }),
  'compliance.pdf': procedure({
    summary: 'The compliance view as an A4 PDF carrying the audit chain head. Recorded in the audit trail.',
    access,
    input: statisticsPeriod,
    output: z.object({ fileName: z.string(), pdfBase64: z.string(), auditHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable() }),
  }),
} satisfies Record<string, ProcedureDef>;
