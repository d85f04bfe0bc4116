import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../hub/log';
import { placementOnDisplays, readWindowState, WindowStateStore, writeWindowState, type DisplayInfo } from './windowState';

const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const primary: DisplayInfo = { id: 1, bounds: rect(0, 0, 1920, 1080), workArea: rect(0, 0, 1920, 1040) };
const secondary: DisplayInfo = { id: 2, bounds: rect(1920, 0, 1280, 1024), workArea: rect(1920, 0, 1280, 1024) };

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'daftaryar-window-state-'));
  file = path.join(dir, 'window-state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function warnings() {
  const seen: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn: (msg) => void seen.push(msg), error: (msg) => void seen.push(msg) };
  return { log, seen };
}

describe('readWindowState', () => {
  it('starts empty when there is no file, without a warning', () => {
    const { log, seen } = warnings();
    expect(readWindowState(file, [primary], log)).toEqual({});
    expect(seen).toEqual([]);
  });

  it('ignores a corrupt file instead of crashing', () => {
    const { log, seen } = warnings();
    for (const content of ['{ "version": 1, "windows": {', '', '\u0000\u0001binary', 'null', '[]', '"text"', '{"version":2,"windows":{}}', '{"windows":{"counter":{}}}']) {
      writeFileSync(file, content);
      expect(() => readWindowState(file, [primary], log), content).not.toThrow();
      expect(readWindowState(file, [primary], log), content).toEqual({});
    }
    expect(seen.length).toBeGreaterThan(0);
  });

  it('ignores a file that is a folder', () => {
    expect(readWindowState(dir, [primary])).toEqual({});
  });

  it('keeps the good entries when one entry is bad', () => {
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        windows: {
          counter: { bounds: rect(100, 100, 1200, 800), maximized: false },
          manager: { bounds: { x: 'left', y: 0, width: 10, height: 10 } },
          kiosk: { bounds: rect(0, 0, 1e9, 100) },
          hacker: { bounds: rect(0, 0, 800, 600) },
        },
      }),
    );
    expect(readWindowState(file, [primary])).toEqual({ counter: { bounds: rect(100, 100, 1200, 800), maximized: false } });
  });

  it('discards a placement that is off every current display', () => {
    writeWindowState(file, {
      counter: { bounds: rect(2200, 100, 1000, 700), maximized: false, displayId: 2 },
      manager: { bounds: rect(-5000, -5000, 800, 600), maximized: true },
    });
    // The secondary display has been unplugged.
    expect(readWindowState(file, [primary])).toEqual({});
    // With it back, the counter placement is usable again.
    expect(readWindowState(file, [primary, secondary])).toEqual({ counter: { bounds: rect(2200, 100, 1000, 700), maximized: false, displayId: 2 } });
  });

  it('round-trips what it writes', () => {
    const state = { counter: { bounds: rect(10, 20, 1300, 900), maximized: true, displayId: 1 }, board: { bounds: secondary.bounds, maximized: false, displayId: 2 } };
    writeWindowState(file, state);
    expect(readWindowState(file, [primary, secondary])).toEqual(state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });
});

describe('placementOnDisplays', () => {
  it('keeps a window that shows only a grabbable strip, pulled fully onto the display', () => {
    const fitted = placementOnDisplays({ bounds: rect(1800, 500, 800, 600), maximized: false }, [primary]);
    expect(fitted).toEqual({ bounds: rect(1120, 440, 800, 600), maximized: false });
  });

  it('drops a window of which less than a title bar would show', () => {
    expect(placementOnDisplays({ bounds: rect(1880, 0, 800, 600), maximized: false }, [primary])).toBeNull();
  });

  it('shrinks a window larger than the display it is on', () => {
    expect(placementOnDisplays({ bounds: rect(0, 0, 3000, 2000), maximized: true }, [primary])).toEqual({ bounds: rect(0, 0, 1920, 1040), maximized: true });
  });

  it('forgets a display id that no longer exists', () => {
    expect(placementOnDisplays({ bounds: rect(0, 0, 800, 600), maximized: false, displayId: 9 }, [primary])).toEqual({ bounds: rect(0, 0, 800, 600), maximized: false });
  });
});

describe('WindowStateStore', () => {
  it('writes through on every change', () => {
    const store = new WindowStateStore(file, [primary]);
    store.remember('manager', { bounds: rect(50, 50, 1000, 700), maximized: false });
    expect(new WindowStateStore(file, [primary]).current).toEqual({ manager: { bounds: rect(50, 50, 1000, 700), maximized: false } });
  });

  it('logs, never throws, when the file cannot be written', () => {
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const { log, seen } = warnings();
    const store = new WindowStateStore(path.join(blocker, 'window-state.json'), [primary], log);
    expect(() => store.remember('counter', { bounds: rect(0, 0, 1000, 700), maximized: false })).not.toThrow();
    expect(seen).toContain('could not save window state');
  });
});
