import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PORT, readConfig } from './config';
import { defaultDataDir } from './dataDir';

describe('readConfig', () => {
  it('uses sane defaults: loopback, the default port, the per-user data folder, the counter role', () => {
    const c = readConfig([], {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: DEFAULT_PORT, role: 'counter', web: false, dataDir: defaultDataDir() });
  });

  it('takes flags over environment variables', () => {
    const env = { DAFTARYAR_PORT: '5000', DAFTARYAR_ROLE: 'board', DAFTARYAR_DATA_DIR: '/srv/office' };
    expect(readConfig([], env)).toMatchObject({ port: 5000, role: 'board', dataDir: '/srv/office' });
    expect(readConfig(['--port', '6000', '--role', 'kiosk', '--data-dir', '/tmp/x', '--web'], env)).toMatchObject({ port: 6000, role: 'kiosk', dataDir: '/tmp/x', web: true });
  });

  it('starts the demo card terminal only when --demo-terminal (or its variable) is given', () => {
    expect(readConfig([], {}).demoTerminal).toBeNull();
    expect(readConfig(['--demo-terminal', '4790'], {}).demoTerminal).toBe(4790);
    expect(readConfig([], { DAFTARYAR_DEMO_TERMINAL: '0' }).demoTerminal).toBe(0);
    expect(() => readConfig(['--demo-terminal', 'x'], {})).toThrow(ConfigError);
  });

  it('refuses unknown flags, bad ports and unknown roles', () => {
    expect(() => readConfig(['--nope'], {})).toThrow(ConfigError);
    expect(() => readConfig(['--port', '70000'], {})).toThrow(/port/);
    expect(() => readConfig(['--role', 'admin'], {})).toThrow(/role/);
  });
});

describe('defaultDataDir', () => {
  it('matches Electron’s userData folder on each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/clerk')).toBe('/home/clerk/.config/Daftaryar');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/clerk')).toBe('/cfg/Daftaryar');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/clerk')).toBe('/home/clerk/.config/Daftaryar');
    expect(defaultDataDir('darwin', {}, '/Users/clerk')).toBe('/Users/clerk/Library/Application Support/Daftaryar');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\clerk\\AppData\\Roaming' }, 'C:\\Users\\clerk')).toBe('C:\\Users\\clerk\\AppData\\Roaming\\Daftaryar');
  });
});
