/** First-run setup: whether it was done, and creating the office with its manager (docs/SECURITY.md § First-run setup). */
import { z } from 'zod';
import type { ProcedureDef } from './contract-types';
import { procedure } from './define';
import { pairingCodeText, pairedDevice } from './device-types';
import * as s from './schemas';

const none = z.object({}).strict();

export const setupProcedures = {
  'setup.status': procedure({
    summary: "Whether first-run setup has been done, and what this connection is: the hub's own PC, a paired LAN device, or a LAN PC still to pair.",
    access: 'public',
    input: none,
    /** `setupCode`: first-run setup on this connection needs the one-time code the hub shows on its own console (--require-pairing) */
    output: z.object({ setUp: z.boolean(), connection: z.enum(['local', 'paired', 'unpaired']), setupCode: z.boolean().optional() }),
  }),

  'setup.createOffice': procedure({
    summary: "First run only: create the office and its manager account. From a connection that is not trusted (--require-pairing) only with the one-time code on the hub's console; that browser is then paired as a counter.",
    access: 'public',
    input: z
      .object({
        office: s.office,
        manager: z.object({ displayName: s.freeText({ min: 2, max: 80 }), username: s.username, password: s.newPassword }).strict(),
        /** the 12-digit code the hub shows on its own console, in any digits, with spaces */
        setupCode: pairingCodeText.optional(),
      })
      .strict(),
    /** `device`: the credential of the browser this setup paired (a connection that was not trusted) */
    output: z.object({ officeCode: z.string(), managerUsername: z.string(), device: pairedDevice.optional() }),
  }),
} satisfies Record<string, ProcedureDef>;
