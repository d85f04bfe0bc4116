import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PORT, readConfig } from '../hub/config/config';
import { dataDirChosen, keyRotationRequested, lanArgs, ownArgs, workstationArgs } from './args';

describe('ownArgs', () => {
  it('drops the binary, the app path of `electron .` and Chromium switches', () => {
    expect(ownArgs(['/opt/electron/electron', '.', '--no-sandbox', '--enable-logging', '--inspect=9229', '--role', 'kiosk'])).toEqual(['--role', 'kiosk']);
  });

  it('reads a packaged app’s argv, where argv[1] is already a user argument', () => {
    expect(ownArgs(['C:\\Program Files\\Daftaryar\\Daftaryar.exe', '--role=board', '--data-dir', 'D:\\office'])).toEqual(['--role=board', '--data-dir', 'D:\\office']);
  });

  it('keeps every flag readConfig knows, in both spellings', () => {
    expect(ownArgs(['x', '--port=0', '--host', '0.0.0.0', '--web', '--help', '-h'])).toEqual(['--port=0', '--host', '0.0.0.0', '--web', '--help', '-h']);
  });

  it('leaves a missing value for readConfig to report', () => {
    const args = ownArgs(['x', '--role', '--no-sandbox']);
    expect(args).toEqual(['--role']);
    expect(() => readConfig(args, {})).toThrow(/role/);
  });

  it('does not take a Chromium switch’s value for ours', () => {
    expect(ownArgs(['x', '--lang', 'fa', '--role-of-thumb', 'y'])).toEqual([]);
  });

  it('gives readConfig something it accepts', () => {
    const config = readConfig(ownArgs(['/usr/lib/daftaryar/daftaryar', '--no-sandbox', '--role', 'manager', '--disable-gpu']), {});
    expect(config.role).toBe('manager');
  });
});

describe('dataDirChosen', () => {
  it('is true for the flag in either spelling or the environment variable', () => {
    expect(dataDirChosen(['--data-dir', '/d'], {})).toBe(true);
    expect(dataDirChosen(['--data-dir=/d'], {})).toBe(true);
    expect(dataDirChosen([], { DAFTARYAR_DATA_DIR: '/d' })).toBe(true);
  });

  it('is false otherwise, so Electron’s userData folder is used', () => {
    expect(dataDirChosen(['--role', 'counter'], {})).toBe(false);
    expect(dataDirChosen([], { DAFTARYAR_DATA_DIR: '' })).toBe(false);
  });
});

describe('keyRotationRequested', () => {
  it('sees --rotate-key anywhere in Electron’s argv, and keeps it away from readConfig', () => {
    const argv = ['C:\\Program Files\\Daftaryar\\Daftaryar.exe', '--no-sandbox', '--rotate-key', '--role', 'manager'];
    expect(keyRotationRequested(argv)).toBe(true);
    expect(ownArgs(argv)).toEqual(['--role', 'manager']);
    expect(() => readConfig(ownArgs(argv), {})).not.toThrow();
  });

  it('is false without the flag, or for a look-alike', () => {
    expect(keyRotationRequested(['/opt/daftaryar/daftaryar', '--role', 'counter'])).toBe(false);
    expect(keyRotationRequested(['x', '--rotate-keys', '--rotate-key=yes'])).toBe(false);
  });
});

describe('workstationArgs', () => {
  it('reads --hub, --code and --name in either form, and ownArgs leaves them to it', () => {
    const argv = ['/opt/daftaryar/daftaryar', '--no-sandbox', '--hub', '192.168.1.10:4780', '--code=123456 123456', '--name', 'باجهٔ ۲', '--role', 'counter'];
    expect(workstationArgs(argv)).toEqual({ hub: '192.168.1.10:4780', code: '123456 123456', name: 'باجهٔ ۲' });
    expect(ownArgs(argv)).toEqual(['--role', 'counter']);
    expect(() => readConfig(ownArgs(argv))).not.toThrow();
  });

  it('gives nothing for a flag without its value', () => {
    expect(workstationArgs(['x', '--hub', '--code', '1'])).toEqual({ code: '1' });
  });
});

describe('lanArgs', () => {
  it("serves the LAN by default at web mode's port", () => {
    expect(lanArgs(['/opt/daftaryar/daftaryar', '--role', 'counter'])).toEqual({ enabled: true, port: DEFAULT_PORT });
  });
  it('--no-lan or DAFTARYAR_LAN=0 turns it off; --lan-port (either form) or DAFTARYAR_LAN_PORT moves it, the flag first', () => {
    expect(lanArgs(['--no-lan'])).toEqual({ enabled: false, port: DEFAULT_PORT });
    expect(lanArgs([], { DAFTARYAR_LAN: '0' })).toEqual({ enabled: false, port: DEFAULT_PORT });
    expect(lanArgs([], { DAFTARYAR_LAN: '1' })).toEqual({ enabled: true, port: DEFAULT_PORT });
    expect(lanArgs(['--lan-port', '8443'])).toEqual({ enabled: true, port: 8443 });
    expect(lanArgs(['--lan-port=8443'])).toEqual({ enabled: true, port: 8443 });
    expect(lanArgs([], { DAFTARYAR_LAN_PORT: '9000' })).toEqual({ enabled: true, port: 9000 });
    expect(lanArgs(['--lan-port', '8443'], { DAFTARYAR_LAN_PORT: '9000' })).toEqual({ enabled: true, port: 8443 });
  });
  it('refuses a port that is not one', () => {
    for (const bad of [['--lan-port'], ['--lan-port', 'x'], ['--lan-port=0'], ['--lan-port=70000'], ['--lan-port=80.5']]) {
      expect(() => lanArgs(bad)).toThrow(ConfigError);
    }
  });
  it('readConfig never sees them', () => {
    expect(ownArgs(['--no-lan', '--lan-port', '8443', '--role', 'kiosk'])).toEqual(['--role', 'kiosk']);
  });
});
