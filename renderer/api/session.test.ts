import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from './session';
import { mapStorage } from '../../test/support/renderer/storage';

/** A Storage that refuses everything, as a browser's does when storage is disabled. */
function brokenStorage(): Storage {
  const refuse = () => {
    throw new DOMException('storage is disabled', 'SecurityError');
  };
  return { length: 0, clear: refuse, getItem: refuse, key: refuse, removeItem: refuse, setItem: refuse };
}

describe('sessionStore', () => {
  it('starts empty', () => {
    expect(sessionStore('counter', mapStorage()).get()).toBeUndefined();
  });

  it('keeps the token in the given storage under a key naming the shell', () => {
    const storage = mapStorage();
    sessionStore('counter', storage).set('tok-1');
    expect(storage.map.get('daftaryar.session.counter')).toBe('tok-1');
  });

  it('finds the token again after a reload (a new store over the same storage)', () => {
    const storage = mapStorage();
    sessionStore('manager', storage).set('tok-2');
    expect(sessionStore('manager', storage).get()).toBe('tok-2');
  });

  it('keeps each shell’s session apart', () => {
    const storage = mapStorage();
    sessionStore('counter', storage).set('clerk-token');
    expect(sessionStore('manager', storage).get()).toBeUndefined();
  });

  it('removes the token from storage when set to undefined', () => {
    const storage = mapStorage();
    const store = sessionStore('counter', storage);
    store.set('tok');
    store.set(undefined);
    expect(store.get()).toBeUndefined();
    expect(storage.map.size).toBe(0);
  });

  it('falls back to memory, without throwing, when storage throws', () => {
    const store = sessionStore('counter', brokenStorage());
    expect(() => store.set('tok')).not.toThrow();
    expect(store.get()).toBe('tok');
    store.set(undefined);
    expect(store.get()).toBeUndefined();
  });

  it('keeps the session in memory when there is no storage at all', () => {
    const store = sessionStore('kiosk', undefined);
    store.set('device-token');
    expect(store.get()).toBe('device-token');
  });

  describe('with the browser’s sessionStorage', () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
    afterEach(() => {
      if (original) Object.defineProperty(globalThis, 'sessionStorage', original);
      globalThis.sessionStorage?.clear();
    });

    it('uses sessionStorage by default', () => {
      sessionStore('board').set('tok');
      expect(globalThis.sessionStorage.getItem('daftaryar.session.board')).toBe('tok');
    });

    it('still works when merely reading sessionStorage throws (storage blocked by the browser)', () => {
      Object.defineProperty(globalThis, 'sessionStorage', {
        configurable: true,
        get() {
          throw new DOMException('access denied', 'SecurityError');
        },
      });
      let store: ReturnType<typeof sessionStore> | undefined;
      expect(() => (store = sessionStore('counter'))).not.toThrow();
      store!.set('tok');
      expect(store!.get()).toBe('tok');
    });
  });
});
