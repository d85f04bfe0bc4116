import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Client } from '../api/client';
import type { ConnectionStatus } from '../api/transport';
import type { Shell } from '../../core/roles';
import type { SessionStore } from '../api/session';
import type { DeviceStore } from '../api/device';
import type { LinkWatch } from '../api/bridgeTransport';

export interface AppEnv {
  client: Client;
  shell: Shell;
  sessions: SessionStore;
  /** this browser's pairing with the hub (web mode; absent in the desktop app, whose windows are the hub's own) */
  device?: DeviceStore | undefined;
  /** the desktop app's window link (on a workstation it may stop for good: LinkHaltedScreen) */
  link?: LinkWatch | undefined;
}

const EnvContext = createContext<AppEnv | null>(null);

export function EnvProvider({ env, children }: { env: AppEnv; children: ReactNode }) {
  return <EnvContext.Provider value={env}>{children}</EnvContext.Provider>;
}

export function useEnv(): AppEnv {
  const env = useContext(EnvContext);
  if (!env) throw new Error('useEnv outside EnvProvider');
  return env;
}

export function useConnectionStatus(): ConnectionStatus {
  const { client } = useEnv();
  const [status, setStatus] = useState(client.transport.status());
  useEffect(() => {
    const off = client.transport.onStatus(setStatus);
    setStatus(client.transport.status()); // it may have changed between render and subscribe
    return off;
  }, [client]);
  return status;
}
