import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hub } from '../../hub/hub';
import { createWebServer, WS_PATH } from '../../hub/web/server';

/**
 * Web mode's real server in front of a test hub, on loopback (a placeholder page stands in for the
 * renderer): for tests whose point is a real WebSocket connection — what one connection may carry.
 */
export async function serveHub(hub: Hub) {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const server = await createWebServer({ hub, rendererDir, host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `ws://127.0.0.1:${address.port}${WS_PATH}`,
    async close() {
      await server.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}
