import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/contract';
import type { ResultFrame } from '../../core/api/wire';
import type { TransportInfo } from '../../hub/rpc/dispatch';
import { newConnection } from '../../hub/auth/connection';
import type { setUpHub } from './hub';

type T = Pick<Awaited<ReturnType<typeof setUpHub>>, 'hub' | 'ok' | 'managerSession'>;

/** A connection from another PC of the LAN, as the web server makes one (not yet paired; one kind of caller for its life). */
export function lanClient(t: Pick<T, 'hub'>, address = '192.168.1.20') {
  const transport: TransportInfo = { kind: 'ws', remoteAddress: address, lan: { deviceId: null, kind: null }, connection: newConnection() };
  let id = 1;
  const call = <P extends ProcedureName>(proc: P, input: ProcedureInput<P>, session?: string): Promise<ResultFrame> =>
    t.hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, transport);
  return {
    transport,
    call,
    async ok<P extends ProcedureName>(proc: P, input: ProcedureInput<P>, session?: string): Promise<ProcedureOutput<P>> {
      const res = await call(proc, input, session);
      if (!res.ok) throw new Error(`${proc} failed: ${res.error.code}`);
      return res.output as ProcedureOutput<P>;
    },
    subscribe: (event: string, session?: string) => t.hub.subscribe({ t: 'sub', id: id++, event, ...(session ? { session } : {}) }, transport, () => {}).answer,
  };
}

/** A LAN PC paired by the manager as a device of this kind. */
export async function pairedClient(t: T, kind: 'counter' | 'kiosk' | 'board' | 'applicant', name = 'دستگاه', address?: string) {
  const { code } = await t.ok('device.issueCode', { kind, name }, t.managerSession);
  const lan = lanClient(t, address);
  const device = await lan.ok('auth.pair', { code });
  return { lan, device };
}
