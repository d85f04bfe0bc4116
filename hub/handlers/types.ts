/** The shape of a handler and of a group of them; apart from index.ts so no handler imports the file that imports it. */
import type { ProcedureName, ProcedureOutput, ProcedureParsedInput } from '../../core/api/contract';
import type { CallContext, HubServices } from '../services';

export type Handler<P extends ProcedureName> = (
  input: ProcedureParsedInput<P>,
  ctx: CallContext,
) => ProcedureOutput<P> | Promise<ProcedureOutput<P>>;

/** One handler per procedure in the contract — a missing one is a compile error. */
export type Handlers = { [P in ProcedureName]: Handler<P> };

/** The namespace of a contract key: the part before the dot (`request` of `request.open`); a key without one is its own. */
export type NamespaceOf<K extends string> = K extends `${infer N}.${string}` ? N : K;

/** Every namespace of the contract: each has its file core/api/<namespace>.ts and its folder hub/<namespace>/. */
export type Namespace = NamespaceOf<ProcedureName>;

/** The procedures of one namespace. */
export type ProceduresOf<N extends Namespace> = Extract<ProcedureName, N | `${N}.${string}`>;

/** Handlers for some procedures: a part of a namespace's group, in that namespace's folder. */
export type HandlerPart<P extends ProcedureName> = (hub: HubServices) => { [K in P]: Handler<K> };

/**
 * All the handlers of namespace N, built from the hub's services: what hub/<N>/handlers.ts exports.
 * Registered in ./index.ts under N; `npm run lint:layers` checks that a group lives in hub/<N>/ and
 * serves nothing of another namespace (docs/LAYERS.md).
 */
export type HandlerGroup<N extends Namespace> = HandlerPart<ProceduresOf<N>>;

/** The one group of each namespace — a namespace without one is a compile error. */
export type HandlerGroups = { [N in Namespace]: HandlerGroup<N> };

/** The namespace of a procedure name at run time (NamespaceOf's twin). */
export function namespaceOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}
