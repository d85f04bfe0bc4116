/** The shape of a handler and of a group of them; apart from index.ts so no handler imports the file that imports it. */
import type { ProcedureName, ProcedureOutput, ProcedureParsedInput } from '../../core/api/contract';
import type { CallContext, HubServices } from '../services';

export type Handler<P extends ProcedureName> = (
  input: ProcedureParsedInput<P>,
  ctx: CallContext,
) => ProcedureOutput<P> | Promise<ProcedureOutput<P>>;

/** One handler per procedure in the contract — a missing one is a compile error. */
export type Handlers = { [P in ProcedureName]: Handler<P> };

export type HandlerGroup<P extends ProcedureName> = (hub: HubServices) => { [K in P]: Handler<K> };
