import type { FastifyInstance } from 'fastify';
import { shells, type Shell } from '../core/roles';
import type { Logger } from './log';
import { startHub, type RunningHub } from './start';
import { refuseIfSuperseded } from './standby/promote';
import { createWebServer, isLoopback } from './web/server';
import { officeTls } from './lan/officeCertificate';
import { SetupCode } from './auth/setupCode';
import { getOffice } from '../db/office';

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
  /** every browser must pair, this PC's too (docs/SECURITY.md § Devices on the LAN) */
  requirePairing?: boolean;
  /** HTTPS with the office certificate; default: when serving beyond this PC (a non-loopback host) */
  tls?: boolean;
  /**
   * Shows the one-time first-run setup code on this PC's console (docs/SECURITY.md § First-run setup):
   * with `requirePairing` on an office not set up yet, at start and whenever the code is replaced.
   * Default: the log.
   */
  onSetupCode?: (code: string) => void;
  /** the office clock (default the PC's): specs move it to cross a day */
  now?: () => Date;
}): Promise<WebMode> {
  const running = startHub(options);
  // a standby promoted while this hub was down says so at its address: then this hub does not serve (docs/STANDBY.md § Fencing)
  const fenced = await refuseIfSuperseded(running.db);
  if (fenced) {
    await running.close();
    throw fenced;
  }
  // No browser is trusted as this PC and no manager exists to pair one: setup takes a code only this PC's console shows.
  if (options.requirePairing && !getOffice(running.db)) {
    running.hub.services.setupCode = new SetupCode(options.onSetupCode ?? ((code) => running.hub.services.log.warn('first-run setup code (--require-pairing)', { code })));
  }
  let server: FastifyInstance;
  // Serving other PCs means HTTPS with the office's certificate; loopback traffic never leaves the PC.
  const secure = options.tls ?? (!isLoopback(options.host) && options.host !== 'localhost');
  try {
    const tls = secure ? await officeTls(running.db, new Date()) : undefined;
    server = await createWebServer({
      hub: running.hub,
      rendererDir: options.rendererDir,
      host: options.host,
      port: options.port,
      tls: tls && { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem },
      requirePairing: options.requirePairing,
    });
  } catch (err) {
    await running.close();
    throw err;
  }
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('web server has no TCP address');
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : address.address;
  const origin = `${secure ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  const urls = Object.fromEntries(shells.map((s) => [s, `${origin}/${s}`])) as Record<Shell, string>;
  return {
    ...running,
    server,
    origin,
    urls,
    async close() {
      const closing = server.close();
      // a hub that stops ends every connection at once (a keep-alive or a half-sent request must not
      // hold the stop); the screens reconnect to the hub that comes next
      server.server.closeAllConnections();
      await closing;
      await running.close();
    },
  };
}
