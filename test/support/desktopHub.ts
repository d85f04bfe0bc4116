/**
 * The hub as electron/main.ts starts it (startHub on a data folder, its key file beside the database), for
 * the tests of the desktop hub serving the office LAN (hub/officeLan.test.ts, electron/officeLan.test.ts).
 * `desktopKit()` is called once per test file: what a test opens it hands to `cleanup`, undone after each
 * test in reverse order.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { newConnection } from '../../hub/auth/connection';
import { silentLogger } from '../../hub/log';
import { startHub, type RunningHub } from '../../hub/start';
import { manager, office } from './hub';
import { tempFolders } from './tempFolders';

export type DesktopHub = RunningHub & { ok(proc: string, input: unknown, session?: string): Promise<any> };

export function desktopKit() {
  const undo: Array<() => unknown> = [];
  afterEach(async () => {
    for (const done of undo.splice(0).reverse()) await done();
  });
  const cleanup = (done: () => unknown): void => void undo.push(done);

  /** A fresh folder, removed after the test. */
  const folder = tempFolders();

  /** A hub on a fresh data folder, no office yet; `ok` calls it from its own PC (a refused call throws). */
  function desktopHub(): DesktopHub {
    const running = startHub({ dataDir: folder('daftaryar-desktop-hub-'), version: 'test', log: silentLogger });
    cleanup(() => running.close());
    let id = 1;
    return {
      ...running,
      async ok(proc, input, session) {
        const res = await running.hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, { kind: 'local', connection: newConnection() });
        if (!res.ok) throw new Error(`${proc} failed: ${res.error.code}`);
        return res.output;
      },
    };
  }

  /** A hub whose office is set up (in its first window), and its manager's session. */
  async function officeHub(): Promise<DesktopHub & { session: string }> {
    const running = desktopHub();
    await running.ok('setup.createOffice', { office, manager });
    const { session } = (await running.ok('auth.login', { username: manager.username, password: manager.password })) as { session: string };
    return { ...running, session };
  }

  /** A renderer folder of one page, for the web server to serve. */
  function renderer(): string {
    const dir = folder('daftaryar-renderer-');
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>دفتریار</title>');
    return dir;
  }

  return { cleanup, folder, desktopHub, officeHub, renderer };
}
