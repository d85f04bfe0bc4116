import type { z } from 'zod';
import type { Role } from '../roles';

/**
 * Who may call: `public` needs no session (setup, login, health); otherwise the list of roles.
 * This is the one place access is decided; the hub enforces it, never the UI.
 */
export type Access = 'public' | readonly Role[];

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** one line for docs/ and the OpenAPI-style listing */
  summary: string;
  /**
   * How long a caller waits for the answer, when longer than a transport's default: a call that
   * waits on a person at a device (a card being swiped and a PIN typed) must not be given up on.
   */
  answerWithinMs?: number;
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P;
  access: Access;
  summary: string;
}

