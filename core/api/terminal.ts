/**
 * The bank PC-POS terminal on each counter (native/payment): which one a counter uses and how long a
 * sale may take (manager). The payment itself is `payment.terminal` (./payment.ts).
 */
import { z } from 'zod';
import { normalizeInput } from '../text/digits';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { staffRoles as staff } from '../roles';
import * as s from './schemas';

const counterId = z.number().int().positive().max(1_000_000_000);

export const TERMINAL_TIMEOUT_MIN_MS = 5_000;
export const TERMINAL_TIMEOUT_MAX_MS = 180_000;
export const terminalKinds = ['sadad'] as const;

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])`;
const BASE_URL = new RegExp(`^https?://${HOST}:([0-9]{1,5})/?$`, 'i');

/** The terminal service's address: http(s), a host and an explicit port, nothing after it («http://127.0.0.1:8000»). */
export const terminalBaseUrl = z.preprocess(
  (v) => (typeof v === 'string' ? normalizeInput(v).replace(/\/+$/, '') : v),
  z
    .string()
    .max(300)
    .refine((v) => {
      const m = BASE_URL.exec(v);
      return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
    }, { message: 'invalid_format' }),
);

const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? (normalizeInput(v) === '' ? undefined : normalizeInput(v)) : v === null ? undefined : v), schema.optional());

export const terminalSettingInput = z
  .object({
    counterId,
    kind: z.enum(terminalKinds),
    baseUrl: terminalBaseUrl,
    timeoutMs: z.number().int().min(TERMINAL_TIMEOUT_MIN_MS).max(TERMINAL_TIMEOUT_MAX_MS),
    /** the device on the LAN, when the service is not to use its own configuration */
    deviceIp: optionalText(z.string().max(64).regex(/^[0-9A-Za-z.:-]+$/, { message: 'invalid_format' })),
    devicePort: z.number().int().min(1).max(65535).nullish(),
    /** the terminal id printed on its receipts (شماره پایانه): an approval found by inquiry may not carry it */
    terminalId: optionalText(z.string().regex(/^[0-9A-Za-z]{1,16}$/, { message: 'invalid_format' }).transform((v) => v.toUpperCase())),
  })
  .strict();

export const terminalSetting = z.object({
  counterId,
  kind: z.enum(terminalKinds),
  baseUrl: z.string(),
  timeoutMs: z.number().int(),
  deviceIp: z.string().nullable(),
  devicePort: z.number().int().nullable(),
  terminalId: z.string().nullable(),
  updatedAt: s.isoInstant,
  updatedBy: z.number().int(),
});
export type TerminalSetting = z.infer<typeof terminalSetting>;

export const terminalProcedures = {
  'terminal.get': procedure({
    summary: 'The card terminal set for a counter, or null.',
    access: staff,
    input: z.object({ counterId }).strict(),
    output: z.object({ terminal: terminalSetting.nullable() }),
  }),

  'terminal.set': procedure({
    summary: 'Set the card terminal of a counter: its kind, the address of its local service and how long a sale may take (manager).',
    access: ['manager'],
    input: terminalSettingInput,
    output: z.object({ terminal: terminalSetting }),
  }),
} satisfies Record<string, ProcedureDef>;
