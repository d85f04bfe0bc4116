import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { shells, type Shell } from '../core/roles';
import { openDatabase } from '../db/open';
import type { Database } from '../db/sqlite';
import { Hub } from './hub';
import { createLogger, type Logger } from './log';
import { createWebServer } from './web/server';

export const DATABASE_FILE = 'office.sqlite';

export interface RunningHub {
  hub: Hub;
  db: Database;
  close(): Promise<void>;
}

/** Open the office's database in `dataDir` (creating the folder) and start the hub on it. */
export function startHub(options: { dataDir: string; version: string; log?: Logger }): RunningHub {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE));
  const hub = new Hub({ db, version: options.version, log: options.log ?? createLogger() });
  return {
    hub,
    db,
    async close() {
      hub.close();
      db.close();
    },
  };
}

export interface WebMode extends RunningHub {
  server: FastifyInstance;
  /** base URL, e.g. http://127.0.0.1:4780 */
  origin: string;
  urls: Record<Shell, string>;
}

export async function startWebMode(options: {
  dataDir: string;
  version: string;
  host: string;
  port: number;
  rendererDir: string;
  log?: Logger;
}): Promise<WebMode> {
  const running = startHub(options);
  let server: FastifyInstance;
  try {
    server = await createWebServer({ hub: running.hub, rendererDir: options.rendererDir, host: options.host, port: options.port });
  } catch (err) {
    await running.close();
    throw err;
  }
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('web server has no TCP address');
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : address.address;
  const origin = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  const urls = Object.fromEntries(shells.map((s) => [s, `${origin}/${s}`])) as Record<Shell, string>;
  return {
    ...running,
    server,
    origin,
    urls,
    async close() {
      await server.close();
      await running.close();
    },
  };
}
export { DatabaseInUseError } from '../db/open';
