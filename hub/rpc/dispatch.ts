import type { z } from 'zod';
import { allows, events, isEventName, isProcedureName, procedures, type ProcedureName } from '../../core/api/contract';
import { callFrame, subscribeFrame, type ResultFrame, type WireError } from '../../core/api/wire';
import { DomainError, type FieldIssue } from '../../core/errors';
import { resolveSession } from '../auth/sessions';
import { checkConnection, claimConnection, type Connection } from '../auth/connection';
import type { CallContext, HubServices, LanConnection, TransportKind } from '../services';
import { checkLanCall, checkLanPrincipal, checkLanSubscribe } from '../lan/lanGate';
import type { Handlers } from '../handlers';
import { actorOf, record, type AuditEntry } from '../audit/auditLog';
import { audited } from '../audit/audited';
import { requestViewLog } from '../audit/requestViews';
import { viewed, type RequestViewed } from '../audit/viewed';

export interface TransportInfo {
  kind: TransportKind;
  remoteAddress?: string | undefined;
  /** a connection from another PC: pairing first (hub/lan/lanGate.ts) */
  lan?: LanConnection | undefined;
  /**
   * What this connection has carried: one kind of caller for its whole life (hub/auth/connection.ts).
   * One per WebSocket, one per window for IPC; an in-process caller makes one per call.
   */
  connection: Connection;
}

function toWireError(err: unknown, hub: HubServices, proc: string | null): WireError {
  if (err instanceof DomainError) {
    const e: WireError = { code: err.code, message: err.message };
    if (err.fields) e.fields = err.fields;
    if (err.retryAt) e.retryAt = err.retryAt;
    if (err.ref) e.ref = err.ref;
    return e;
  }
  // Not meant for the caller: log it here (never the input, which may hold secrets) and say INTERNAL.
  hub.log.error('handler failed', { proc, error: err });
  return { code: 'INTERNAL', message: 'internal error' };
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.'),
    // our schemas give stable snake_case reasons as messages; zod's own messages are sentences
    reason: /^[a-z][a-z_]*$/.test(i.message) ? i.message : i.code,
  }));
}

/**
 * The session named in a frame, resolved; public callers get `null`. A session is honoured only on a
 * connection that carries its kind of caller (staff, or that kind of screen), and then marks it so.
 */
function contextFor(hub: HubServices, session: string | undefined, transport: TransportInfo, via: string): CallContext {
  const base = { transport: transport.kind, remoteAddress: transport.remoteAddress, lan: transport.lan, connection: transport.connection };
  if (!session) return { ...base, principal: null, session: null };
  const resolved = resolveSession(hub, session, transport.lan?.deviceId ?? null);
  if (transport.lan) checkLanPrincipal(transport.lan, resolved.principal);
  checkConnection(hub, { connection: transport.connection, transport: transport.kind, remoteAddress: transport.remoteAddress }, resolved.principal.role, via);
  claimConnection(transport.connection, resolved.principal.role, actorOf(resolved.principal));
  return { ...base, principal: resolved.principal, session: { hash: resolved.sessionHash, expiresAt: resolved.expiresAt, locked: resolved.locked, mustChangePassword: resolved.mustChangePassword } };
}

/**
 * One call, whatever the transport: parse the frame, find the procedure, resolve the session,
 * check access from the contract, validate input, run the handler, check its output.
 * Never throws; every failure becomes an error frame.
 */
