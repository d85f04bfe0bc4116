/**
 * The desktop hub's office LAN, from the command line to hub/officeLan.ts: `--no-lan`, `--lan-port`
 * (electron/args.ts) and the built renderer beside the app's bundle. main.ts calls this after the hub
 * starts and closes what it returns before the hub at quit.
 */
import type { Logger } from '../hub/log';
import { keepOfficeLan, type KeptOfficeLan } from '../hub/officeLan';
import type { RunningHub } from '../hub/start';
import { lanArgs } from './args';

export function startDesktopLan(options: { argv: readonly string[]; env: NodeJS.ProcessEnv; running: RunningHub; rendererDir: string; log: Logger }): KeptOfficeLan {
  const { enabled, port } = lanArgs(options.argv, options.env);
  return keepOfficeLan({ hub: options.running.hub, db: options.running.db, rendererDir: options.rendererDir, enabled, port, log: options.log });
}
