import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetSettings, loadSettings, saveSettings, SettingsError, settingsPath, type WorkstationSettings } from './settings';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const settings: WorkstationSettings = {
  hub: { url: 'wss://192.168.1.10:4780/api/ws', deviceId: 7, credential: 'A'.repeat(43), kind: 'counter', fingerprint: 'ab'.repeat(32), authorityPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' },
  name: 'باجهٔ ۲',
  kind: 'counter',
  joinedAt: '2026-12-06T08:00:00.000Z',
};

describe('workstation settings', () => {
  it('not joined: null; saved: read back the same, and no temporary file is left', () => {
    const dir = dataDir();
    expect(loadSettings(dir)).toBeNull();
    saveSettings(dir, settings);
    expect(loadSettings(dir)).toEqual(settings);
    expect(readdirSync(dir)).toEqual(['workstation.json']);
    forgetSettings(dir);
    expect(loadSettings(dir)).toBeNull();
  });

  it('creates the data folder when it is missing', () => {
    const dir = path.join(dataDir(), 'a', 'b');
    saveSettings(dir, settings);
    expect(loadSettings(dir)?.name).toBe('باجهٔ ۲');
  });

  it('a damaged file is a typed error, not a crash and not «not joined»', () => {
    const dir = dataDir();
    writeFileSync(settingsPath(dir), '{"hub": ');
    expect(() => loadSettings(dir)).toThrow(SettingsError);
    writeFileSync(settingsPath(dir), JSON.stringify({ ...settings, kind: 'manager' }));
    const err = (() => {
      try {
        loadSettings(dir);
      } catch (e) {
        return e as SettingsError;
      }
      return null;
    })();
    expect(err?.reason).toBe('corrupt');
  });

  it('refuses to save what it could not read back', () => {
    expect(() => saveSettings(dataDir(), { ...settings, joinedAt: 'yesterday' })).toThrow();
  });
});
