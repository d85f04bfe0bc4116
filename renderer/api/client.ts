import {
  events,
  procedures,
  type EventName,
  type EventPayload,
  type ProcedureInput,
  type ProcedureName,
  type ProcedureOutput,
} from '../../core/api/contract';
import type { ErrorCode, FieldIssue } from '../../core/errors';
import type { ProcedureDef } from '../../core/api/contract-types';
import type { ResultFrame } from '../../core/api/wire';
import type { Transport } from './transport';

/** A hub error as the UI sees it: a stable code (→ one Persian sentence) and field issues. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly retryAt?: string,
    /** what the error is about, e.g. the ticket a failed print left for a reprint */
    readonly ref?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Client {
  call<P extends ProcedureName>(proc: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  readonly transport: Transport;
}

function unwrap(frame: ResultFrame): unknown {
  if (frame.ok) return frame.output;
  throw new ApiError(frame.error.code, frame.error.message, frame.error.fields ?? [], frame.error.retryAt, frame.error.ref);
}

/**
 * The typed client of the contract. Every call carries the current session; outputs and event
 * payloads are checked against the contract's schemas (the hub is trusted, but a version skew
 * between a LAN screen and the hub must fail loudly, not render garbage).
 */
export function createClient(transport: Transport, getSession: () => string | undefined): Client {
  let nextId = 1;
  return {
    transport,
    async call(proc, input) {
      const session = getSession();
      const frame = await transport.call({ t: 'call', id: nextId++, proc, input, ...(session ? { session } : {}) }, { timeoutMs: (procedures[proc] as ProcedureDef).answerWithinMs });
      const output = procedures[proc].output.safeParse(unwrap(frame));
      if (!output.success) throw new ApiError('INTERNAL', `answer to ${proc} does not match the contract`);
      return output.data as ProcedureOutput<typeof proc>;
    },
    subscribe(event, listener) {
      const session = getSession();
      const { answer, unsubscribe } = transport.subscribe(
        { t: 'sub', id: nextId++, event, ...(session ? { session } : {}) },
        (payload) => {
          const parsed = events[event].payload.safeParse(payload);
          if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
        },
      );
      void answer.then((frame) => {
        if (!frame.ok) console.warn(`subscription to ${event} refused: ${frame.error.code}`);
      });
      return unsubscribe;
    },
  };
}
