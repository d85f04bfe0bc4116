/**
 * This browser's pairing with the office hub (docs/SECURITY.md § Devices on the LAN): the device
 * id and credential `auth.pair` gave, in localStorage — a paired screen stays paired across
 * restarts, unlike a session. A browser on the hub's own PC never needs one.
 */
import { z } from 'zod';
import { deviceKinds } from '../../core/roles';
import type { CallFrame } from '../../core/api/wire';

const KEY = 'daftaryar.device';

export const deviceCredential = z.object({
  deviceId: z.number().int().positive(),
  credential: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kind: z.enum(deviceKinds),
  name: z.string(),
});
export type DeviceCredential = z.infer<typeof deviceCredential>;

export interface DeviceStore {
  get(): DeviceCredential | undefined;
  set(device: DeviceCredential | undefined): void;
  /** the hub no longer knows this device (revoked, or its database was replaced): forget it and tell the screen */
  lost(code: string): void;
  onLost(listener: (code: string) => void): () => void;
  /** the frame that proves this device at the start of a connection */
  hello(): CallFrame | undefined;
}

function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function deviceStore(storage: Storage | undefined = defaultStorage()): DeviceStore {
  let memory: DeviceCredential | undefined;
  const listeners = new Set<(code: string) => void>();
  const read = (): DeviceCredential | undefined => {
    try {
      const raw = storage?.getItem(KEY);
      if (!raw) return memory;
      const parsed = deviceCredential.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return memory;
    }
  };
  const store: DeviceStore = {
    get: read,
    set(device) {
      memory = device;
      try {
        if (device) storage?.setItem(KEY, JSON.stringify(device));
        else storage?.removeItem(KEY);
      } catch {
        // storage disabled: this page keeps the pairing in memory
      }
    },
    lost(code) {
      store.set(undefined);
      for (const l of listeners) l(code);
    },
    onLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hello() {
      const device = read();
      return device && { t: 'call', id: 0, proc: 'auth.device', input: { deviceId: device.deviceId, credential: device.credential } };
    },
  };
  return store;
}
