import WebSocket from 'ws';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/contract';
import type { ResultFrame } from '../../core/api/wire';

/** A contract client over a real WebSocket, as a LAN screen would be — for tests and benchmarks. */
export async function wsClient(url: string) {
  const ws = new WebSocket(url);
  const pending = new Map<number, (f: ResultFrame) => void>();
  const events: Array<{ event: string; payload: unknown }> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.t === 'evt') events.push(frame);
    else if (frame.t === 'res' && frame.id !== null) {
      pending.get(frame.id)?.(frame);
      pending.delete(frame.id);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 1;
  let session: string | undefined;
  const raw = (proc: string, input: unknown) =>
    new Promise<ResultFrame>((resolve) => {
      const frameId = id++;
      pending.set(frameId, resolve);
      ws.send(JSON.stringify({ t: 'call', id: frameId, proc, input, ...(session ? { session } : {}) }));
    });
  return {
    raw,
    events,
    setSession(s: string) {
      session = s;
    },
    async call<P extends ProcedureName>(proc: P, input: ProcedureInput<P>): Promise<ResultFrame> {
      return raw(proc, input);
    },
    async ok<P extends ProcedureName>(proc: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>> {
      const res = await raw(proc, input);
      if (!res.ok) throw new Error(`${proc}: ${res.error.code}`);
      return res.output as ProcedureOutput<P>;
    },
    /** resolves with the hub's answer to the subscription */
    subscribe(event: string): Promise<ResultFrame> {
      return new Promise<ResultFrame>((resolve) => {
        const frameId = id++;
        pending.set(frameId, resolve);
        ws.send(JSON.stringify({ t: 'sub', id: frameId, event, ...(session ? { session } : {}) }));
      });
    },
    close() {
      ws.close();
    },
  };
}
export type WsClient = Awaited<ReturnType<typeof wsClient>>;
