import { describe, expect, it, vi } from 'vitest';
import { deviceStore } from './device';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

const device = { deviceId: 4, credential: 'a'.repeat(43), kind: 'board' as const, name: 'تلویزیون' };

describe('the device store', () => {
  it('keeps the pairing across page loads and proves it with auth.device', () => {
    const storage = memoryStorage();
    deviceStore(storage).set(device);
    const again = deviceStore(storage);
    expect(again.get()).toEqual(device);
    expect(again.hello()).toEqual({ t: 'call', id: 0, proc: 'auth.device', input: { deviceId: 4, credential: device.credential } });
  });

  it('ignores damaged storage and forgets a device the hub no longer knows', () => {
    const storage = memoryStorage();
    storage.setItem('daftaryar.device', '{"deviceId":"x"}');
    expect(deviceStore(storage).get()).toBeUndefined();
    const store = deviceStore(storage);
    store.set(device);
    const heard = vi.fn();
    store.onLost(heard);
    store.lost('DEVICE_REVOKED');
    expect(heard).toHaveBeenCalledWith('DEVICE_REVOKED');
    expect(store.get()).toBeUndefined();
    expect(store.hello()).toBeUndefined();
  });
});