export async function dispatchCall(hub: HubServices, handlers: Handlers, raw: unknown, transport: TransportInfo): Promise<ResultFrame> {
  const parsed = callFrame.safeParse(raw);
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? ((raw as { id: number }).id) : null;
    return { t: 'res', id: Number.isSafeInteger(id) && (id as number) >= 0 ? id : null, ok: false, error: { code: 'MALFORMED_FRAME', message: 'not a call frame', fields: zodIssues(parsed.error) } };
  }
  const frame = parsed.data;
  const fail = (err: unknown): ResultFrame => ({ t: 'res', id: frame.id, ok: false, error: toWireError(err, hub, frame.proc) });

  if (!isProcedureName(frame.proc)) return fail(new DomainError('UNKNOWN_PROCEDURE', `unknown procedure`));
  const proc: ProcedureName = frame.proc;
  const def = procedures[proc];

  try {
    if (transport.lan) checkLanCall(hub, transport.lan, proc);
    const ctx = contextFor(hub, frame.session, transport, proc);
    if (!allows(def.access, ctx.principal?.role ?? null)) {
      throw ctx.principal
        ? new DomainError('FORBIDDEN', `role ${ctx.principal.role} may not call ${proc}`)
        : new DomainError('UNAUTHENTICATED', `${proc} needs a session`);
    }
    // a locked counter serves nothing but what it takes to unlock it or leave
    if (ctx.session?.locked && !SERVED_WHILE_LOCKED.has(proc)) throw new DomainError('SESSION_LOCKED', `${proc} refused: the session is locked`);
    // a password the manager chose is replaced before anything else is done with it
    if (ctx.session?.mustChangePassword && !SERVED_BEFORE_PASSWORD_CHANGE.has(proc)) throw new DomainError('PASSWORD_CHANGE_REQUIRED', `${proc} refused: the password must be changed first`);
    const input = def.input.safeParse(frame.input ?? {});
    if (!input.success) {
      // a workstation agent's malformed report or job end is on the audit trail (hub/agent)
      if (proc.startsWith('agent.') && ctx.principal === null) hub.agents.refuse({ deviceId: transport.lan?.deviceId ?? null, address: transport.remoteAddress }, 'INVALID_INPUT', `${proc}: input does not match the schema`);
      throw new DomainError('INVALID_INPUT', 'input does not match the schema', { fields: zodIssues(input.error) });
    }

    const handler = handlers[proc] as (input: unknown, ctx: CallContext) => unknown;
    const answered = handler(input.data, ctx);
    // An answer given at once is audited at once, in the transaction of the change it describes.
    const result = answered instanceof Promise ? await answered : answered;
    auditCall(hub, proc, input.data, result, ctx);
    // The contract binds the hub too: an output that breaks it is our bug, not the caller's.
    const output = def.output.safeParse(result);
    if (!output.success) throw new Error(`handler for ${proc} returned output that breaks the contract: ${output.error.message}`);
    return { t: 'res', id: frame.id, ok: true, output: output.data };
  } catch (err) {
    return fail(err);
  }
}

/** What a successful call leaves on the trail: its entry (audited.ts), and the views of a party's data it gave (viewed.ts). */
function auditCall(hub: HubServices, proc: ProcedureName, input: unknown, output: unknown, ctx: CallContext): void {
  const describe = audited[proc] as ((input: unknown, output: unknown) => Omit<AuditEntry, 'actor'> | null) | undefined;
  const entry = describe?.(input, output);
  if (entry) record(hub.db, hub.now(), { ...entry, actor: actorOf(ctx.principal) });
  const views = viewed[proc] as ((input: unknown, output: unknown, db: HubServices['db']) => RequestViewed[]) | undefined;
  if (views && ctx.principal?.kind === 'user') requestViewLog(hub.db).note(hub.db, hub.now(), ctx, proc, views(input, output, hub.db));
}

const SERVED_WHILE_LOCKED = new Set<ProcedureName>(['auth.unlock', 'auth.logout', 'auth.whoami', 'health', 'setup.status', 'office.info']);
const SERVED_BEFORE_PASSWORD_CHANGE = new Set<ProcedureName>(['auth.changePassword', 'auth.lock', 'auth.unlock', 'auth.logout', 'auth.whoami', 'health', 'setup.status', 'office.info']);

/** Check a subscription request; returns the event name or an error frame. */
export function authorizeSubscribe(hub: HubServices, raw: unknown, transport: TransportInfo): { ok: true; event: keyof typeof events; id: number } | { ok: false; frame: ResultFrame } {
  const parsed = subscribeFrame.safeParse(raw);
  if (!parsed.success) return { ok: false, frame: { t: 'res', id: null, ok: false, error: { code: 'MALFORMED_FRAME', message: 'not a subscribe frame' } } };
  const { id, event, session } = parsed.data;
  const fail = (err: unknown) => ({ ok: false as const, frame: { t: 'res' as const, id, ok: false as const, error: toWireError(err, hub, event) } });
  if (!isEventName(event)) return fail(new DomainError('UNKNOWN_EVENT', 'unknown event'));
  try {
    if (transport.lan) checkLanSubscribe(hub, transport.lan, event);
    const access = events[event].access;
    const ctx = contextFor(hub, session, transport, `event:${event}`);
    if (!allows(access, ctx.principal?.role ?? null)) {
      throw ctx.principal ? new DomainError('FORBIDDEN', 'event not allowed for role') : new DomainError('UNAUTHENTICATED', 'event needs a session');
    }
    return { ok: true, event, id };
  } catch (err) {
    return fail(err);
  }
}
