/**
 * The desktop app's hub serving the office LAN (docs/OFFICE-SETUP.md): the hub runs in Electron's
 * main process and its own windows reach it over IPC, but the office's other PCs (workstations,
 * a waiting-room TV's browser) reach it over the network. Once the office is set up, this starts the
 * same web server as web mode (hub/web/server.ts) beside the hub, HTTPS with the office certificate
 * (hub/lan/officeCertificate.ts), every connection a LAN device that must pair (hub/lan/lanGate.ts) —
 * a browser on this PC too, since this PC's own screens are the app's windows.
 *
 * Electron only calls `serveOfficeLan` (electron/main.ts); the decision and the wiring are here, tested headless.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_PORT } from './config/config';
import type { Database } from '../db/sqlite';
import { getOffice } from '../db/office';
import type { Hub } from './hub';
import { officeTls } from './lan/officeCertificate';
import { createWebServer } from './web/server';
import type { Logger } from './log';

/** every interface: the office's other PCs reach this one by any of its addresses */
export const OFFICE_LAN_HOST = '0.0.0.0';
/** web mode's port, so a workstation joins either kind of hub at the same address */
export const OFFICE_LAN_PORT = DEFAULT_PORT;

export type OfficeLanDecision = { serve: true } | { serve: false; reason: 'turned-off' | 'office-not-set-up' };

/** Serve the LAN when it is not turned off and this hub has set up the office (before that there is nothing to join). */
export function decideOfficeLan(db: Database, enabled: boolean): OfficeLanDecision {
  if (!enabled) return { serve: false, reason: 'turned-off' };
  if (!getOffice(db)) return { serve: false, reason: 'office-not-set-up' };
  return { serve: true };
}

export interface OfficeLanOptions {
  hub: Hub;
  db: Database;
  /** the built renderer, served to a LAN browser (a board on a TV, a spare PC's counter) */
  rendererDir: string;
  /** false: `--no-lan` */
  enabled: boolean;
  host?: string;
  port?: number;
  /** the names and addresses the server certificate covers (default: this PC's, officeCertificate.lanNames) */
  names?: { dns: string[]; ips: string[] };
  now?: () => Date;
}

export interface OfficeLan {
  server: FastifyInstance;
  /** the port listened on (the configured one, or the free one taken for 0) */
  port: number;
  /** ends every connection at once and stops listening */
  close(): Promise<void>;
}

/** Starts serving the office LAN, or says why not (null). Fails like web mode when the port is taken. */
export async function serveOfficeLan(options: OfficeLanOptions): Promise<{ lan: OfficeLan } | { lan: null; reason: 'turned-off' | 'office-not-set-up' }> {
  const decided = decideOfficeLan(options.db, options.enabled);
  if (!decided.serve) return { lan: null, reason: decided.reason };
  const tls = await officeTls(options.db, (options.now ?? (() => new Date()))(), options.names);
  const server = await createWebServer({
    hub: options.hub,
    rendererDir: options.rendererDir,
    host: options.host ?? OFFICE_LAN_HOST,
    port: options.port ?? OFFICE_LAN_PORT,
    tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem },
    requirePairing: true,
  });
  return {
    lan: {
      server,
      port: (server.server.address() as AddressInfo).port,
      async close() {
        const closing = server.close();
        // as web mode: a keep-alive or a half-sent request must not hold the quit
        server.server.closeAllConnections();
        await closing;
      },
    },
  };
}

/** How often a hub whose office is not set up yet looks again (the manager sets it up in the first window). */
export const OFFICE_SETUP_CHECK_MS = 2000;

export interface KeptOfficeLan {
  /** the LAN server once it serves (null: not yet, turned off, or it could not start) */
  current(): OfficeLan | null;
  /** resolves when serving starts, or with null when it never will (turned off, closed, failed) */
  serving: Promise<OfficeLan | null>;
  /** stops looking and stops serving (listening ends synchronously); safe to call more than once */
  close(): Promise<void>;
}

/**
 * The desktop hub's LAN for the app's whole life: served at once when the office is set up, or as
 * soon as it is (the first-run form in the app's window), never when turned off. A failure to listen
 * (the port taken) is logged: this PC's own windows still work over IPC.
 */
export function keepOfficeLan(options: OfficeLanOptions & { log: Logger; checkEveryMs?: number }): KeptOfficeLan {
  let lan: OfficeLan | null = null;
  let closed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let settle: (lan: OfficeLan | null) => void = () => {};
  const serving = new Promise<OfficeLan | null>((resolve) => (settle = resolve));
  let starting: Promise<void> | null = null;

  const tryServe = (): void => {
    if (closed || starting || lan) return;
    const decided = decideOfficeLan(options.db, options.enabled);
    if (!decided.serve) {
      if (decided.reason === 'turned-off') {
        options.log.info('office LAN not served (turned off)');
        return settle(null);
      }
      if (timer === undefined) {
        options.log.info('office LAN waits for the office to be set up');
        timer = setInterval(tryServe, options.checkEveryMs ?? OFFICE_SETUP_CHECK_MS);
        timer.unref?.();
      }
      return;
    }
    clearInterval(timer);
    starting = serveOfficeLan(options).then(
      async (served) => {
        if (!served.lan) return settle(null);
        if (closed) {
          await served.lan.close();
          return settle(null);
        }
        lan = served.lan;
        options.log.info('office LAN served', { host: options.host ?? OFFICE_LAN_HOST, port: lan.port });
        settle(lan);
      },
      (err: unknown) => {
        options.log.error('office LAN could not be served', { error: err, port: options.port ?? OFFICE_LAN_PORT });
        settle(null);
      },
    );
  };
  tryServe();

  return {
    current: () => lan,
    serving,
    async close() {
      closed = true;
      clearInterval(timer);
      // stops listening and ends the connections in this same turn (an app quitting waits for no promise);
      // a server still starting is closed as soon as it listens (above)
      const open = lan;
      lan = null;
      const closing = open?.close();
      settle(null);
      await starting;
      await closing;
    },
  };
}
