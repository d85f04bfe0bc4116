/**
 * GET `${UPDATES_PATH}/<file>`: the update feed and installers of the hub's updates folder
 * (updateStore.ts), for electron-updater's generic provider on the office's workstations
 * (docs/UPDATES.md). Over the office's HTTPS, and to paired counters and kiosks only: the device
 * credential in `Authorization: Device <id>:<credential>`, checked and refused (and audited) as
 * the agent's page uploads are. A workstation refused for its contract version still gets here:
 * the update is how it comes back. Only the files a current feed names are served; the installer
 * is streamed with its length, never read whole.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { UPDATES_PATH } from '../../core/api/updates';
import type { AgentService } from '../agent/agentService';
import type { UpdateStore } from './updateStore';

export async function registerUpdateRoute(app: FastifyInstance, agents: () => AgentService, updates: () => UpdateStore): Promise<void> {
  app.get<{ Params: { file: string } }>(`${UPDATES_PATH}/:file`, async (req, reply) => {
    try {
      agents().authenticate(req.headers.authorization, req.socket.remoteAddress ?? null);
    } catch {
      return reply.code(403).header('Cache-Control', 'no-store').send({ error: 'a paired workstation’s credential is required' });
    }
    const found = updates().resolve(req.params.file);
    if (!found) return reply.code(404).header('Cache-Control', 'no-store').send({ error: 'no such update file' });
    let size: number;
    try {
      size = (await stat(found.file)).size;
    } catch {
      return reply.code(404).header('Cache-Control', 'no-store').send({ error: 'no such update file' });
    }
    return reply
      .header('Content-Type', found.contentType)
      .header('Content-Length', String(size))
      .header('Cache-Control', 'no-store')
      .send(createReadStream(found.file));
  });
}
