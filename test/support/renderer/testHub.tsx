/**
 * For the manager console's component tests: a scripted hub behind a real client. Each procedure
 * answers from the test's script; every call is recorded; the test plays the hub's events.
 */
import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { EventName, ProcedureName } from '../../../core/api/contract';
import type { CallFrame, ResultFrame, SubscribeFrame, WireError } from '../../../core/api/wire';
import type { ErrorCode } from '../../../core/errors';
import { createClient } from '../../../renderer/api/client';
import { sessionStore } from '../../../renderer/api/session';
import type { ConnectionStatus, Transport } from '../../../renderer/api/transport';
import { EnvProvider } from '../../../renderer/app/api';

export type Answer = { output: unknown } | { error: WireError };
export type Handler = (input: unknown) => Answer | Promise<Answer>;
export type Script = Partial<Record<ProcedureName, Handler>>;

export const out = (output: unknown): Answer => ({ output });
export const fail = (code: ErrorCode, extra: Omit<WireError, 'code' | 'message'> = {}): Answer => ({ error: { code, message: `test: ${code}`, ...extra } });

export function scriptedHub(script: Script) {
  const calls: CallFrame[] = [];
  const subscribers: Array<{ frame: SubscribeFrame; onEvent: (payload: unknown) => void; active: boolean }> = [];
  let status: ConnectionStatus = 'open';
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const transport: Transport = {
    async call(frame): Promise<ResultFrame> {
      calls.push(frame);
      const handler = script[frame.proc as ProcedureName];
      if (!handler) return { t: 'res', id: frame.id, ok: false, error: { code: 'UNKNOWN_PROCEDURE', message: frame.proc } };
      const answer = await handler(frame.input);
      return 'error' in answer ? { t: 'res', id: frame.id, ok: false, error: answer.error } : { t: 'res', id: frame.id, ok: true, output: answer.output };
    },
    subscribe(frame, onEvent) {
      const entry = { frame, onEvent, active: true };
      subscribers.push(entry);
      return { answer: Promise.resolve({ t: 'res', id: frame.id, ok: true, output: { subscribed: frame.event } }), unsubscribe: () => void (entry.active = false) };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close: () => {},
  };
  return {
    transport,
    calls,
    callsTo: (proc: ProcedureName) => calls.filter((c) => c.proc === proc),
    /** who is listening to `event` now */
    listeners: (event: EventName) => subscribers.filter((s) => s.active && s.frame.event === event).length,
    emit: (event: EventName, payload: unknown) =>
      act(() => {
        for (const s of subscribers) if (s.active && s.frame.event === event) s.onEvent(payload);
      }),
    /** the link to the hub drops (`connecting`) or comes back (`open`), as a WebSocket's would */
    setStatus: (next: ConnectionStatus) =>
      act(() => {
        status = next;
        for (const l of statusListeners) l(next);
      }),
  };
}

/** Render `ui` as the manager console would, talking to a hub that follows `script`. */
export function renderWithHub(ui: ReactElement, script: Script) {
  const hub = scriptedHub(script);
  const client = createClient(hub.transport, () => 'tok-manager');
  const view = render(<EnvProvider env={{ client, shell: 'manager', sessions: sessionStore('manager', undefined) }}>{ui}</EnvProvider>);
  return { ...hub, view };
}
