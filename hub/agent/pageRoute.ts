/**
 * PUT /api/agent/pages/<jobId>/<seq>: one scanned page from a workstation's agent, as the body
 * (PNG, JPEG or raw PNM), authenticated by the device credential (`Authorization: Device <id>:<credential>`)
 * with its sha256 in `x-page-sha256`; its thumbnail and view may follow it in the body, announced in
 * `x-page-thumb` and `x-page-view` (core/api/agent.ts, `agentPreviewPart`). Idempotent: the same page sent again is answered as a duplicate.
 * Bounded: MAX_AGENT_PAGE_BYTES per body (413 beyond, before it is read whole), the server's request
 * timeout. Every refusal has a code and is on the audit trail (AgentService.refuse).
 */
import type { FastifyInstance } from 'fastify';
import { AGENT_PAGE_HEADERS, AGENT_PAGE_PATH, agentPageMimes, agentPreviewPart, MAX_AGENT_PAGE_BYTES, MAX_AGENT_THUMB_BYTES, MAX_AGENT_VIEW_BYTES, type AgentPageAnswer } from '../../core/api/agent';
import { DomainError } from '../../core/errors';
import type { AgentService } from './agentService';

/** the page and its small images, the most a body holds */
const BODY_LIMIT = MAX_AGENT_PAGE_BYTES + MAX_AGENT_THUMB_BYTES + MAX_AGENT_VIEW_BYTES;

const STATUS: Record<string, number> = { AGENT_NOT_ALLOWED: 403, AGENT_JOB_UNKNOWN: 404, AGENT_PAGE_OUT_OF_ORDER: 409, AGENT_PAGE_REFUSED: 422, DISK_FULL: 507, INTERNAL: 500 };

export async function registerAgentPageRoute(app: FastifyInstance, agents: () => AgentService): Promise<void> {
  await app.register(async (scope) => {
    for (const mime of agentPageMimes) {
      scope.addContentTypeParser(mime, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    }
    scope.put<{ Params: { jobId: string; seq: string } }>(`${AGENT_PAGE_PATH}/:jobId/:seq`, { bodyLimit: BODY_LIMIT }, async (req, reply) => {
      const send = (answer: AgentPageAnswer) => reply.code(answer.ok ? 200 : (STATUS[answer.code] ?? 400)).send(answer);
      const service = agents();
      const address = req.socket.remoteAddress ?? null;
      let sender;
      try {
        sender = service.authenticate(req.headers.authorization, address);
      } catch (err) {
        return send({ ok: false, code: 'AGENT_NOT_ALLOWED', message: err instanceof DomainError ? err.message : 'refused' });
      }
      const { jobId, seq } = req.params;
      const sha256 = String(req.headers[AGENT_PAGE_HEADERS.sha256] ?? '');
      const dpi = Number(req.headers[AGENT_PAGE_HEADERS.dpi] ?? '');
      const mime = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const body = req.body;
      const thumbHeader = req.headers[AGENT_PAGE_HEADERS.thumb];
      const viewHeader = req.headers[AGENT_PAGE_HEADERS.view];
      const thumb = thumbHeader === undefined ? null : agentPreviewPart.safeParse(thumbHeader);
      const view = viewHeader === undefined ? null : agentPreviewPart.safeParse(viewHeader);
      if (
        (thumb === null) !== (view === null) ||
        (thumb && (!thumb.success || thumb.data.bytes > MAX_AGENT_THUMB_BYTES)) ||
        (view && (!view.success || view.data.bytes > MAX_AGENT_VIEW_BYTES)) ||
        (Buffer.isBuffer(body) && thumb?.success && view?.success && thumb.data.bytes + view.data.bytes >= body.length)
      ) {
        service.refuse({ deviceId: sender.deviceId, address }, 'AGENT_PAGE_REFUSED', 'malformed page thumbnail', { jobId: jobId.slice(0, 40), seq: seq.slice(0, 10) });
        return send({ ok: false, code: 'AGENT_PAGE_REFUSED', message: 'malformed page thumbnail' });
      }
      if (
        !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(jobId) ||
        !/^(0|[1-9][0-9]{0,4})$/.test(seq) ||
        !/^[0-9a-f]{64}$/.test(sha256) ||
        !Number.isInteger(dpi) ||
        dpi < 50 ||
        dpi > 1200 ||
        !Buffer.isBuffer(body)
      ) {
        service.refuse({ deviceId: sender.deviceId, address }, 'AGENT_PAGE_REFUSED', 'malformed page request', { jobId: jobId.slice(0, 40), seq: seq.slice(0, 10) });
        return send({ ok: false, code: 'AGENT_PAGE_REFUSED', message: 'malformed page request' });
      }
      let page = body;
      let preview: { thumb: Buffer; thumbSha256: string; view: Buffer; viewSha256: string } | null = null;
      if (thumb?.success && view?.success) {
        const pageBytes = body.length - thumb.data.bytes - view.data.bytes;
        page = body.subarray(0, pageBytes);
        preview = { thumb: body.subarray(pageBytes, pageBytes + thumb.data.bytes), thumbSha256: thumb.data.sha256, view: body.subarray(pageBytes + thumb.data.bytes), viewSha256: view.data.sha256 };
      }
      return send(await service.receivePage(sender, { jobId, seq: Number(seq), sha256, mime, dpi, body: page, preview }));
    });
  });
}
