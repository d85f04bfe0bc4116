/**
 * The standby's HTTP paths on the hub's web server (docs/STANDBY.md). Copies and pages are pulled by
 * the standby workstation with its device credential (`Authorization: Device <id>:<credential>`, as
 * an agent's page uploads), over the office's HTTPS that it pins; only the named standby gets them.
 * The fence path takes a notice signed by the office authority — its signature is its credential.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { STANDBY_COPIED_PATH, STANDBY_COPY_PATH, STANDBY_FENCE_PATH, STANDBY_HEADERS, STANDBY_PAGES_PATH, standbyCopied } from '../../core/api/standby';
import { DomainError } from '../../core/errors';
import type { AgentService } from '../agent/agentService';
import type { StandbyService } from './standbyService';
import { createHash } from 'node:crypto';

export async function registerStandbyRoutes(app: FastifyInstance, services: () => { agents: AgentService; standby: StandbyService }): Promise<void> {
  await app.register(async (scope) => {
    /** the standby's device id, or null once the refusal is sent */
    const standbyOf = (req: { headers: Record<string, unknown>; socket: { remoteAddress?: string | undefined } }): number | null => {
      const { agents, standby } = services();
      try {
        const sender = agents.authenticate(req.headers.authorization as string | undefined, req.socket.remoteAddress ?? null);
        return standby.isStandby(sender.deviceId) ? sender.deviceId : null;
      } catch {
        return null;
      }
    };
    const refuse = (reply: { code(n: number): { send(b: unknown): unknown } }) => reply.code(403).send({ ok: false, code: 'AGENT_NOT_ALLOWED' });

    scope.post(STANDBY_COPY_PATH, async (req, reply) => {
      const deviceId = standbyOf(req);
      if (deviceId === null) return refuse(reply);
      const publicKey = String(req.headers[STANDBY_HEADERS.publicKey] ?? '');
      if (!/^[A-Za-z0-9_-]{43}$/.test(publicKey)) return reply.code(400).send({ ok: false, code: 'INVALID_INPUT' });
      let copy;
      try {
        copy = await services().standby.copyFor(deviceId, publicKey);
      } catch (err) {
        return reply.code(err instanceof DomainError ? 403 : 500).send({ ok: false, code: err instanceof DomainError ? err.code : 'INTERNAL' });
      }
      const { snapshot } = copy;
      const stream = createReadStream(snapshot.file);
      stream.once('close', () => snapshot.remove());
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(snapshot.bytes))
        .header(STANDBY_HEADERS.sha256, snapshot.sha256)
        .header(STANDBY_HEADERS.takenAt, snapshot.takenAt)
        .header(STANDBY_HEADERS.epoch, String(copy.epoch))
        .header(STANDBY_HEADERS.wrappedKey, copy.wrappedKey)
        .send(stream);
    });

    scope.get(STANDBY_PAGES_PATH, async (req, reply) => {
      if (standbyOf(req) === null) return refuse(reply);
      return reply.send({ names: await services().standby.pageNames() });
    });

    scope.get<{ Params: { sha: string } }>(`${STANDBY_PAGES_PATH}/:sha`, async (req, reply) => {
      if (standbyOf(req) === null) return refuse(reply);
      const file = services().standby.pageFile(req.params.sha);
      if (!file) return reply.code(400).send({ ok: false, code: 'INVALID_INPUT' });
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        return reply.code(404).send({ ok: false, code: 'NOT_FOUND' });
      }
      return reply.header('content-type', 'application/octet-stream').header(STANDBY_HEADERS.fileSha256, createHash('sha256').update(bytes).digest('hex')).send(bytes);
    });

    scope.post(STANDBY_COPIED_PATH, async (req, reply) => {
      const deviceId = standbyOf(req);
      if (deviceId === null) return refuse(reply);
      const body = standbyCopied.safeParse(req.body);
      const port = Number(req.headers[STANDBY_HEADERS.port] ?? '');
      if (!body.success || !Number.isInteger(port) || port < 1 || port > 65535) return reply.code(400).send({ ok: false, code: 'INVALID_INPUT' });
      const host = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const address = host ? `https://${host.includes(':') ? `[${host}]` : host}:${port}` : null;
      return reply.send({ ok: services().standby.confirm(deviceId, body.data.takenAt, body.data.bytes, address) });
    });

    scope.post(STANDBY_FENCE_PATH, async (req, reply) => {
      const answer = services().standby.receiveFence(req.body, req.socket.remoteAddress ?? null);
      return reply.code(answer === 'invalid' ? 400 : 200).send({ answer });
    });

    scope.get(STANDBY_FENCE_PATH, async (_req, reply) => {
      const notice = services().standby.announced();
      return notice ? reply.send(notice) : reply.code(404).send({ ok: false, code: 'NOT_FOUND' });
    });
  });
}
