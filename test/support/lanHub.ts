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

export async function startLanHub() {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  const t = await setUpHub();
  const tls = await officeTls(t.db, new Date(), { dns: ['localhost'], ips: ['127.0.0.1'] });
  const server: FastifyInstance = await createWebServer({
    hub: t.hub,
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    tls: { key: tls.keyPem, cert: tls.certPem, authorityPem: tls.authority.pem },
    requirePairing: true,
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    ...t,
    port,
    /** what a person types in the join form */
    address: `127.0.0.1:${port}`,
    issueCode: (kind: 'counter' | 'kiosk' | 'board' | 'applicant' = 'counter', name = 'باجهٔ ۲') => t.ok('device.issueCode', { kind, name }, t.managerSession),
    async close() {
      await server.close();
      t.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}
export type LanHub = Awaited<ReturnType<typeof startLanHub>>;
