/**
 * The office hub as a workstation meets it: a set-up hub (in-memory, controllable clock) behind its
 * real web server over HTTPS with the office certificate on 127.0.0.1, treating loopback as another
 * PC of the LAN (requirePairing) — so a client here pairs, pins and proves itself exactly as a
 * workstation on another PC does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { officeTls } from '../../hub/lan/officeCertificate';
import { createWebServer } from '../../hub/web/server';
import { setUpHub } from './hub';

/**
 * `options`: the hub's (its capture parts, …), as setUpHub takes them. `listen`: another loopback
 * address and a port, for a test that puts something of its own at 127.0.0.1 on that port (a relay
 * whose cable it can pull); `address` still names 127.0.0.1.
 */
export async function startLanHub(options?: Parameters<typeof setUpHub>[0], listen?: { host: string; port: number }) {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  const t = await setUpHub(options);
  const tls = await officeTls(t.db, new Date(), { dns: ['localhost'], ips: ['127.0.0.1'] });
  const serve = (port: number): Promise<FastifyInstance> =>
    createWebServer({
      hub: t.hub,
      rendererDir,
      host: listen?.host ?? '127.0.0.1',
      port,
      tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem },
      requirePairing: true,
    });
  let server: FastifyInstance | null = await serve(listen?.port ?? 0);
  const port = (server.server.address() as AddressInfo).port;
  return {
    ...t,
    port,
    /** what a person types in the join form */
    address: `127.0.0.1:${port}`,
    issueCode: (kind: 'counter' | 'kiosk' | 'board' | 'applicant' = 'counter', name = 'باجهٔ ۲') => t.ok('device.issueCode', { kind, name }, t.managerSession),
    /** the hub's PC is switched off (its web server stops; the office data stays) */
    async stopServing() {
      await server?.close();
      server = null;
    },
    /** …and on again, at the same address */
    async serveAgain() {
      server = await serve(port);
    },
    async close() {
      await server?.close();
      t.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}
export type LanHub = Awaited<ReturnType<typeof startLanHub>>;
