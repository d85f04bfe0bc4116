import type { AddressInfo, Server } from 'node:net';

/**
 * A simulator's (or a test double's) server listening on `host` (the loopback unless told) at `port` (0: any
 * free one): resolves with the port it got; rejects when it cannot listen (the port is taken).
 */
export async function listenOn(server: Server, port = 0, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
