/**
 * Web mode's first-run page of a PC (docs/OFFICE-SETUP.md): the same screen as Electron's
 * first-run window (renderer/screens/FirstRunScreen.tsx) at /join, with the join done here, on the
 * Node side, through workstation/firstRun.ts — for a PC without the Electron binary, and for
 * screenshots and e2e. Loopback only by default; the two endpoints take JSON from the page's own
 * origin alone, so another site open in the same browser cannot join this PC to anything.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { securityHeaders } from '../core/web/csp';
import { firstRunHttp, type BackupListAnswer, type RestoreAnswer } from '../core/api/workstation';
import { answerJoin, FirstRunChoice } from './firstRun';
import type { JoinOptions } from './join';
import type { WorkstationSettings } from './settings';


export interface FirstRunServerOptions {
  rendererDir: string;
  dataDir: string;
  host?: string;
  port: number;
  onJoined?: (settings: WorkstationSettings) => void;
  onBecomeHub?: () => void;
  join?: (options: JoinOptions) => Promise<WorkstationSettings>;
  /** «بازیابی از پشتیبان» (hub/backup/firstRunRestore.ts, given by the caller: a workstation does not restore an office itself) */
  restore?: {
    list(raw: unknown): Promise<BackupListAnswer>;
    restore(raw: unknown, dataDir: string): Promise<RestoreAnswer>;
  };
}

/** Same origin only: the Origin of a POST must name this server's own host. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  return typeof origin === 'string' && typeof host === 'string' && (origin === `http://${host}` || origin === `https://${host}`);
}

export async function startFirstRunServer(options: FirstRunServerOptions): Promise<{ app: FastifyInstance; origin: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  const headers = securityHeaders();
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(headers);
  });
  await app.register(fastifyStatic, { root: path.resolve(options.rendererDir), index: false, wildcard: false });
  app.get(firstRunHttp.page, (_req, reply) => reply.sendFile('index.html'));
  const choice = new FirstRunChoice();
  app.post(firstRunHttp.join, async (req, reply) => {
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'another origin' });
    const answer = await choice.attempt(() => answerJoin(req.body, options.dataDir, options.join, (settings) => options.onJoined?.(settings)));
    if (!answer) return reply.code(409).send({ error: 'already decided' });
    return reply.send(answer);
  });
  app.post(firstRunHttp.becomeHub, async (req, reply) => {
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'another origin' });
    if (!choice.take()) return reply.code(409).send({ error: 'already decided' });
    options.onBecomeHub?.();
    return reply.send({ ok: true });
  });
  const restore = options.restore;
  if (restore) {
    app.post(firstRunHttp.backups, async (req, reply) => {
      if (!sameOrigin(req)) return reply.code(403).send({ error: 'another origin' });
      return reply.send(await restore.list(req.body));
    });
    app.post(firstRunHttp.restore, async (req, reply) => {
      if (!sameOrigin(req)) return reply.code(403).send({ error: 'another origin' });
      // a refused restore leaves the choice open
      const answer = await choice.attempt(() => restore.restore(req.body, options.dataDir));
      if (!answer) return reply.send({ ok: false, code: 'RESTORE_DECIDED' } satisfies RestoreAnswer);
      if (answer.ok) options.onBecomeHub?.();
      return reply.send(answer);
    });
  }
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port });
  const { port } = app.server.address() as AddressInfo;
  return { app, origin: `http://${options.host ?? '127.0.0.1'}:${port}`, close: () => app.close() };
}
