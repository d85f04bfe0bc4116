import { DomainError } from '../../core/errors';
import { getCounter } from '../../db/queue';
import type { Database } from '../../db/sqlite';
import type { CallContext } from '../services';
import type { Staff } from '../request/requestService';

/** The calling staff member's id (the contract already limited the procedure to staff). */
export function staffIdOf(ctx: CallContext): number {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'staff only');
  return ctx.principal.userId;
}

/** The caller as a staff member, with their role (the contract already limited the procedure to staff). */
export function staffOf(ctx: CallContext): Staff {
  if (ctx.principal?.kind !== 'user') throw new DomainError('FORBIDDEN', 'staff only');
  return { userId: ctx.principal.userId, role: ctx.principal.role };
}

/** A counter the office has, or UNKNOWN_COUNTER. */
export function requireCounter(db: Database, counterId: number): void {
  if (!getCounter(db, counterId)) throw new DomainError('UNKNOWN_COUNTER', 'no such counter');
}
