import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../hub/log';

const electron = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret' as string, broken: false };
  // a stand-in for the OS: "encrypts" by reversing and tagging, so a test can tell sealed from plain
  const safeStorage = {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (text: string) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptString: (buf: Buffer) => {
      if (state.broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const text = buf.toString();
      if (!text.startsWith('sealed:')) throw new Error('not sealed');
      return [...text.slice(7)].reverse().join('');
    },
  };
  return { state, safeStorage };
});
vi.mock('electron', () => ({ safeStorage: electron.safeStorage }));

const { sealedKey, SealedKeyError, SEALED_KEY_FILE, osKeychainUsable } = await import('./keyStore');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-sealed-'));
  Object.assign(electron.state, { available: true, backend: 'gnome_libsecret', broken: false });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sealedKey', () => {
  it('makes a key on first run, sealed by the OS (no key in the clear on disk), and gives the same key after', () => {
    const key = sealedKey(dir, silentLogger)!;
    expect(key).toHaveLength(32);
    const file = path.join(dir, SEALED_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(key.toString('hex'));
    expect(sealedKey(dir, silentLogger)!.equals(key)).toBe(true);
  });

  it('leaves the key to the key file where the OS protects nothing (no keychain, Linux basic_text)', () => {
    electron.state.available = false;
    expect(sealedKey(dir, silentLogger)).toBeNull();
    electron.state.available = true;
    electron.state.backend = 'basic_text';
    expect(osKeychainUsable('linux')).toBe(false);
    expect(osKeychainUsable('win32')).toBe(true);
    expect(sealedKey(dir, silentLogger)).toBeNull();
  });

  it('never replaces a sealed key the OS can no longer open', () => {
    sealedKey(dir, silentLogger);
    electron.state.broken = true;
    expect(() => sealedKey(dir, silentLogger)).toThrow(SealedKeyError);
    electron.state.broken = false;
    expect(sealedKey(dir, silentLogger)).toHaveLength(32);
  });
});
