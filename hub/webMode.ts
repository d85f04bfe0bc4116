import type { FastifyInstance } from 'fastify';
import { shells, type Shell } from '../core/roles';
import type { Logger } from './log';
import { startHub, type RunningHub } from './start';
import { createWebServer } from './web/server';

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
  keyFile?: string;
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
